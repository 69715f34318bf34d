-- Version 4: each report's neighbours in the link graph, so that a merge walks its component with
-- a primary-key lookup a step instead of scanning links and decisions once a report.
-- A row for each report that has neighbours (none for the others): the reports linked to it,
-- unless a user split them, and those a user joined to it, as a JSON object of report id -> link
-- score, or "join". Derived from links and decisions, in the transaction that changes them.
CREATE TABLE IF NOT EXISTS neighbours (
    report_id   VARCHAR PRIMARY KEY,
    neighbours  VARCHAR NOT NULL
);
-- Filled from the links and decisions of a store made before this version (SQL both databases run).
INSERT INTO neighbours
WITH pairs AS (
    SELECT report_a AS r, report_b AS o, score::TEXT AS v FROM links WHERE linked
    UNION ALL SELECT report_b, report_a, score::TEXT FROM links WHERE linked
), decided AS (
    SELECT report_a AS r, report_b AS o, decision FROM decisions
    UNION ALL SELECT report_b, report_a, decision FROM decisions
), effective AS (
    SELECT r, o, v FROM pairs p WHERE NOT EXISTS (SELECT 1 FROM decided d WHERE d.r = p.r AND d.o = p.o)
    UNION ALL SELECT r, o, '"join"' FROM decided WHERE decision = 'join'
)
SELECT r, '{' || string_agg('"' || o || '": ' || v, ', ' ORDER BY o) || '}' FROM effective GROUP BY r;
