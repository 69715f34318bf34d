-- Version 3, PostgreSQL only: the watcher's queue is read by status in seq order, and by URL.
CREATE INDEX IF NOT EXISTS feed_items_pending ON feed_items (status, seq);
CREATE INDEX IF NOT EXISTS feed_items_url ON feed_items (url);
