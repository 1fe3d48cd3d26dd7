package tgtest

import (
	"encoding/json"
	"regexp"
	"strings"

	"github.com/go-telegram/bot/models"
)

// getMe answers with the bot's user.
func (s *Server) getMe(*request) (any, *apiError) {
	return s.bot, nil
}

// sendMessage stores a text message and returns it as Telegram would.
func (s *Server) sendMessage(r *request) (any, *apiError) {
	chatID, e := chatIDParam(r.params)
	if e != nil {
		return nil, e
	}
	pm, e := parseModeParam(r.params)
	if e != nil {
		return nil, e
	}
	text := r.params["text"]
	if e := checkText(text, pm); e != nil {
		return nil, e
	}
	markup, e := markupParam(r.params)
	if e != nil {
		return nil, e
	}
	return s.send(chatID, Message{Kind: KindText, Text: text, ParseMode: pm, Markup: markup}), nil
}

// sendPhoto stores a photo sent as an upload, a known file_id or a URL.
func (s *Server) sendPhoto(r *request) (any, *apiError) {
	return s.sendMedia(r, KindPhoto, "photo")
}

// sendDocument stores a document sent as an upload, a known file_id or a URL.
func (s *Server) sendDocument(r *request) (any, *apiError) {
	return s.sendMedia(r, KindDocument, "document")
}

// sendMedia implements sendPhoto and sendDocument, whose media sits in the
// parameter named field.
func (s *Server) sendMedia(r *request, kind Kind, field string) (any, *apiError) {
	chatID, e := chatIDParam(r.params)
	if e != nil {
		return nil, e
	}
	pm, e := parseModeParam(r.params)
	if e != nil {
		return nil, e
	}
	caption := r.params["caption"]
	if e := checkCaption(caption, pm); e != nil {
		return nil, e
	}
	markup, e := markupParam(r.params)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	fileID, file, e := s.mediaParam(r, kind, field)
	s.mu.Unlock()
	if e != nil {
		return nil, e
	}
	return s.send(chatID, Message{Kind: kind, Text: caption, ParseMode: pm, Markup: markup, File: file, FileID: fileID}), nil
}

// send stores a bot message and renders the result.
func (s *Server) send(chatID int64, m Message) models.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.addBotMessage(chatID, m)
	return s.modelMessage(s.chats[chatID], st)
}

// chatActions are the actions sendChatAction accepts.
var chatActions = map[string]bool{
	"typing": true, "upload_photo": true, "record_video": true, "upload_video": true,
	"record_voice": true, "upload_voice": true, "upload_document": true, "choose_sticker": true,
	"find_location": true, "record_video_note": true, "upload_video_note": true,
}

// sendChatAction validates the action and tells subscribers.
func (s *Server) sendChatAction(r *request) (any, *apiError) {
	chatID, e := chatIDParam(r.params)
	if e != nil {
		return nil, e
	}
	action := r.params["action"]
	if !chatActions[action] {
		return nil, badRequest("wrong parameter action in request")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.changed(Event{Kind: EventChatAction, ChatID: chatID, Text: action})
	return true, nil
}

// commandName is what Telegram allows as a bot command.
var commandName = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

// languageCode is what setMyCommands accepts besides "": a two-letter ISO
// 639-1 code. Telegram refuses region codes such as "zh-hans".
var languageCode = regexp.MustCompile(`^[a-z]{2}$`)

// setMyCommands validates and keeps the command list for its language_code,
// as Telegram keeps one list per scope and language. Only the default scope
// is modelled: any other is refused, so a bot that starts using scopes fails
// its tests instead of being silently misread.
func (s *Server) setMyCommands(r *request) (any, *apiError) {
	var cmds []models.BotCommand
	if err := json.Unmarshal([]byte(r.params["commands"]), &cmds); err != nil {
		return nil, badRequest("can't parse commands JSON object")
	}
	if len(cmds) > 100 {
		return nil, badRequest("too many commands specified")
	}
	for _, c := range cmds {
		if !commandName.MatchString(c.Command) {
			return nil, badRequest("BOT_COMMAND_INVALID")
		}
		if d := strings.TrimSpace(c.Description); d == "" || utf16Len(d) > 256 {
			return nil, badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
		}
	}
	if raw := r.params["scope"]; raw != "" {
		var scope struct {
			Type string `json:"type"`
		}
		if err := json.Unmarshal([]byte(raw), &scope); err != nil || scope.Type == "" {
			return nil, badRequest("can't parse BotCommandScope JSON object")
		}
		if scope.Type != "default" {
			return nil, badRequest("tgtest: only the default command scope is supported, got " + scope.Type)
		}
	}
	lang := r.params["language_code"]
	if lang != "" && !languageCode.MatchString(lang) {
		return nil, badRequest("invalid language code specified")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(cmds) == 0 {
		delete(s.commands, lang) // an empty list deletes, as deleteMyCommands does
		return true, nil
	}
	if s.commands == nil {
		s.commands = make(map[string][]models.BotCommand)
	}
	s.commands[lang] = cmds
	return true, nil
}

// Commands returns the default command list: the one last set with
// setMyCommands without a language_code, shown to users whose language has
// no list of its own.
func (s *Server) Commands() []models.BotCommand {
	return s.CommandsFor("")
}

// CommandsFor returns the command list last set for language_code lang ("" is
// the default list), or nil if none was. Like getMyCommands it does not fall
// back to the default list.
func (s *Server) CommandsFor(lang string) []models.BotCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]models.BotCommand(nil), s.commands[lang]...)
}
