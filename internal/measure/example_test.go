package measure_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/tumbuh-id/tumbuh/internal/measure"
)

func ExampleWeight() {
	for _, s := range []string{"8,5 kg", "8 kg 500", "8500", "85", "delapan"} {
		kg, err := measure.Weight(s)
		var re *measure.RangeError
		switch {
		case errors.As(err, &re):
			fmt.Printf("%q: between %v and %v %s, please\n", s, re.Min, re.Max, re.Unit)
		case errors.Is(err, measure.ErrNotNumber):
			fmt.Printf("%q: not a weight\n", s)
		default:
			fmt.Printf("%q: %v kg\n", s, kg)
		}
	}
	// Output:
	// "8,5 kg": 8.5 kg
	// "8 kg 500": 8.5 kg
	// "8500": 8.5 kg
	// "85": between 0 and 60 kg, please
	// "delapan": not a weight
}

func ExampleDate() {
	today := time.Date(2026, 5, 20, 9, 0, 0, 0, time.FixedZone("WIB", 7*3600))
	for _, s := range []string{"12 Maret 2024", "12/3", "kemarin", "21 Mei 2026"} {
		// Whether the day may be in the future is the caller's rule
		// (child.CheckMeasureDate, child.CheckBirthDate).
		d, err := measure.Date(s, today)
		fmt.Println(d.Format("2006-01-02"), err)
	}
	// Output:
	// 2024-03-12 <nil>
	// 2026-03-12 <nil>
	// 2026-05-19 <nil>
	// 2026-05-21 <nil>
}
