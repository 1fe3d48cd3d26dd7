package region_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tumbuh-id/tumbuh/internal/region"
)

func TestProvincesHaveIndonesianZones(t *testing.T) {
	ps, err := region.Provinces()
	require.NoError(t, err)
	assert.Len(t, ps, 38)
	zones := map[string]string{}
	for _, p := range ps {
		zones[p.Code] = p.Timezone
	}
	assert.Equal(t, "Asia/Jakarta", zones["36"], "Banten is WIB")
	assert.Equal(t, "Asia/Makassar", zones["51"], "Bali is WITA")
	assert.Equal(t, "Asia/Jayapura", zones["91"], "Papua is WIT")
}

func TestTangerangSelatan(t *testing.T) {
	rs, err := region.TangerangSelatan()
	require.NoError(t, err)
	byCode := map[string]region.Region{}
	for i, r := range rs {
		if r.ParentCode != "" {
			_, parentSeen := byCode[r.ParentCode]
			assert.True(t, parentSeen, "row %d: parent %s before %s", i, r.ParentCode, r.Code)
		}
		byCode[r.Code] = r
	}
	ciater := byCode["36.74.01.1001"]
	assert.Equal(t, "Ciater", ciater.Name)
	assert.Equal(t, region.LevelDesa, ciater.Level)
	assert.Equal(t, "Asia/Jakarta", ciater.Timezone)
}

func TestParseWholeCountry(t *testing.T) {
	f, err := os.Open("../../../shared/regions/regions.csv")
	if os.IsNotExist(err) {
		t.Skip("shared/regions not beside the repository")
	}
	require.NoError(t, err)
	defer f.Close()
	rs, err := region.Parse(f)
	require.NoError(t, err)
	assert.Greater(t, len(rs), 91000)
}

func TestParseErrors(t *testing.T) {
	tcs := []struct {
		name, csv, want string
	}{
		{"bad header", "kode,induk,tingkat,nama\n", "expected code,parent_code,level,name"},
		{"unknown level", "code,parent_code,level,name\n36.74,36,kota,X\n", "line 2: unknown level"},
		{"code depth", "code,parent_code,level,name\n36.74.01,36,kabkota,X\n", "does not fit level"},
		{"wrong parent", "code,parent_code,level,name\n36.74.01,36.71,kecamatan,X\n", "not under its parent"},
		{"unknown province", "code,parent_code,level,name\n99.01,99,kabkota,X\n", "province 99"},
		{"missing parent", "code,parent_code,level,name\n36.74.01,36.74,kecamatan,X\n", "parent 36.74 is not in the file"},
		{"no name", "code,parent_code,level,name\n36.74,36,kabkota,\n", "has no name"},
		{"empty", "", "empty file"},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			_, err := region.Parse(strings.NewReader(tc.csv))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}
