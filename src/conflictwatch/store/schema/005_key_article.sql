-- Version 5: a report's merge key names its article and whether it is background there, so that
-- the merge never puts an article's news and the background it recalls in one event, even when
-- a third article's report is linked to both. Keys stored before this version gain both from the
-- report's row.
UPDATE reports
SET merge_sig = '{"article_id": "' || article_id || '", "background": '
    || CASE WHEN (data::JSON ->> 'background') = 'true' THEN 'true' ELSE 'false' END
    || ', ' || substr(merge_sig, 2)
WHERE merge_sig IS NOT NULL AND merge_sig NOT LIKE '%"article_id"%';
