//go:build linux && (amd64 || arm64)

package pgcluster_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/pgcluster"
)

// attachShm attaches this process to System V shared memory segment id,
// read-only, until the returned function detaches it.
func attachShm(t *testing.T, id int) (detach func()) {
	t.Helper()
	const shmRdonly = 0o10000 // SHM_RDONLY
	addr, _, errno := syscall.Syscall(syscall.SYS_SHMAT, uintptr(id), 0, shmRdonly)
	require.Zero(t, errno, "shmat %d", id)
	var once bool
	detach = func() {
		if !once {
			once = true
			_, _, errno := syscall.Syscall(syscall.SYS_SHMDT, addr, 0, 0)
			assert.Zero(t, errno, "shmdt %d", id)
		}
	}
	t.Cleanup(detach)
	return detach
}

func TestStartAfterCrashNamesWhatHoldsTheSharedMemory(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(tempDir(t), "data")
	opts := pgcluster.Options{Dir: dir, Fast: true, LeftoverTimeout: 300 * time.Millisecond}

	start(t, opts)
	_, shmID := postmasterPID(t, dir)
	crash(t, dir)
	// This test process stands for a foreign process that stays attached.
	detach := attachShm(t, shmID)

	c, err := pgcluster.Start(context.Background(), opts)
	require.Error(t, err, "nothing may start while the old shared memory is attached")
	assert.Nil(t, c)
	for _, want := range []string{dir, fmt.Sprintf("pid %d (", os.Getpid()), fmt.Sprintf("ID %d", shmID), "stop any that stays"} {
		assert.Contains(t, err.Error(), want)
	}

	detach()
	opts.LeftoverTimeout = 0 // the default: the crashed server's own processes may still be exiting
	restarted := start(t, opts)
	require.NoError(t, open(t, restarted).PingContext(context.Background()))
}
