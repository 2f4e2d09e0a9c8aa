-- The 5 largest near-duplicate clusters, for the run summary.
select canonical_title, n_members, n_outlets, first_published, last_published
from mart_story_clusters
order by n_members desc, n_outlets desc, canonical_title
limit 5;
