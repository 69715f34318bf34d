-- Version 6: versions of one page. An article stored under the URL of a stored one, with other
-- text (a revised report: a higher toll, a corrected place), supersedes it: the older version
-- names the newer in superseded_by, and its reports leave their events, which are rebuilt from
-- the reports left. Looked up by URL when an article is stored.
ALTER TABLE articles ADD COLUMN IF NOT EXISTS superseded_by VARCHAR;
CREATE INDEX IF NOT EXISTS articles_url ON articles (url);
