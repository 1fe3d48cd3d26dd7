package posyandu

// distance returns the optimal-string-alignment distance between a and b
// (insertions, deletions, substitutions and swaps of adjacent letters each
// count one) when it is at most limit, and false when it is more.
func distance(as, bs string, limit int) (int, bool) {
	var abuf, bbuf [32]rune
	a, b := runes(as, abuf[:0]), runes(bs, bbuf[:0])
	if len(a) < len(b) {
		a, b = b, a
	}
	if len(a)-len(b) > limit {
		return 0, false
	}
	// Three rows of the table: two back, previous and current.
	var buf [3 * 33]int
	var prev2, prev, cur []int
	if n := len(b) + 1; n <= 33 {
		prev2, prev, cur = buf[:n], buf[33:33+n], buf[66:66+n]
	} else {
		prev2, prev, cur = make([]int, n), make([]int, n), make([]int, n)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d = min(d, prev2[j-2]+1)
			}
			cur[j] = d
			rowMin = min(rowMin, d)
		}
		if rowMin > limit {
			return 0, false
		}
		prev2, prev, cur = prev, cur, prev2
	}
	if d := prev[len(b)]; d <= limit {
		return d, true
	}
	return 0, false
}

// runes appends the runes of s to buf, which need not grow for short names.
func runes(s string, buf []rune) []rune {
	for _, r := range s {
		buf = append(buf, r)
	}
	return buf
}
