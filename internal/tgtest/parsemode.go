package tgtest

import (
	"fmt"
	"html"
	"strings"
)

// htmlTags are the tags Telegram's HTML parse mode accepts.
var htmlTags = map[string]bool{
	"b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true,
	"s": true, "strike": true, "del": true, "span": true, "tg-spoiler": true,
	"a": true, "tg-emoji": true, "code": true, "pre": true, "blockquote": true,
}

// checkFormatted validates text under its parse mode and returns the text
// the user will see, whose length is what Telegram limits. Only HTML is
// parsed: it is the mode that breaks on an unescaped "<" in user-supplied
// words such as a child's name. Markdown modes are passed through unchecked.
func checkFormatted(text, parseMode string) (string, *apiError) {
	if !strings.EqualFold(parseMode, "HTML") {
		return text, nil
	}
	visible, err := parseHTML(text)
	if err != nil {
		return "", badRequest("can't parse entities: " + err.Error())
	}
	return visible, nil
}

// parseHTML checks tags the way Telegram does (known tags, properly nested,
// all closed) and returns the text without tags, entities decoded. Error
// texts and byte offsets follow Telegram's (tdlib's parse_html).
func parseHTML(text string) (string, error) {
	var out strings.Builder
	var open []string
	for i := 0; i < len(text); {
		if text[i] != '<' {
			j := strings.IndexByte(text[i:], '<')
			if j < 0 {
				j = len(text) - i
			}
			out.WriteString(html.UnescapeString(text[i : i+j]))
			i += j
			continue
		}
		begin := i
		i++
		if i < len(text) && text[i] == '/' {
			if len(open) == 0 {
				return "", fmt.Errorf("Unexpected end tag at byte offset %d", begin)
			}
			name, j := tagName(text, i+1)
			for j < len(text) && isHTMLSpace(text[j]) {
				j++
			}
			if j >= len(text) || text[j] != '>' {
				return "", fmt.Errorf("Unclosed end tag at byte offset %d", begin)
			}
			if top := open[len(open)-1]; name != "" && name != top {
				return "", fmt.Errorf(`Unmatched end tag at byte offset %d, expected "</%s>", found "</%s>"`, begin, top, name)
			}
			open = open[:len(open)-1]
			i = j + 1
			continue
		}
		name, j := tagName(text, i)
		if j >= len(text) {
			return "", fmt.Errorf("Unclosed start tag at byte offset %d", begin)
		}
		if !htmlTags[name] {
			return "", fmt.Errorf(`Unsupported start tag "%s" at byte offset %d`, name, begin)
		}
		end := strings.IndexByte(text[j:], '>')
		if end < 0 {
			return "", fmt.Errorf("Unclosed start tag at byte offset %d", begin)
		}
		if name == "span" && !strings.Contains(text[j:j+end], "tg-spoiler") {
			return "", fmt.Errorf(`Tag "span" must have class "tg-spoiler" at byte offset %d`, begin)
		}
		open = append(open, name)
		i = j + end + 1
	}
	if len(open) > 0 {
		return "", fmt.Errorf(`Can't find end tag corresponding to start tag "%s"`, open[len(open)-1])
	}
	return out.String(), nil
}

// tagName reads a lower-cased tag name from i up to a space or '>' and
// returns it with the index after it.
func tagName(text string, i int) (string, int) {
	j := i
	for j < len(text) && !isHTMLSpace(text[j]) && text[j] != '>' {
		j++
	}
	return strings.ToLower(text[i:j]), j
}

// isHTMLSpace is the whitespace Telegram's HTML parser skips inside tags.
func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'
}
