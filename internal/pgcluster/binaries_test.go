package pgcluster_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/pgcluster"
)

// fakeBinDir makes a directory holding the named files, executable or not.
func fakeBinDir(t *testing.T, mode os.FileMode, names ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, n := range names {
		require.NoError(t, os.WriteFile(filepath.Join(dir, n), []byte("#!/bin/sh\n"), mode))
	}
	return dir
}

func TestFindBinaries(t *testing.T) {
	t.Parallel()
	empty := fakeBinDir(t, 0o755)
	onlyInitdb := fakeBinDir(t, 0o755, "initdb")
	notExecutable := fakeBinDir(t, 0o644, "initdb", "postgres")
	full := fakeBinDir(t, 0o755, "initdb", "postgres", "pg_ctl")
	other := fakeBinDir(t, 0o755, "initdb", "postgres")

	tcs := []struct {
		name    string
		dirs    []string
		wantDir string // "" means not found
	}{
		{"first complete directory wins", []string{empty, full, other}, full},
		{"both programs must be in one directory", []string{onlyInitdb, other}, other},
		{"programs must be executable", []string{notExecutable, full}, full},
		{"missing directories are skipped", []string{filepath.Join(empty, "nope"), other}, other},
		{"nothing found", []string{empty, onlyInitdb, notExecutable}, ""},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			bins, err := pgcluster.FindBinaries(tc.dirs...)
			if tc.wantDir == "" {
				require.ErrorIs(t, err, pgcluster.ErrNoBinaries)
				assert.Contains(t, err.Error(), "PostgreSQL server binaries (initdb, postgres) not found")
				assert.Contains(t, err.Error(), "sudo apt-get install postgresql")
				assert.Contains(t, err.Error(), "brew install postgresql@16")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.wantDir, bins.Dir)
			assert.Equal(t, filepath.Join(tc.wantDir, "initdb"), bins.Initdb)
			assert.Equal(t, filepath.Join(tc.wantDir, "postgres"), bins.Postgres)
		})
	}
}

func TestDefaultSearchDirsPreferNewestThenPATH(t *testing.T) {
	t.Setenv("PATH", "/first/on/path"+string(os.PathListSeparator)+"/second/on/path")
	dirs := pgcluster.DefaultSearchDirs()
	require.GreaterOrEqual(t, len(dirs), 2)
	assert.Equal(t, []string{"/first/on/path", "/second/on/path"}, dirs[len(dirs)-2:], "PATH comes last, in order")

	var debian []string
	for _, d := range dirs {
		if filepath.Dir(filepath.Dir(d)) == "/usr/lib/postgresql" {
			debian = append(debian, d)
		}
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	assert.Len(t, debian, len(matches))
	if len(debian) > 1 {
		assert.NotEqual(t, matches[0], debian[0], "the highest version comes first, not the first in name order")
	}
}
