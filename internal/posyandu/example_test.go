package posyandu_test

import (
	"errors"
	"fmt"

	"github.com/tumbuh-id/tumbuh/internal/measure"
	"github.com/tumbuh-id/tumbuh/internal/posyandu"
)

func ExampleParseMessage() {
	msg := "Budi 8,5 72\nSiti Aminah 9.1 75 lila 13,5\n7 8,5kg 72cm\nBudi 85 72\nkoreksi Budi 8,4 72\nbatal"
	for _, l := range posyandu.ParseMessage(msg) {
		var re *measure.RangeError
		var fe *posyandu.FieldError
		switch {
		case errors.As(l.Err, &fe) && errors.As(l.Err, &re):
			fmt.Printf("%d: %s: %s must be %v–%v %s\n", l.Index, l.Ref, fe.Field, re.Min, re.Max, re.Unit)
		case l.Kind == posyandu.Invalid:
			fmt.Printf("%d: %v\n", l.Index, l.Err)
		default:
			fmt.Printf("%d: %s %q %v kg %v cm, LiLA %v cm\n", l.Index, l.Kind, l.Ref, l.WeightKg, l.LenHeiCm, l.ArmCm)
		}
	}
	// Output:
	// 1: entry "Budi" 8.5 kg 72 cm, LiLA 0 cm
	// 2: entry "Siti Aminah" 9.1 kg 75 cm, LiLA 13.5 cm
	// 3: entry "7" 8.5 kg 72 cm, LiLA 0 cm
	// 4: Budi: weight must be 0–60 kg
	// 5: correction "Budi" 8.4 kg 72 cm, LiLA 0 cm
	// 6: undo "" 0 kg 0 cm, LiLA 0 cm
}

func ExampleMatcher_Match() {
	m := posyandu.NewMatcher([]posyandu.Candidate{
		{ID: 1, Name: "Budi Santoso", DueNumber: 1},
		{ID: 2, Name: "Siti Aminah", DueNumber: 2},
		{ID: 3, Name: "Siti Nurhaliza", DueNumber: 3},
	})
	for _, q := range []string{"budi", "Budi S.", "Bdui", "Siti", "3", "Joni"} {
		r := m.Match(q)
		fmt.Printf("%s: %s %d %v %q\n", q, r.Outcome, r.ID, r.IDs, r.By)
	}
	// Output:
	// budi: found 1 [] "first_name"
	// Budi S.: found 1 [] "initials"
	// Bdui: found 1 [] "typo"
	// Siti: ambiguous 0 [2 3] "first_name"
	// 3: found 3 [] "due_number"
	// Joni: not_found 0 [] ""
}
