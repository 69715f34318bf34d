-- Version 1: articles, their skips, coded reports, events, claims and place mentions.
CREATE TABLE IF NOT EXISTS articles (
    id          VARCHAR PRIMARY KEY,   -- content hash of the raw input
    input_id    VARCHAR,               -- the caller's id, when given
    origin      VARCHAR,               -- file path or URL
    url         VARCHAR,
    title       VARCHAR,
    source      VARCHAR,
    published   VARCHAR,
    language    VARCHAR,
    credits     VARCHAR,               -- JSON list
    author      VARCHAR,
    text        VARCHAR,
    status      VARCHAR NOT NULL,      -- 'coded' or 'skipped'
    ingested_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS skips (
    key         VARCHAR PRIMARY KEY,   -- hash of origin, reason and detail: a re-run adds nothing
    article_id  VARCHAR,
    origin      VARCHAR,
    reason      VARCHAR NOT NULL,
    detail      VARCHAR,
    skipped_at  TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    event_id        VARCHAR PRIMARY KEY,
    event_date      VARCHAR,
    time_precision  INTEGER,
    event_type      VARCHAR,
    sub_event_type  VARCHAR,
    actor1          VARCHAR,
    actor2          VARCHAR,
    inter1          INTEGER,
    inter2          INTEGER,
    interaction     INTEGER,
    country         VARCHAR,
    iso3            VARCHAR,
    admin1          VARCHAR,
    location        VARCHAR,
    latitude        DOUBLE,
    longitude       DOUBLE,
    geo_precision   INTEGER,
    fatalities_low  INTEGER,
    fatalities_best INTEGER,
    fatalities_high INTEGER,
    acled_fatalities INTEGER,
    contested       BOOLEAN,
    background      BOOLEAN,
    confidence      DOUBLE,
    first_reported  VARCHAR,
    last_updated    VARCHAR,
    data            VARCHAR NOT NULL      -- the EVENT record as JSON
);
CREATE TABLE IF NOT EXISTS reports (
    report_id   VARCHAR PRIMARY KEY,      -- the coder's event_id within one article
    article_id  VARCHAR NOT NULL,
    event_id    VARCHAR NOT NULL,         -- the canonical event it belongs to
    data        VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS claims (
    report_id   VARCHAR NOT NULL,
    event_id    VARCHAR NOT NULL,
    article_id  VARCHAR NOT NULL,
    n           INTEGER NOT NULL,
    source      VARCHAR,
    stance      VARCHAR,
    statement   VARCHAR,
    span_start  INTEGER,
    span_end    INTEGER,
    PRIMARY KEY (report_id, n)
);
CREATE TABLE IF NOT EXISTS places (
    article_id  VARCHAR NOT NULL,
    n           INTEGER NOT NULL,
    text        VARCHAR,
    span_start  INTEGER,
    span_end    INTEGER,
    name        VARCHAR,
    latitude    DOUBLE,
    longitude   DOUBLE,
    geonameid   BIGINT,
    feature_code VARCHAR,
    country     VARCHAR,
    iso3        VARCHAR,
    admin1      VARCHAR,
    PRIMARY KEY (article_id, n)
);
