package flows

import (
	"fmt"
	"strconv"
	"strings"
)

// pickerPageSize is how many places one page of buttons shows (two a row).
const pickerPageSize = 10

// Picker is the state of choosing one place from a long list: buttons a
// page at a time, or a typed search that narrows the list.
type Picker struct {
	Page  int    `json:"page,omitempty"`
	Query string `json:"query,omitempty"`
}

// pickerEvent is what the person did with a picker.
type pickerEvent int

const (
	pickNone    pickerEvent = iota // not a picker input
	pickChosen                     // a place was chosen
	pickMoved                      // page or filter changed: ask again
	pickMissing                    // a search found nothing
	pickStale                      // a button that is not in the list any more
)

// visible returns the places the current filter leaves.
func (p *Picker) visible(all []Place) []Place {
	if p.Query == "" {
		return all
	}
	return filterPlaces(all, p.Query)
}

// ask renders the picker's question with a page of buttons. extra rows go last.
func (p *Picker) ask(prompt Text, all []Place, extra ...[]Button) Reply {
	items := p.visible(all)
	pages := (len(items) + pickerPageSize - 1) / pickerPageSize
	if p.Page >= pages {
		p.Page = max(pages-1, 0)
	}
	r := Reply{Texts: []Text{prompt}}
	if p.Query != "" {
		r.Texts = append(r.Texts, T(MsgPickerFiltered, "Query", p.Query, "Count", len(items)))
	} else if len(all) > pickerPageSize {
		r.Texts = append(r.Texts, T(MsgPickerHint))
	}
	start := p.Page * pickerPageSize
	end := min(start+pickerPageSize, len(items))
	var row []Button
	for _, pl := range items[start:end] {
		row = append(row, Button{Label: Lit(pl.Name), Data: "pick:" + pl.Code})
		if len(row) == 2 {
			r.Buttons = append(r.Buttons, row)
			row = nil
		}
	}
	if row != nil {
		r.Buttons = append(r.Buttons, row)
	}
	var nav []Button
	if p.Page > 0 {
		nav = append(nav, Button{Label: T(MsgPickerPrev), Data: fmt.Sprintf("page:%d", p.Page-1)})
	}
	if end < len(items) {
		nav = append(nav, Button{Label: T(MsgPickerNext), Data: fmt.Sprintf("page:%d", p.Page+1)})
	}
	if nav != nil {
		r.Buttons = append(r.Buttons, nav)
	}
	if p.Query != "" {
		r.Buttons = append(r.Buttons, Row(Choice("page:all", MsgPickerAll)))
	}
	r.Buttons = append(r.Buttons, extra...)
	return r
}

// handle applies an input to the picker: a place button, a page button, or
// typed text searched among the places.
func (p *Picker) handle(all []Place, in Input) (pickerEvent, Place) {
	switch in.Kind {
	case KindButton:
		switch {
		case strings.HasPrefix(in.Data, "pick:"):
			code := strings.TrimPrefix(in.Data, "pick:")
			for _, pl := range all {
				if pl.Code == code {
					return pickChosen, pl
				}
			}
			return pickStale, Place{}
		case in.Data == "page:all":
			p.Query, p.Page = "", 0
			return pickMoved, Place{}
		case strings.HasPrefix(in.Data, "page:"):
			n, err := strconv.Atoi(strings.TrimPrefix(in.Data, "page:"))
			if err != nil || n < 0 {
				return pickStale, Place{}
			}
			p.Page = n
			return pickMoved, Place{}
		}
		return pickNone, Place{}
	case KindText:
		q := strings.TrimSpace(in.Text)
		if q == "" {
			return pickNone, Place{}
		}
		found := filterPlaces(all, q)
		switch len(found) {
		case 0:
			return pickMissing, Place{}
		case 1:
			return pickChosen, found[0]
		}
		// An exact name among several partial matches is the one meant.
		for _, pl := range found {
			if normalise(pl.Name) == normalise(q) {
				return pickChosen, pl
			}
		}
		p.Query, p.Page = q, 0
		return pickMoved, Place{}
	}
	return pickNone, Place{}
}

// reset forgets the page and filter, for the next list.
func (p *Picker) reset() { *p = Picker{} }

func filterPlaces(all []Place, q string) []Place {
	nq := normalise(q)
	if nq == "" {
		return nil
	}
	var out []Place
	for _, pl := range all {
		if strings.Contains(normalise(pl.Name), nq) {
			out = append(out, pl)
		}
	}
	return out
}

// placeWords are words people add or leave out of place names.
var placeWords = map[string]bool{
	"kelurahan": true, "kel": true, "desa": true, "kecamatan": true, "kec": true, "posyandu": true,
}

// normalise lower-cases a name, keeps letters and digits, and drops words
// like "kelurahan", so that "Kel. Ciater" finds "Ciater".
func normalise(s string) string {
	fields := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
	})
	out := fields[:0]
	for _, f := range fields {
		if !placeWords[f] {
			out = append(out, f)
		}
	}
	return strings.Join(out, " ")
}
