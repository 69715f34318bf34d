-- Version 5: the store's generation, one more for every transaction that writes reports, events or
-- neighbour lists. A writing store keeps what its merges read (store.duckdb._Kept) only while the
-- generation is the one its own last write left: any other writer moves it on.
CREATE TABLE IF NOT EXISTS store_state (
    id          INTEGER PRIMARY KEY,
    generation  BIGINT NOT NULL
);
INSERT INTO store_state VALUES (1, 0);
