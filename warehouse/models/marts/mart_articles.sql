-- One row per published, canonical article (copies of a story are left out).
create or replace view mart_articles as
with story as (
    select cluster_id, count(*) as n_members from stg_story_members group by cluster_id
),
entity_counts as (
    select article_id, count(*) as n_entities from entities group by article_id
),
number_counts as (
    select article_id, count(*) as n_numbers from numbers group by article_id
),
source_counts as (
    select article_id, count(*) as n_sources from sources group by article_id
)
select
    a.article_id,
    a.outlet,
    a.published_date,
    a.title,
    a.body_chars,
    coalesce(e.n_entities, 0) as n_entities,
    coalesce(n.n_numbers, 0) as n_numbers,
    coalesce(s.n_sources, 0) as n_sources,
    m.cluster_id,
    coalesce(story.n_members, 1) as n_cluster_members
from stg_articles as a
left join stg_story_members as m on m.article_id = a.article_id
left join story on story.cluster_id = m.cluster_id
left join entity_counts as e on e.article_id = a.article_id
left join number_counts as n on n.article_id = a.article_id
left join source_counts as s on s.article_id = a.article_id
where m.article_id is null or m.is_canonical;

comment on view mart_articles is 'One row per published, canonical article: an article with no near duplicate, or the canonical member of its cluster.';
comment on column mart_articles.article_id is 'The article (key).';
comment on column mart_articles.outlet is 'Publishing outlet; (unknown) when the input did not say.';
comment on column mart_articles.published_date is 'Publication date; null when the article had none.';
comment on column mart_articles.title is 'Title; null for records without one.';
comment on column mart_articles.body_chars is 'Length of the body in characters.';
comment on column mart_articles.n_entities is 'Entity mentions in the body.';
comment on column mart_articles.n_numbers is 'Numbers in the body.';
comment on column mart_articles.n_sources is 'Attributions in the body.';
comment on column mart_articles.cluster_id is 'Its near-duplicate cluster; null when it has no copy.';
comment on column mart_articles.n_cluster_members is 'Articles carrying this story: 1 when it has no copy.';
