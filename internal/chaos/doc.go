// Package chaos holds the outage tests of tumbuh as an operator runs it: two
// replicas of the built binary on one PostgreSQL, a load generator that
// delivers updates the way Telegram does (again, to another replica, until
// one answers 200), a replica killed with SIGKILL and PostgreSQL restarted in
// the middle; and the bulk sender's leader killed with SIGKILL in the middle
// of a broadcast queued with `tumbuh admin broadcast`. The package has no
// code of its own; see chaos_test.go and broadcast_test.go.
package chaos
