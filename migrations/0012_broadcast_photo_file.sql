-- +goose Up

-- A broadcast written in the chat carries the photo the admin sent there:
-- Telegram keeps the file, the bot keeps its file_id and sends it again by
-- that id (no download, no upload). A CLI broadcast keeps its bytes.
ALTER TABLE broadcasts ADD COLUMN photo_file_id text;

-- +goose Down
ALTER TABLE broadcasts DROP COLUMN photo_file_id;
