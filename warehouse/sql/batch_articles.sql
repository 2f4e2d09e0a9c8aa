-- Body, outlet, date and length of the articles in the registered frame dedup_batch.
with articles as (
    select article_id, outlet, body, published_date from staging.articles
    union all
    select article_id, outlet, body, published_date from main.articles
    where article_id not in (select article_id from staging.articles)
)
select
    article_id,
    coalesce(outlet, '') as outlet,
    body,
    published_date,
    length(body)::bigint as body_chars
from articles
where article_id in (select article_id from dedup_batch)
order by article_id;
