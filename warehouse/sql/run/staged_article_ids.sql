-- Those of the article ids in the registered frame dedup_batch that this run has
-- already staged (one row per such id).
select article_id
from staging.articles
where article_id in (select article_id from dedup_batch);
