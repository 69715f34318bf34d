-- Version 2: reports carry what the merge reads; pairwise links and the user's split/join decisions.
-- No secondary ART indexes: DuckDB cannot update an indexed column inside a transaction that
-- also deletes the row (a fatal "Failed to delete all rows from index"); zone maps serve range scans.
ALTER TABLE reports ADD COLUMN meta VARCHAR;
ALTER TABLE reports ADD COLUMN event_date VARCHAR;
ALTER TABLE reports ADD COLUMN iso3 VARCHAR;
CREATE TABLE IF NOT EXISTS links (
    report_a  VARCHAR NOT NULL,   -- the smaller report id of the pair
    report_b  VARCHAR NOT NULL,
    score     DOUBLE NOT NULL,
    parts     VARCHAR NOT NULL,   -- JSON: each component's score
    linked    BOOLEAN NOT NULL,
    PRIMARY KEY (report_a, report_b)
);
CREATE TABLE IF NOT EXISTS decisions (
    report_a  VARCHAR NOT NULL,
    report_b  VARCHAR NOT NULL,
    decision  VARCHAR NOT NULL,   -- 'split' or 'join', made by a user; wins over the score
    made_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (report_a, report_b)
);
