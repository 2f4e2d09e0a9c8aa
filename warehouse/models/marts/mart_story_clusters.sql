-- One row per near-duplicate cluster (a story carried more than once).
create or replace view mart_story_clusters as
select
    m.cluster_id,
    any_value(m.canonical_article_id) as canonical_article_id,
    any_value(c.title) as canonical_title,
    count(*) as n_members,
    count(distinct a.outlet) as n_outlets,
    list(distinct a.outlet order by a.outlet) as outlets,
    min(a.published_date) as first_published,
    max(a.published_date) as last_published,
    min(m.similarity) as min_similarity
from stg_story_members as m
join stg_articles as a on a.article_id = m.article_id
join stg_articles as c on c.article_id = m.canonical_article_id
group by m.cluster_id;

comment on view mart_story_clusters is 'One row per near-duplicate cluster: a story published more than once.';
comment on column mart_story_clusters.cluster_id is 'The cluster (key).';
comment on column mart_story_clusters.canonical_article_id is 'Its canonical article: earliest published, then longest.';
comment on column mart_story_clusters.canonical_title is 'Title of the canonical article.';
comment on column mart_story_clusters.n_members is 'Articles in the cluster.';
comment on column mart_story_clusters.n_outlets is 'Distinct outlets that carried it.';
comment on column mart_story_clusters.outlets is 'Those outlets, sorted.';
comment on column mart_story_clusters.first_published is 'Earliest publication date among members.';
comment on column mart_story_clusters.last_published is 'Latest publication date among members.';
comment on column mart_story_clusters.min_similarity is 'Lowest Jaccard similarity of a member to the canonical article.';
