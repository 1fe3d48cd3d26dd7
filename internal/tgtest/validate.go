package tgtest

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf16"
)

// Telegram's limits, measured as the API measures them.
const (
	maxTextUTF16    = 4096 // message text, in UTF-16 code units
	maxCaptionUTF16 = 1024 // photo/document caption, in UTF-16 code units
	maxCallbackData = 64   // callback_data, in bytes
)

// utf16Len counts UTF-16 code units, the unit of every Telegram length and
// entity offset: an emoji outside the BMP counts 2.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// checkText validates a message text as sendMessage and editMessageText do;
// the limit applies to the text after formatting tags are removed.
func checkText(text, parseMode string) *apiError {
	visible, e := checkFormatted(text, parseMode)
	if e != nil {
		return e
	}
	if strings.TrimSpace(visible) == "" {
		return badRequest("message text is empty")
	}
	if utf16Len(visible) > maxTextUTF16 {
		return badRequest("message is too long")
	}
	return nil
}

// checkCaption validates a media caption.
func checkCaption(caption, parseMode string) *apiError {
	visible, e := checkFormatted(caption, parseMode)
	if e != nil {
		return e
	}
	if utf16Len(visible) > maxCaptionUTF16 {
		return badRequest("message caption is too long")
	}
	return nil
}

// chatIDParam reads chat_id. An absent parameter is "chat_id is empty"; a
// value Telegram cannot resolve ("null", 0, garbage) is "chat not found".
// go-telegram/bot sends chat_id even when unset, as the text "null".
func chatIDParam(params map[string]string) (int64, *apiError) {
	raw, ok := params["chat_id"]
	if !ok || raw == "" {
		return 0, badRequest("chat_id is empty")
	}
	id, err := strconv.ParseInt(strings.TrimSpace(raw), 10, 64)
	if err != nil || id == 0 {
		return 0, badRequest("chat not found")
	}
	return id, nil
}

// messageIDParam reads message_id for edits and deletes.
func messageIDParam(params map[string]string) (int, *apiError) {
	raw, ok := params["message_id"]
	if !ok || raw == "" {
		return 0, badRequest("message identifier is not specified")
	}
	id, err := strconv.Atoi(strings.TrimSpace(raw))
	if err != nil || id <= 0 {
		return 0, badRequest("MESSAGE_ID_INVALID")
	}
	return id, nil
}

// parseModeParam accepts the three parse modes Telegram knows.
func parseModeParam(params map[string]string) (string, *apiError) {
	pm := params["parse_mode"]
	switch strings.ToLower(pm) {
	case "", "html", "markdown", "markdownv2":
		return pm, nil
	default:
		return "", badRequest("unsupported parse_mode")
	}
}

// markupParam parses and validates reply_markup; nil when absent.
func markupParam(params map[string]string) (*Markup, *apiError) {
	raw, ok := params["reply_markup"]
	if !ok || strings.TrimSpace(raw) == "" {
		return nil, nil
	}
	return parseMarkup(raw)
}

// parseMarkup decodes one of the four reply markup objects the way Telegram
// validates it, with Telegram's error texts.
func parseMarkup(raw string) (*Markup, *apiError) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &obj); err != nil || obj == nil {
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	m := &Markup{Raw: raw}
	switch {
	case obj["inline_keyboard"] != nil:
		rows, e := parseInlineKeyboard(obj["inline_keyboard"])
		if e != nil {
			return nil, e
		}
		m.InlineKeyboard = rows
	case obj["keyboard"] != nil:
		rows, e := parseReplyKeyboard(obj["keyboard"])
		if e != nil {
			return nil, e
		}
		m.Keyboard = rows
		m.OneTime = jsonBool(obj["one_time_keyboard"])
		m.Resize = jsonBool(obj["resize_keyboard"])
		m.Persistent = jsonBool(obj["is_persistent"])
	case obj["remove_keyboard"] != nil:
		m.RemoveKeyboard = jsonBool(obj["remove_keyboard"])
	case obj["force_reply"] != nil:
		m.ForceReply = jsonBool(obj["force_reply"])
	default:
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	return m, nil
}

// wireInlineButton is an inline button as it arrives; pointers tell absent
// fields from empty ones.
type wireInlineButton struct {
	Text                         *string         `json:"text"`
	URL                          *string         `json:"url"`
	CallbackData                 *string         `json:"callback_data"`
	WebApp                       json.RawMessage `json:"web_app"`
	LoginURL                     json.RawMessage `json:"login_url"`
	SwitchInlineQuery            *string         `json:"switch_inline_query"`
	SwitchInlineQueryCurrentChat *string         `json:"switch_inline_query_current_chat"`
	SwitchInlineQueryChosenChat  json.RawMessage `json:"switch_inline_query_chosen_chat"`
	CopyText                     *struct {
		Text string `json:"text"`
	} `json:"copy_text"`
	CallbackGame json.RawMessage `json:"callback_game"`
	Pay          bool            `json:"pay"`
}

// hasAction reports whether the button does something; Telegram rejects
// buttons that are only a label.
func (b *wireInlineButton) hasAction() bool {
	return b.URL != nil || b.CallbackData != nil || b.WebApp != nil || b.LoginURL != nil ||
		b.SwitchInlineQuery != nil || b.SwitchInlineQueryCurrentChat != nil ||
		b.SwitchInlineQueryChosenChat != nil || b.CopyText != nil || b.CallbackGame != nil || b.Pay
}

// parseInlineKeyboard validates inline_keyboard rows and buttons.
func parseInlineKeyboard(raw json.RawMessage) ([][]InlineButton, *apiError) {
	var rows [][]json.RawMessage
	if err := json.Unmarshal(raw, &rows); err != nil {
		return nil, badRequest(`field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays`)
	}
	out := make([][]InlineButton, 0, len(rows))
	for _, row := range rows {
		btns := make([]InlineButton, 0, len(row))
		for _, rawBtn := range row {
			var b wireInlineButton
			if err := json.Unmarshal(rawBtn, &b); err != nil {
				return nil, badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
			}
			if b.Text == nil {
				return nil, badRequest(`can't parse inline keyboard button: Field "text" must be of type String`)
			}
			if b.CopyText != nil && b.CopyText.Text == "" {
				return nil, badRequest("BUTTON_COPY_TEXT_INVALID")
			}
			if !b.hasAction() {
				return nil, badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
			}
			btn := InlineButton{Text: *b.Text}
			if b.CallbackData != nil {
				if *b.CallbackData == "" || len(*b.CallbackData) > maxCallbackData {
					return nil, badRequest("BUTTON_DATA_INVALID")
				}
				btn.CallbackData = *b.CallbackData
			}
			if b.URL != nil {
				if *b.URL == "" {
					return nil, badRequest("BUTTON_URL_INVALID")
				}
				btn.URL = *b.URL
			}
			if b.CopyText != nil {
				btn.CopyText = b.CopyText.Text
			}
			btns = append(btns, btn)
		}
		out = append(out, btns)
	}
	return out, nil
}

// parseReplyKeyboard validates keyboard rows; a button is a string or an
// object with text.
func parseReplyKeyboard(raw json.RawMessage) ([][]KeyboardButton, *apiError) {
	var rows [][]json.RawMessage
	if err := json.Unmarshal(raw, &rows); err != nil {
		return nil, badRequest(`field "keyboard" of the ReplyKeyboardMarkup must be an Array of Arrays`)
	}
	out := make([][]KeyboardButton, 0, len(rows))
	for _, row := range rows {
		btns := make([]KeyboardButton, 0, len(row))
		for _, rawBtn := range row {
			var label string
			if err := json.Unmarshal(rawBtn, &label); err == nil {
				btns = append(btns, KeyboardButton{Text: label})
				continue
			}
			var b struct {
				Text            *string `json:"text"`
				RequestContact  bool    `json:"request_contact"`
				RequestLocation bool    `json:"request_location"`
			}
			if err := json.Unmarshal(rawBtn, &b); err != nil || b.Text == nil {
				return nil, badRequest(`can't parse keyboard button: Field "text" must be of type String`)
			}
			btns = append(btns, KeyboardButton{Text: *b.Text, RequestContact: b.RequestContact, RequestLocation: b.RequestLocation})
		}
		out = append(out, btns)
	}
	return out, nil
}

// jsonBool reads a JSON true; anything else is false.
func jsonBool(raw json.RawMessage) bool {
	var b bool
	return json.Unmarshal(raw, &b) == nil && b
}
