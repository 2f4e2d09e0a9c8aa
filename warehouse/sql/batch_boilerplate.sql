-- Paragraphs of the articles in the registered frame dedup_batch that are boilerplate
-- by this run's staged boilerplate set.
with paragraphs as (
    select article_id, outlet, paragraph_index, paragraph_hash from staging.article_paragraphs
    union all
    select article_id, outlet, paragraph_index, paragraph_hash
    from main.article_paragraphs
    where article_id not in (select article_id from staging.articles)
)
select p.article_id, p.paragraph_index
from paragraphs as p
join staging.boilerplate_paragraphs as b
    on b.outlet = p.outlet and b.paragraph_hash = p.paragraph_hash
where p.article_id in (select article_id from dedup_batch);
