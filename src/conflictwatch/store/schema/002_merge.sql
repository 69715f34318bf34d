-- Version 2: reports carry what the merge reads; pairwise links and the user's split/join decisions.
-- Secondary indexes only on columns that are never updated: DuckDB fails fatally ("Failed to
-- delete all rows from index") when a row's indexed column is updated in the transaction that
-- inserted it. None on links: with them, lookups after a SIGKILL and restart missed rows written
-- by INSERT OR IGNORE (tests/test_watch_crash.py found reports left pointing at deleted events).
ALTER TABLE reports ADD COLUMN meta VARCHAR;
ALTER TABLE reports ADD COLUMN event_date VARCHAR;
ALTER TABLE reports ADD COLUMN iso3 VARCHAR;
ALTER TABLE reports ADD COLUMN time_precision INTEGER;
ALTER TABLE reports ADD COLUMN event_day DATE;        -- event_date as a date, for the merge window
-- Merge candidates are found by equality on these keys (DuckDB's ART index serves equality, not
-- ranges or IN lists): country and day; country and month for coarse (week/month) reports.
ALTER TABLE reports ADD COLUMN day_key VARCHAR;
ALTER TABLE reports ADD COLUMN coarse_key VARCHAR;
ALTER TABLE reports ADD COLUMN month_key VARCHAR;
ALTER TABLE reports ADD COLUMN merge_sig VARCHAR;     -- JSON: what the link score reads (merge.ReportKey)
CREATE INDEX reports_day_key ON reports (day_key);
CREATE INDEX reports_coarse_key ON reports (coarse_key);
CREATE INDEX reports_month_key ON reports (month_key);
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
