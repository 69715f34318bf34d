-- Version 2: reports carry what the merge reads; pairwise links and the user's split/join decisions.
ALTER TABLE reports ADD COLUMN meta VARCHAR;
ALTER TABLE reports ADD COLUMN event_date VARCHAR;
ALTER TABLE reports ADD COLUMN iso3 VARCHAR;
CREATE INDEX IF NOT EXISTS reports_date ON reports (event_date);
CREATE INDEX IF NOT EXISTS reports_event ON reports (event_id);
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
