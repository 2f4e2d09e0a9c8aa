-- Every verified near-duplicate pair after this run: the staged ones, and the published
-- ones whose articles are neither replaced nor signed again.
select article_a, article_b, jaccard from staging.near_duplicate_pairs
union all
select article_a, article_b, jaccard
from main.near_duplicate_pairs
where article_a not in (select article_id from staging.dedup_bands)
  and article_b not in (select article_id from staging.dedup_bands)
  and article_a not in (select article_id from staging.replaced_articles)
  and article_b not in (select article_id from staging.replaced_articles)
order by article_a, article_b;
