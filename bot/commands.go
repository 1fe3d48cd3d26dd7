package bot

import (
	"context"
	"fmt"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/tumbuh-id/tumbuh/flows"
	"github.com/tumbuh-id/tumbuh/locales"
)

// builtinCommands are the engine's own commands, in the menu after the
// flows' ones. Indonesian names; the English aliases work too.
var builtinCommands = []flows.Command{
	{Name: "bantuan", Description: "command.bantuan"},
	{Name: "bahasa", Description: "command.bahasa"},
	{Name: "batal", Description: "command.batal"},
}

// MenuCommands are the commands of Telegram's menu in lang: the flows'
// commands, then the engine's.
func (r *Renderer) MenuCommands(lang string, cmds []flows.Command) ([]models.BotCommand, error) {
	var out []models.BotCommand
	for _, c := range append(append([]flows.Command(nil), cmds...), builtinCommands...) {
		d, err := r.Text(lang, flows.T(c.Description))
		if err != nil {
			return nil, err
		}
		out = append(out, models.BotCommand{Command: c.Name, Description: d})
	}
	return out, nil
}

// SetCommands registers the command menu with Telegram in every language,
// Indonesian also as the default for people whose app speaks neither.
func (c *Client) SetCommands(ctx context.Context, r *Renderer, cmds []flows.Command) error {
	for _, lang := range locales.Languages {
		menu, err := r.MenuCommands(lang, cmds)
		if err != nil {
			return err
		}
		codes := []string{lang}
		if lang == locales.Languages[0] {
			codes = append(codes, "")
		}
		for _, code := range codes {
			if _, err := c.api.SetMyCommands(ctx, &tgbot.SetMyCommandsParams{Commands: menu, LanguageCode: code}); err != nil {
				return fmt.Errorf("setMyCommands %q: %w", code, err)
			}
		}
	}
	return nil
}
