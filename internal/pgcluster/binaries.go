package pgcluster

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// ErrNoBinaries is returned (wrapped, with install instructions) when no
// directory holds both initdb and postgres.
var ErrNoBinaries = errors.New("PostgreSQL server binaries (initdb, postgres) not found")

// installHint is what a person on a fresh machine needs to read: the exact
// command for their system, and the way around a local server altogether.
const installHint = "install them: sudo apt-get install postgresql (Debian/Ubuntu), " +
	"sudo dnf install postgresql-server (Fedora), brew install postgresql@16 (macOS), " +
	"or set DATABASE_URL (TEST_DATABASE_URL for tests) to an existing server"

// Binaries are the server programs of one PostgreSQL installation. Both come
// from the same directory so that initdb and postgres agree on the version.
type Binaries struct {
	// Dir is the directory both programs were found in.
	Dir string
	// Initdb is the path of initdb.
	Initdb string
	// Postgres is the path of the postgres server.
	Postgres string
}

// versionedGlobs are where distributions put server binaries that are not on
// PATH. The * is a major version; higher versions are preferred.
var versionedGlobs = []string{
	"/usr/lib/postgresql/*/bin",          // Debian, Ubuntu
	"/usr/pgsql-*/bin",                   // PGDG RPMs
	"/opt/homebrew/opt/postgresql@*/bin", // Homebrew, Apple silicon
	"/usr/local/opt/postgresql@*/bin",    // Homebrew, Intel
}

// DefaultSearchDirs lists where FindBinaries looks by default: the versioned
// installation directories (highest major version first), then every
// directory on PATH in order.
func DefaultSearchDirs() []string {
	var dirs []string
	for _, pattern := range versionedGlobs {
		matches, _ := filepath.Glob(pattern) // the patterns are constant and valid
		sort.SliceStable(matches, func(i, j int) bool {
			return versionOf(matches[i], pattern) > versionOf(matches[j], pattern)
		})
		dirs = append(dirs, matches...)
	}
	for _, d := range filepath.SplitList(os.Getenv("PATH")) {
		if d != "" { // an empty entry means the working directory: never trust it for a server
			dirs = append(dirs, d)
		}
	}
	return dirs
}

// versionOf extracts the major version that * matched in pattern, so that 16
// sorts above 9.6. Unparseable versions sort last.
func versionOf(path, pattern string) float64 {
	prefix, suffix, _ := strings.Cut(pattern, "*")
	v := strings.TrimSuffix(strings.TrimPrefix(path, prefix), suffix)
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return -1
	}
	return f
}

// FindBinaries returns the first directory in dirs that holds executable
// initdb and postgres programs. With no dirs it searches DefaultSearchDirs.
// When nothing is found the error wraps ErrNoBinaries and says what to
// install.
func FindBinaries(dirs ...string) (Binaries, error) {
	if len(dirs) == 0 {
		dirs = DefaultSearchDirs()
	}
	for _, d := range dirs {
		initdb, postgres := filepath.Join(d, "initdb"), filepath.Join(d, "postgres")
		if isExecutable(initdb) && isExecutable(postgres) {
			return Binaries{Dir: d, Initdb: initdb, Postgres: postgres}, nil
		}
	}
	return Binaries{}, fmt.Errorf("%w; %s (searched: %s)", ErrNoBinaries, installHint, strings.Join(dirs, ", "))
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}
