-- One row per duplicate-cluster member; its canonical article may be published
-- already, so it is looked up in this schema's articles and in the published ones
-- (`{warehouse}`: the warehouse's main schema, named by its catalog).
select
    d.article_id,
    d.method,
    d.cluster_id,
    d.similarity,
    exists (select 1 from articles as a where a.article_id = d.canonical_article_id)
        or exists (select 1 from {warehouse}.articles as m where m.article_id = d.canonical_article_id)
        as canonical_exists
from duplicates as d;
