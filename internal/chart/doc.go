// Package chart draws a child's growth chart as a PNG for a parent's phone:
// weight-for-age above length/height-for-age, on the WHO SD lines (−3, −2, 0,
// +2, +3) with coloured bands in the manner of the KMS card of the Buku KIA,
// and the child's measurements joined by a line.
//
// It does no I/O beyond the writer it is given and reads no clock. It owns no
// words: every text it draws comes from Labels, which the caller fills from
// the locale files through MessageIDs; the package itself only formats
// numbers (with a decimal comma when Labels.DecimalComma is set). It imports
// gonum.org/v1/plot, so, unlike the domain packages, it is not standard
// library only; only the code that sends the picture should import it.
//
// Series computes the data a chart draws, so that it can be tested without
// pixels; Draw draws it on any gonum vg canvas and Render rasterises it to a
// small paletted PNG.
//
// Length/height is plotted as measured, as on the KMS: no 0.7 cm correction
// for the position. The reference curve is WHO's length-for-age up to 730
// days and height-for-age from 731 days, so it steps down 0.7 cm at 24
// months, as on WHO's 0–5 year charts.
package chart
