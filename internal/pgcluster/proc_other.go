//go:build !linux

package pgcluster

import "syscall"

// setParentDeathSignal does nothing: only Linux can tie a child's life to its
// parent. Elsewhere Stop, or postgres noticing its clients gone, must do.
func setParentDeathSignal(*syscall.SysProcAttr) {}
