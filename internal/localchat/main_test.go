package localchat_test

import (
	"testing"

	"github.com/tumbuh-id/tumbuh/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }
