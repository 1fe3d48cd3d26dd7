package chart_test

import (
	"flag"

	"github.com/tumbuh-id/tumbuh/internal/chart"
	"github.com/tumbuh-id/tumbuh/internal/growth"
)

var (
	update = flag.Bool("update", false, "rewrite the golden files in testdata/")
	pngDir = flag.String("png", "", "also write the sample charts to this directory, to look at")
)

// boy is 13 months old, faltering in length, with 12 visits out of order;
// one visit has no length and one no weight.
func boy() chart.Child {
	return chart.Child{Name: "Budi", Sex: growth.Male, Points: []chart.Point{
		{AgeDays: 396, Weight: 8.3, LenHei: 70.5},
		{AgeDays: 0, Weight: 3.2, LenHei: 49.5},
		{AgeDays: 30, Weight: 4.3, LenHei: 53.5},
		{AgeDays: 61, Weight: 5.4, LenHei: 57},
		{AgeDays: 91, Weight: 6.1, LenHei: 59.5},
		{AgeDays: 122, Weight: 6.6, LenHei: 61.5},
		{AgeDays: 152, Weight: 7.0, LenHei: 63},
		{AgeDays: 183, Weight: 7.3, LenHei: 64.5},
		{AgeDays: 213, Weight: 7.5, LenHei: 65.5},
		{AgeDays: 244, Weight: 7.7},
		{AgeDays: 274, Weight: 7.8, LenHei: 67.5},
		{AgeDays: 335, LenHei: 69},
	}}
}

// girl is 3 years old, measured lying then standing across 24 months.
func girl() chart.Child {
	return chart.Child{Name: "Siti Nurhaliza", Sex: growth.Female, Points: []chart.Point{
		{AgeDays: 0, Weight: 2.9, LenHei: 48},
		{AgeDays: 91, Weight: 5.2, LenHei: 57},
		{AgeDays: 183, Weight: 6.6, LenHei: 63},
		{AgeDays: 274, Weight: 7.4, LenHei: 67},
		{AgeDays: 365, Weight: 8.2, LenHei: 71.5},
		{AgeDays: 456, Weight: 8.8, LenHei: 74.5},
		{AgeDays: 548, Weight: 9.3, LenHei: 77},
		{AgeDays: 639, Weight: 9.8, LenHei: 79.5},
		{AgeDays: 730, Weight: 10.2, LenHei: 82},
		{AgeDays: 1095, Weight: 11.8, LenHei: 89.5},
		{AgeDays: 821, Weight: 10.7, LenHei: 84},
		{AgeDays: 913, Weight: 11.1, LenHei: 86},
	}}
}

// indonesian is what the locale files are expected to hold.
var indonesian = chart.Labels{
	Title:        "Grafik Pertumbuhan Anak",
	Boy:          "Laki-laki",
	Girl:         "Perempuan",
	WeightForAge: "Berat badan menurut umur",
	LengthForAge: "Panjang/tinggi badan menurut umur",
	AxisAge:      "Umur (bulan)",
	AxisWeight:   "Berat badan (kg)",
	AxisLength:   "Panjang/tinggi badan (cm)",
	Child:        "Hasil timbang/ukur anak",
	Median:       "Garis tengah",
	BandGood:     "Baik",
	BandWarning:  "Waspada",
	BandDanger:   "Segera ke puskesmas",
	DecimalComma: true,
}
