// Package survey is the batch side of package growth, like the survey module
// of WHO Anthro: it reads a CSV of measurements, writes it back with z-score,
// flag and Indonesian category columns added (Score), or summarises it as a
// prevalence table with 95% confidence intervals (Summarize). It backs the
// `tumbuh zscore` command and imports only the standard library.
//
// Input columns are found by header name, case-insensitively and in any order;
// other columns are kept as they are. The field separator is taken from the
// header line (comma, semicolon or tab), so files saved by a spreadsheet with
// a decimal comma work too. A row that cannot be read (unknown sex, an
// unreadable number or date, a negative age) is reported with its line number
// and written back with empty scores; the rest of the file goes on.
package survey
