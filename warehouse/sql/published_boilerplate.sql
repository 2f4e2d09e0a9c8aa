-- Paragraphs of the articles in the registered frame dedup_batch that are boilerplate
-- by the published boilerplate set (for evaluating a published warehouse).
select p.article_id, p.paragraph_index
from main.article_paragraphs as p
join main.boilerplate_paragraphs as b
    on b.outlet = p.outlet and b.paragraph_hash = p.paragraph_hash
where p.article_id in (select article_id from dedup_batch);
