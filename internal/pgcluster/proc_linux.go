package pgcluster

import "syscall"

// setParentDeathSignal asks the kernel to send postgres SIGINT (fast
// shutdown: it cuts sessions, checkpoints and exits) when the thread that
// started it dies, so a crashed or killed test binary or `tumbuh chat` leaves
// no server behind. SIGTERM would be a smart shutdown, which waits for every
// client to leave and so could hang on a psql someone left open. Go applies
// the signal after switching credentials, where the kernel would otherwise
// clear it.
func setParentDeathSignal(attr *syscall.SysProcAttr) {
	attr.Pdeathsig = syscall.SIGINT
}
