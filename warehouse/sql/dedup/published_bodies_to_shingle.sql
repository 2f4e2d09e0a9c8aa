-- One row per published article in the registered frame dedup_batch: its id, outlet and
-- body, and the indexes of its paragraphs that are boilerplate by the published
-- boilerplate set (null: none); for evaluating a published warehouse.
with boilerplate as (
    select p.article_id, list(p.paragraph_index) as boilerplate_paragraphs
    from main.article_paragraphs as p
    join main.boilerplate_paragraphs as b
        on b.outlet = p.outlet and b.paragraph_hash = p.paragraph_hash
    where p.article_id in (select article_id from dedup_batch)
    group by p.article_id
)
select a.article_id, coalesce(a.outlet, '') as outlet, a.body, b.boilerplate_paragraphs
from main.articles as a
left join boilerplate as b on b.article_id = a.article_id
where a.article_id in (select article_id from dedup_batch);
