// Package growth computes WHO anthropometric z-scores, the Indonesian growth
// categories of Permenkes 2/2020 and the monthly KMS growth-monitoring status
// (N, T, O, B, 2T, BGM) with a referral verdict. It does no I/O and imports
// only the standard library.
//
// The z-scores follow ../shared/who/ALGORITHM.md (WHO's igrowup macros, WHO
// Anthro and the anthro/anthroplus R packages) over WHO's own tables, which
// are embedded (data/, provenance in data/SOURCE.md) and parsed once, on
// first use. They agree with WHO's outputs in testdata/reference to 0.01.
//
// Weight-for-length/height follows the anthro R package's floating-point
// arithmetic, not the decimal it stands for: the rows are trunc(x*10) and
// trunc(x*10+1) tenths of the adjusted length x as a double, interpolated by
// (x − lo/10)/0.1 when that is above 0, each operation rounded on its own.
// Where x ± 0.7 lands a hair below a row, x*10+1 can round up past the next
// row, and anthro then interpolates towards the row after it: 103.1 cm lying
// after 24 months is scored almost exactly at the 102.5 cm row, not 102.4.
// Rounding the length to 0.1 cm first would be kinder arithmetic, but then a
// stored z-score would differ from WHO's by 0.02.
//
// Where WHO's tools differ, this package chooses:
//
//   - Upper age of the 0–5 year standard: up to 1856 days inclusive (igrowup,
//     WHO Anthro survey analysis), not the anthro R package's "< 60 months".
//     1856 days is the last day of the 60th completed month, so this is also
//     the "0–60 bulan" of Permenkes 2/2020, whose tables go by completed
//     months.
//   - WHO Reference 2007 window: from 60 months (anthroplus, with its added
//     60-month row) to below 229 months for height- and BMI-for-age and below
//     121 months for weight-for-age (the WHO 2007 macro, whose duplicated last
//     rows make the interpolation defined up to there). Between 60 months and
//     1856 days both sets of z-scores are computed; the Indonesian categories
//     come from the 0–5 year standard up to 1856 days and from the 2007
//     reference after.
//   - Standing under 9 months: as anthro ≥ 1.1, a standing measurement of a
//     child under 9 months (unrounded) is treated as of unknown position: no
//     0.7 cm is added and Result.Standing9mo (WHO's c9mo flag) is set.
//   - Rounding: z is rounded half away from zero (igrowup); flags and
//     categories are judged on the rounded z, so what is shown agrees with
//     them.
//   - Oedema counts as below −3 SD for the weight-based Indonesian categories
//     (BB/U, BB/PB, IMT/U), as WHO's prevalence analysis and the Indonesian
//     gizi buruk guideline do.
//
// Entry points: Assess for one measurement, Monitor for a weighing history,
// NeedsReferral for the verdict, LabelKeys for the locale keys of every code.
package growth
