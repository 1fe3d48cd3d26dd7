package growth

import "math"

// LMS is one row of a WHO table: the Box-Cox power L, the median M and the
// coefficient of variation S of a measurement at one age or length.
type LMS struct {
	L, M, S float64
}

// Z returns the plain LMS z-score of measurement y (ALGORITHM.md §1). It does
// not check y; callers pass y > 0.
func (p LMS) Z(y float64) float64 {
	switch p.L {
	case 0:
		return math.Log(y/p.M) / p.S
	case 1:
		return (y/p.M - 1) / p.S
	}
	// exp(L·ln x) is x^L without math.Pow's special-case handling, which
	// y > 0 never needs; it halves the cost of scoring a child.
	return (math.Exp(p.L*math.Log(y/p.M)) - 1) / (p.L * p.S)
}

// At returns the measurement that sits at z-score k: the "SD line" k.
func (p LMS) At(k float64) float64 {
	switch p.L {
	case 0:
		return p.M * math.Exp(p.S*k)
	case 1:
		return p.M * (1 + float64(p.S*k)) // unfused, as R rounds it
	}
	return p.M * math.Pow(1+float64(p.L*p.S*k), 1/p.L)
}

// ZRestricted returns the z-score of y with WHO's restricted application of
// the LMS method (ALGORITHM.md §2): beyond ±3 SD the curve is replaced by a
// straight line whose slope is the distance between the 2 SD and 3 SD lines.
func (p LMS) ZRestricted(y float64) float64 {
	z := p.Z(y)
	switch {
	case z > 3:
		sd3 := p.At(3)
		return 3 + (y-sd3)/(sd3-p.At(2))
	case z < -3:
		sd3 := p.At(-3)
		return -3 + (y-sd3)/(p.At(-2)-sd3)
	}
	return z
}

// interpolate returns the parameters a fraction f of the way from a to b, as
// anthro computes them: X_a + f·(X_b − X_a). The float64 conversions stop Go
// from fusing the multiply and the add, which would round differently.
func interpolate(a, b LMS, f float64) LMS {
	return LMS{
		L: a.L + float64(f*(b.L-a.L)),
		M: a.M + float64(f*(b.M-a.M)),
		S: a.S + float64(f*(b.S-a.S)),
	}
}
