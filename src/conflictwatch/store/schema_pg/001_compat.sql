-- Version 1, PostgreSQL only: the DuckDB functions DuckDBStore's statements call, so that they run
-- unchanged (postgres.translate renames try_cast(x AS DATE) to cw_try_date(x)).
-- DuckDB's try_cast(x AS DATE): NULL instead of an error. Only ISO dates count, as in DuckDB;
-- PostgreSQL alone would also read 'Feb 13 2024' or '20240213' according to DateStyle.
CREATE OR REPLACE FUNCTION cw_try_date(value TEXT) RETURNS DATE
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF value IS NULL OR value !~ '^\s*\d{4}-\d{1,2}-\d{1,2}\s*$' THEN
        RETURN NULL;
    END IF;
    RETURN value::DATE;
EXCEPTION WHEN others THEN
    RETURN NULL;
END $$;
-- DuckDB's strftime for the codes the store uses (%Y %m %d %H %M %S).
CREATE OR REPLACE FUNCTION strftime(ts TIMESTAMPTZ, fmt TEXT) RETURNS TEXT
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT to_char(ts, replace(replace(replace(replace(replace(replace(fmt,
        '%Y', 'YYYY'), '%m', 'MM'), '%d', 'DD'), '%H', 'HH24'), '%M', 'MI'), '%S', 'SS'))
$$;
CREATE OR REPLACE FUNCTION strftime(ts TIMESTAMP, fmt TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT to_char(ts, replace(replace(replace(replace(replace(replace(fmt,
        '%Y', 'YYYY'), '%m', 'MM'), '%d', 'DD'), '%H', 'HH24'), '%M', 'MI'), '%S', 'SS'))
$$;
-- Indexes DuckDB does without (it scans fast, and its ART index breaks on updated columns, see
-- schema/002) but a server database serving many readers wants: events are listed by date.
CREATE INDEX IF NOT EXISTS events_event_date ON events (event_date);
CREATE INDEX IF NOT EXISTS events_iso3 ON events (iso3);
