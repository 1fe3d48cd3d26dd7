package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/skdn"
)

func TestAdminDemo(t *testing.T) {
	t.Parallel()
	getenv, _ := chatEnv(t)
	code, out, errOut := runChatScript(t, getenv, "", "admin", "demo", "--children", "300", "--months", "3", "--seed", "5")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "no regions yet: loaded Kota Tangerang Selatan")
	assert.Regexp(t, `loaded 300 children and \d+ measurements at \d+ posyandu \(\d+ new\) in `, out)

	month := skdn.MonthOf(time.Now()).Prev().String()
	code, out, errOut = runChatScript(t, getenv, "", "admin", "report", "skdn", "--region", "36.74", "--month", month)
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `(?m)^K\s+.*\s+\d+\s+K/S \d+\.\d%$`, out)

	code, _, errOut = runChatScript(t, getenv, "", "admin", "demo", "--children", "0")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "--children must be positive")
}
