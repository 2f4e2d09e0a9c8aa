-- Published near-duplicate pairs at or above a threshold (parameter).
select article_a, article_b, jaccard
from main.near_duplicate_pairs
where jaccard >= ?
order by article_a, article_b;
