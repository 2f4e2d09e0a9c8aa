-- Every article, staged or published (and not replaced), whose content hash this run
-- touches: the input of exact deduplication against the whole warehouse.
select article_id, content_hash, published_date, length(body)::bigint as body_chars
from staging.articles
where content_hash in (select content_hash from staging.touched_hashes)
union all
select article_id, content_hash, published_date, length(body)::bigint as body_chars
from main.articles
where content_hash in (select content_hash from staging.touched_hashes)
  and article_id not in (select article_id from staging.replaced_articles);
