-- Version 2, PostgreSQL only: the lookups the merge and the API make by report, article and event.
-- (DuckDB leaves these out: its index fails on a column updated in the inserting transaction, and
-- reports.event_id is.)
CREATE INDEX IF NOT EXISTS reports_event_id ON reports (event_id);
CREATE INDEX IF NOT EXISTS reports_article_id ON reports (article_id);
CREATE INDEX IF NOT EXISTS decisions_b ON decisions (report_b);
