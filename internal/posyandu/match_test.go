package posyandu_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/tumbuh-id/tumbuh/internal/posyandu"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// dueList is a posyandu's children of the day.
var dueList = []posyandu.Candidate{
	{ID: 101, Name: "Budi Santoso", BirthDate: day(2024, 3, 12), DueNumber: 1},
	{ID: 102, Name: "Siti Aminah", BirthDate: day(2023, 7, 1), DueNumber: 2},
	{ID: 103, Name: "Siti Nurhaliza", BirthDate: day(2025, 1, 20), DueNumber: 3},
	{ID: 104, Name: "Ani", BirthDate: day(2024, 11, 5), DueNumber: 4},
	{ID: 105, Name: "Muhammad Rizky Pratama", BirthDate: day(2022, 2, 2), DueNumber: 5},
	{ID: 106, Name: "Dewi Lestari", BirthDate: day(2024, 6, 6), DueNumber: 6},
	{ID: 107, Name: "Dewi Sartika", BirthDate: day(2023, 9, 9), DueNumber: 7},
	{ID: 108, Name: "Djoko Susilo", BirthDate: day(2022, 8, 17), DueNumber: 8},
	{ID: 109, Name: "Rina", BirthDate: day(2025, 4, 1), DueNumber: 9},
	{ID: 110, Name: "Rini", BirthDate: day(2025, 5, 1), DueNumber: 10},
	{ID: 111, Name: "Nur'aini", BirthDate: day(2024, 1, 1), DueNumber: 11},
	{ID: 112, Name: "Bagus Setiawan", BirthDate: day(2023, 3, 3), DueNumber: 12},
	{ID: 113, Name: "Bagus Saputra", BirthDate: day(2023, 4, 4), DueNumber: 13},
	{ID: 114, Name: "Tjahjo Kumolo", BirthDate: day(2022, 5, 5), DueNumber: 14},
	{ID: 115, Name: "Ani Lestari", BirthDate: day(2024, 2, 2), DueNumber: 0},
}

func found(id int64, by posyandu.Rule) posyandu.Result {
	return posyandu.Result{Outcome: posyandu.Found, ID: id, By: by}
}

func several(by posyandu.Rule, ids ...int64) posyandu.Result {
	return posyandu.Result{Outcome: posyandu.Ambiguous, IDs: ids, By: by}
}

var none = posyandu.Result{Outcome: posyandu.NotFound}

func TestMatch(t *testing.T) {
	tcs := []struct {
		name  string
		query string
		want  posyandu.Result
	}{
		{"exact", "Budi Santoso", found(101, posyandu.ByFullName)},
		{"case", "BUDI santoso", found(101, posyandu.ByFullName)},
		{"extra spaces", "  Budi    Santoso ", found(101, posyandu.ByFullName)},
		{"punctuation", "Budi, Santoso.", found(101, posyandu.ByFullName)},
		{"no space", "SitiAminah", found(102, posyandu.ByFullName)},
		{"apostrophe", "Nuraini", found(111, posyandu.ByFullName)},
		{"exact short name beats a longer one", "Ani", found(104, posyandu.ByFullName)},
		{"old spelling typed new", "Joko Susilo", found(108, posyandu.ByFullName)},
		{"old spelling tj", "Cahjo Kumolo", found(114, posyandu.ByFullName)},
		{"first name unique", "Budi", found(101, posyandu.ByFirstName)},
		{"first name unique, lower case", "muhammad", found(105, posyandu.ByFirstName)},
		{"first two words", "Muhammad Rizky", found(105, posyandu.ByFirstName)},
		{"first name shared", "Siti", several(posyandu.ByFirstName, 102, 103)},
		{"first name shared, other family names", "Dewi", several(posyandu.ByFirstName, 106, 107)},
		{"initial with dot", "Budi S.", found(101, posyandu.ByInitials)},
		{"initial without dot", "budi s", found(101, posyandu.ByInitials)},
		{"initial picks one of two", "Dewi L", found(106, posyandu.ByInitials)},
		{"initial shared", "Bagus S", several(posyandu.ByInitials, 112, 113)},
		{"two initials", "Muhammad R P", found(105, posyandu.ByInitials)},
		{"first-word initial is not enough", "B Santoso", none},
		{"typo one letter, short name", "Bdui", found(101, posyandu.ByTypo)},
		{"typo swap in full name", "Siti Aminha", found(102, posyandu.ByTypo)},
		{"words swapped are not a typo", "Nurhaliza Siti", none},
		{"typo two letters in long full name", "Sity Nurhalisa", found(103, posyandu.ByTypo)},
		{"typo two letters, long first name", "Muhamad", found(105, posyandu.ByTypo)},
		{"typo two letters on long name", "Mohamad Rizky Pratama", found(105, posyandu.ByTypo)},
		{"two typos in short name is too many", "Bydo", none},
		{"three typos in long name is too many", "Mhmmd Rizky Pratama", none},
		{"typo shared at same distance", "Rino", several(posyandu.ByTypo, 109, 110)},
		{"nearest typo wins", "Rinaa", found(109, posyandu.ByTypo)},
		{"too short for typos", "Ab", none},
		{"unknown name", "Joni", none},
		{"due number", "7", found(107, posyandu.ByDueNumber)},
		{"due number leading zero", "07", found(107, posyandu.ByDueNumber)},
		{"due number not on the list", "99", none},
		{"due number zero", "0", none},
		{"empty", "", none},
		{"only emoji", "👶", none},
	}
	m := posyandu.NewMatcher(dueList)
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, m.Match(tc.query))
			assert.Equal(t, tc.want, posyandu.Match(tc.query, dueList))
		})
	}
}

func TestMatchEdgeLists(t *testing.T) {
	tcs := []struct {
		name     string
		query    string
		children []posyandu.Candidate
		want     posyandu.Result
	}{
		{"no candidates", "Budi", nil, none},
		{"two children with one name", "Budi", []posyandu.Candidate{{ID: 1, Name: "Budi"}, {ID: 2, Name: "budi"}}, several(posyandu.ByFullName, 1, 2)},
		{"one child listed twice", "Budi", []posyandu.Candidate{{ID: 1, Name: "Budi"}, {ID: 1, Name: "Budi"}}, found(1, posyandu.ByFullName)},
		{"one due number twice", "3", []posyandu.Candidate{{ID: 1, Name: "A", DueNumber: 3}, {ID: 2, Name: "B", DueNumber: 3}}, several(posyandu.ByDueNumber, 1, 2)},
		{"old spelling oe", "Sukarno", []posyandu.Candidate{{ID: 1, Name: "Soekarno"}}, found(1, posyandu.ByFullName)},
		{"old spelling sj and nj typed old", "Sjahrir Sunjoto", []posyandu.Candidate{{ID: 1, Name: "Syahrir Sunyoto"}}, found(1, posyandu.ByFullName)},
		{"candidate without a name", "Budi", []posyandu.Candidate{{ID: 1, Name: "  "}}, none},
		{"first name unique when the other is exact elsewhere", "Rina", []posyandu.Candidate{{ID: 1, Name: "Rina Wati"}, {ID: 2, Name: "Rini"}}, found(1, posyandu.ByFirstName)},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, posyandu.Match(tc.query, tc.children))
		})
	}
}

func TestParseThenMatch(t *testing.T) {
	m := posyandu.NewMatcher(dueList)
	lines := posyandu.ParseMessage("Budi S. 8,5 72\n7 9 75\nSiti 9,1 75")
	assert.Equal(t, found(101, posyandu.ByInitials), m.Match(lines[0].Ref))
	assert.Equal(t, found(107, posyandu.ByDueNumber), m.Match(lines[1].Ref))
	assert.Equal(t, several(posyandu.ByFirstName, 102, 103), m.Match(lines[2].Ref))
}
