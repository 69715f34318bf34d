-- Version 3: what `conflictwatch watch` knows about its feeds, so that a restart resumes.
-- Times are seconds since the epoch as read from the watcher's clock (a fake clock in tests and
-- the soak run). Counts of items are not stored: `feeds status` derives them from feed_items,
-- so they stay right whatever point a crash interrupted.
CREATE TABLE IF NOT EXISTS feeds (
    name               VARCHAR PRIMARY KEY,   -- as in the feeds file
    url                VARCHAR NOT NULL,
    interval_s         DOUBLE NOT NULL,       -- seconds between polls when healthy
    language           VARCHAR,               -- given to each article when its page says none
    country            VARCHAR,               -- what the feed covers, for the reader
    active             BOOLEAN NOT NULL,      -- false once the feed left the feeds file
    title              VARCHAR,               -- the feed's own title (the outlet)
    etag               VARCHAR,               -- for If-None-Match
    last_modified      VARCHAR,               -- for If-Modified-Since
    next_poll          DOUBLE,                -- due time: interval, or backoff after errors
    last_poll          DOUBLE,
    last_success       DOUBLE,
    last_error         VARCHAR,               -- "reason: detail" of the latest failed poll
    last_error_at      DOUBLE,
    consecutive_errors INTEGER NOT NULL,
    polls              INTEGER NOT NULL,
    not_modified       INTEGER NOT NULL,      -- polls answered 304
    errors             INTEGER NOT NULL,      -- failed polls, ever
    last_page_error    VARCHAR,               -- latest article page that could not be fetched
    last_page_error_at DOUBLE
);
CREATE TABLE IF NOT EXISTS feed_items (
    feed         VARCHAR NOT NULL,
    item_key     VARCHAR NOT NULL,    -- the entry's guid, else its link, else a hash of it
    seq          BIGINT NOT NULL,     -- order of first sight: the queue is worked in this order
    url          VARCHAR,             -- the entry's link, normalised (dedup by URL)
    entry        VARCHAR NOT NULL,    -- JSON: link, title, published, the entry's own content
    fingerprint  VARCHAR NOT NULL,    -- hash of the entry: a change puts the item back in the queue
    status       VARCHAR NOT NULL,    -- pending, stored, skipped, duplicate, failed
    reason       VARCHAR,             -- skip, duplicate or failure reason
    detail       VARCHAR,
    content_hash VARCHAR,             -- articles.id, claimed before the article is stored
    fallback     BOOLEAN NOT NULL,    -- the page failed; the entry's own content was coded
    page_error   VARCHAR,             -- why the page failed, when it did
    events       INTEGER NOT NULL,
    attempts     INTEGER NOT NULL,    -- page fetches that failed with nothing to fall back on
    retry_at     DOUBLE,              -- a pending item is not tried before this time
    revisions    INTEGER NOT NULL,    -- times the entry changed after it was processed
    prev_hash    VARCHAR,             -- content_hash and status before the latest change
    prev_status  VARCHAR,
    first_seen   DOUBLE NOT NULL,
    done_at      DOUBLE,
    PRIMARY KEY (feed, item_key)
);
