package growth

import "math/bits"

// Reason is one reason to refer a child to the health worker or Puskesmas.
type Reason uint8

// The referral reasons (ARCHITECTURE.md §7, INDONESIA.md §2).
const (
	ReasonTwoT           Reason = 1 << iota // 2T: no gain two months in a row
	ReasonSevereStunting                    // length/height-for-age < −3
	ReasonWasting                           // weight-for-length/height −3 ≤ z < −2 (5–18 y: BMI-for-age)
	ReasonSevereWasting                     // weight-for-length/height < −3 (5–18 y: BMI-for-age)
	ReasonOedema                            // bilateral pitting oedema
	ReasonBGM                               // weight-for-age < −3 (below the red line)
	numReasons           = iota
)

var reasonCodes = [numReasons]string{"2t", "severe_stunting", "wasting", "severe_wasting", "oedema", "bgm"}

// Code returns the reason's stable code, e.g. "severe_stunting".
func (r Reason) Code() string {
	if bits.OnesCount8(uint8(r)) != 1 || bits.TrailingZeros8(uint8(r)) >= numReasons {
		return ""
	}
	return reasonCodes[bits.TrailingZeros8(uint8(r))]
}

// LabelKey returns the locale key of the reason's label, e.g.
// "growth.referral.2t".
func (r Reason) LabelKey() string { return "growth.referral." + r.Code() }

// Reasons returns every referral reason in order.
func Reasons() []Reason {
	out := make([]Reason, numReasons)
	for i := range out {
		out[i] = Reason(1 << i)
	}
	return out
}

// Referral is the set of reasons to refer a child; the zero Referral means
// no referral is needed.
type Referral uint8

// Needed reports whether the child should be referred.
func (f Referral) Needed() bool { return f != 0 }

// Has reports whether r is one of the reasons.
func (f Referral) Has(r Reason) bool { return uint8(f)&uint8(r) != 0 }

// Reasons lists the reasons in the order of the Reason constants.
func (f Referral) Reasons() []Reason {
	var out []Reason
	for _, r := range Reasons() {
		if f.Has(r) {
			out = append(out, r)
		}
	}
	return out
}

// NeedsReferral returns the referral verdict for one measurement (its Result)
// and the growth-monitoring Status of its weighing (the zero Status when there
// is none). Reasons: 2T, severe stunting, wasting or severe wasting, oedema,
// and weight below the red line (BGM). Flagged (implausible) z-scores count
// too: it is safer to have a health worker re-measure the child.
func NeedsReferral(r Result, s Status) Referral {
	var f Referral
	add := func(ok bool, why Reason) {
		if ok {
			f |= Referral(why)
		}
	}
	add(s.TwoT, ReasonTwoT)
	add(r.Oedema, ReasonOedema)
	wfa := r.Scores[WeightForAge]
	add(s.BGM || (r.Under5() && wfa.Valid && wfa.Z < -3), ReasonBGM)

	hfa := r.Scores[LengthForAge]
	wasting := r.Scores[WeightForLength]
	if r.AgeKnown && !r.Under5() {
		hfa, wasting = r.Scores[HeightForAge5to19], r.Scores[BMIForAge5to19]
	}
	add(hfa.Valid && hfa.Z < -3, ReasonSevereStunting)
	add(wasting.Valid && wasting.Z < -3, ReasonSevereWasting)
	add(wasting.Valid && wasting.Z >= -3 && wasting.Z < -2, ReasonWasting)
	return f
}
