// Package localchat is the terminal side of local mode (`tumbuh chat`): it
// plays one Telegram user against a fake Telegram server (tgtest) that the
// real bot polls, reading the user's messages from an io.Reader and printing
// what the bot sends to an io.Writer.
//
// Buttons are shown numbered; typing a number or a button's label presses it,
// and /kontak shares the user's phone number as a request_contact button
// would. After each input line it waits until the bot has fully answered
// (the update confirmed by the poller, nothing left pending in the outbox,
// every delivered message printed) before reading the next, so a piped
// script gives the same transcript every time.
package localchat
