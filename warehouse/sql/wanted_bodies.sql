-- Id, outlet and body of the articles in the registered frame dedup_batch, staged or
-- published (and not replaced). No order: one scan of the bodies, streamed by the caller.
with articles as (
    select article_id, outlet, body from staging.articles
    union all
    select article_id, outlet, body from main.articles
    where article_id not in (select article_id from staging.articles)
)
select article_id, coalesce(outlet, '') as outlet, body
from articles
where article_id in (select article_id from dedup_batch);
