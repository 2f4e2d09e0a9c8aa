-- Paragraphs of the articles in the registered frame dedup_batch that are boilerplate
-- by this run's staged boilerplate set.
select p.article_id, p.paragraph_index
from staging.current_paragraphs as p
join staging.boilerplate_paragraphs as b
    on b.outlet = p.outlet and b.paragraph_hash = p.paragraph_hash
where p.article_id in (select article_id from dedup_batch);
