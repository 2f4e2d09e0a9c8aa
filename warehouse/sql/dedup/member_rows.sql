-- One row per article in the registered frame dedup_batch, staged or published: what
-- picking a near-duplicate cluster's canonical article needs.
with articles as (
    select article_id, published_date, length(body)::bigint as body_chars
    from staging.articles
    union all
    select article_id, published_date, length(body)::bigint as body_chars
    from main.articles
    where article_id not in (select article_id from staging.articles)
)
select article_id, published_date, body_chars
from articles
where article_id in (select article_id from dedup_batch);
