-- One row per article in the registered frame dedup_batch, staged or published (and not
-- replaced): its id, outlet and body, and the indexes of its paragraphs that are
-- boilerplate by this run's staged boilerplate set (null: none). No order: one scan of
-- the bodies, streamed by the caller.
with articles as (
    select article_id, outlet, body from staging.articles
    union all
    select article_id, outlet, body from main.articles
    where article_id not in (select article_id from staging.articles)
),
boilerplate as (
    select p.article_id, list(p.paragraph_index) as boilerplate_paragraphs
    from staging.current_paragraphs as p
    join staging.boilerplate_paragraphs as b
        on b.outlet = p.outlet and b.paragraph_hash = p.paragraph_hash
    where p.article_id in (select article_id from dedup_batch)
    group by p.article_id
)
select a.article_id, coalesce(a.outlet, '') as outlet, a.body, b.boilerplate_paragraphs
from articles as a
left join boilerplate as b on b.article_id = a.article_id
where a.article_id in (select article_id from dedup_batch);
