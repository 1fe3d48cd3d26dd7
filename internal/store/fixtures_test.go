package store_test

import (
	"testing"

	"github.com/tumbuh-id/tumbuh/internal/pgtest"
	"github.com/tumbuh-id/tumbuh/internal/storetest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// The shared fixtures (internal/storetest), under short names.
const kelurahan = storetest.Kelurahan

type places = storetest.Places

var (
	mustPlaces = storetest.MustPlaces
	mustUser   = storetest.MustUser
	mustChild  = storetest.MustChild
	count      = storetest.Count
	day        = storetest.Day
	inTx       = storetest.InTx
)
