// Package bot is tumbuh's Telegram transport: it reads updates (webhook or
// long polling) into flow inputs, renders flow replies into Telegram calls in
// the person's language, and makes those calls. It is the only package that
// imports go-telegram/bot and the only one that localises text.
package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf16"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/internal/conversation"
	"github.com/tumbuh-id/tumbuh/internal/outbox"
	"github.com/tumbuh-id/tumbuh/locales"
)

// MaxTextUnits is Telegram's limit on a message's text, in UTF-16 code units.
const MaxTextUnits = 4096

// maxCaptionUnits is Telegram's limit on a photo caption.
const maxCaptionUnits = 1024

// Renderer localises flow replies into Telegram calls.
type Renderer struct {
	localizers map[string]*i18n.Localizer
}

var _ conversation.Renderer = (*Renderer)(nil)

// NewRenderer returns a renderer over a locale bundle.
func NewRenderer(bundle *i18n.Bundle) *Renderer {
	r := &Renderer{localizers: map[string]*i18n.Localizer{}}
	for _, lang := range locales.Languages {
		r.localizers[lang] = i18n.NewLocalizer(bundle, lang)
	}
	return r
}

// Text localises one text in lang (Indonesian when lang is unknown). Text
// arguments are localised first, so a role name inside a sentence is too.
func (r *Renderer) Text(lang string, t flows.Text) (string, error) {
	if len(t.Lines) > 0 {
		parts := make([]string, 0, len(t.Lines))
		for _, l := range t.Lines {
			s, err := r.Text(lang, l)
			if err != nil {
				return "", err
			}
			parts = append(parts, s)
		}
		sep := t.Sep
		if sep == "" {
			sep = "\n"
		}
		return strings.Join(parts, sep), nil
	}
	if t.ID == "" {
		return t.Literal, nil
	}
	loc, ok := r.localizers[lang]
	if !ok {
		loc = r.localizers[locales.Languages[0]]
	}
	var data map[string]any
	if len(t.Args) > 0 {
		data = make(map[string]any, len(t.Args))
		for k, v := range t.Args {
			switch a := v.(type) {
			case flows.Text:
				s, err := r.Text(lang, a)
				if err != nil {
					return "", err
				}
				v = s
			case flows.Decimal:
				v = locales.FormatDecimal(lang, a.V, a.Digits)
			case flows.Date:
				v = locales.FormatDate(lang, a.Day)
			case flows.MonthOf:
				v = locales.FormatMonth(lang, a.Day)
			case int:
				v = locales.FormatDecimal(lang, float64(a), 0)
			}
			data[k] = v
		}
	}
	cfg := &i18n.LocalizeConfig{MessageID: t.ID, TemplateData: data}
	if n, ok := t.Args["Count"].(int); ok {
		// Plural forms ("1 year", "2 years") follow the argument named Count.
		cfg.PluralCount = n
	}
	s, err := loc.Localize(cfg)
	if err != nil {
		return "", fmt.Errorf("localise %s in %s: %w", t.ID, lang, err)
	}
	return s, nil
}

// Render turns replies into Telegram calls. A text longer than Telegram
// allows is split at paragraph, line or word boundaries; the keyboard goes
// with the last part.
func (r *Renderer) Render(lang string, chatID int64, replies []flows.Reply) ([]outbox.Message, error) {
	var out []outbox.Message
	for _, reply := range replies {
		msgs, err := r.renderOne(lang, chatID, reply)
		if err != nil {
			return nil, err
		}
		out = append(out, msgs...)
	}
	return out, nil
}

func (r *Renderer) renderOne(lang string, chatID int64, reply flows.Reply) ([]outbox.Message, error) {
	if reply.ClearButtonsOf != 0 {
		return []outbox.Message{{Method: outbox.MethodEditMessageReplyMarkup, ChatID: chatID, MessageID: reply.ClearButtonsOf}}, nil
	}
	parts := make([]string, 0, len(reply.Texts))
	for _, t := range reply.Texts {
		s, err := r.Text(lang, t)
		if err != nil {
			return nil, err
		}
		parts = append(parts, s)
	}
	text := strings.Join(parts, "\n\n")
	markup, err := r.markup(lang, reply)
	if err != nil {
		return nil, err
	}
	if reply.Photo != nil || reply.PhotoFileID != "" || reply.Chart != nil || reply.Document != nil {
		caption := text
		var rest []string
		if units(text) > maxCaptionUnits {
			caption, rest = "", SplitText(text, MaxTextUnits)
		}
		first := outbox.Message{Method: outbox.MethodSendPhoto, ChatID: chatID, Photo: reply.Photo, PhotoFileID: reply.PhotoFileID, Text: caption}
		switch {
		case reply.Chart != nil:
			first.Attach = &outbox.Attachment{Kind: outbox.AttachChart, ChildID: reply.Chart.ChildID, Lang: lang}
		case reply.Document != nil && reply.Document.TelegramID != 0:
			first.Method = outbox.MethodSendDocument
			first.Attach = &outbox.Attachment{Kind: outbox.AttachExport, Name: reply.Document.Name,
				TelegramID: reply.Document.TelegramID, Lang: lang}
		case reply.Document != nil:
			d := reply.Document
			first.Method = outbox.MethodSendDocument
			first.Attach = &outbox.Attachment{Kind: outbox.AttachReport, Name: d.Name, Scope: &d.Scope, Month: &d.Month, Lang: lang}
		}
		msgs := []outbox.Message{first}
		for _, chunk := range rest {
			msgs = append(msgs, outbox.Message{Method: outbox.MethodSendMessage, ChatID: chatID, Text: chunk})
		}
		msgs[len(msgs)-1].ReplyMarkup = markup
		return msgs, nil
	}
	if reply.EditMessageID != 0 && units(text) <= MaxTextUnits {
		return []outbox.Message{{Method: outbox.MethodEditMessageText, ChatID: chatID, MessageID: reply.EditMessageID,
			Text: text, ReplyMarkup: markup}}, nil
	}
	chunks := SplitText(text, MaxTextUnits)
	msgs := make([]outbox.Message, len(chunks))
	for i, c := range chunks {
		msgs[i] = outbox.Message{Method: outbox.MethodSendMessage, ChatID: chatID, Text: c}
	}
	msgs[len(msgs)-1].ReplyMarkup = markup
	return msgs, nil
}

func (r *Renderer) markup(lang string, reply flows.Reply) (json.RawMessage, error) {
	switch {
	case len(reply.Buttons) > 0:
		kb := inlineKeyboard{InlineKeyboard: make([][]inlineButton, 0, len(reply.Buttons))}
		for _, row := range reply.Buttons {
			out := make([]inlineButton, 0, len(row))
			for _, b := range row {
				label, err := r.Text(lang, b.Label)
				if err != nil {
					return nil, err
				}
				if b.Checked {
					label = "✅ " + label
				}
				out = append(out, inlineButton{Text: label, CallbackData: b.Data})
			}
			kb.InlineKeyboard = append(kb.InlineKeyboard, out)
		}
		return marshal(kb)
	case reply.AskContact != nil:
		label, err := r.Text(lang, *reply.AskContact)
		if err != nil {
			return nil, err
		}
		return marshal(replyKeyboard{
			Keyboard:        [][]keyboardButton{{{Text: label, RequestContact: true}}},
			ResizeKeyboard:  true,
			OneTimeKeyboard: true,
		})
	case reply.RemoveKeyboard:
		return marshal(replyKeyboardRemove{RemoveKeyboard: true})
	}
	return nil, nil
}

func marshal(v any) (json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode keyboard: %w", err)
	}
	return b, nil
}

// units counts a text's length as Telegram does: in UTF-16 code units.
func units(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// SplitText cuts text into parts of at most limit UTF-16 units, preferring
// to cut after a blank line, then a line break, then a space.
func SplitText(text string, limit int) []string {
	if units(text) <= limit {
		return []string{text}
	}
	var parts []string
	for units(text) > limit {
		cut := cutIndex(text, limit)
		parts = append(parts, strings.TrimRight(text[:cut], " \n"))
		text = strings.TrimLeft(text[cut:], " \n")
	}
	if text != "" {
		parts = append(parts, text)
	}
	return parts
}

// cutIndex returns a byte index at most limit units into text, on a good boundary.
func cutIndex(text string, limit int) int {
	n, hard := 0, 0
	for i, r := range text {
		if n+utf16.RuneLen(r) > limit {
			hard = i
			break
		}
		n += utf16.RuneLen(r)
	}
	head := text[:hard]
	for _, sep := range []string{"\n\n", "\n", " "} {
		if i := strings.LastIndex(head, sep); i > hard/2 {
			return i + len(sep)
		}
	}
	return hard
}
