-- The analyst layer, jaffle-shop style: staging views rename and cast the base tables,
-- marts answer the usual questions. All are views, so they always show the published
-- warehouse as it is now. Every mart states its grain and describes every column.

-- Staging -----------------------------------------------------------------------------

-- One row per published article, renamed for analysis.
create or replace view stg_articles as
select
    article_id,
    coalesce(outlet, '(unknown)') as outlet,
    published_date,
    title,
    length(body) as body_chars,
    input_format,
    source_uri,
    run_id as loaded_by_run_id
from articles;

-- One row per near-duplicate cluster member.
create or replace view stg_story_members as
select
    article_id,
    cluster_id,
    canonical_article_id,
    similarity,
    article_id = canonical_article_id as is_canonical
from duplicates
where method = 'near';

-- Marts -------------------------------------------------------------------------------

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
    coalesce(story.n_members, 1) as cluster_size
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
comment on column mart_articles.cluster_size is 'Articles carrying this story: 1 when it has no copy.';

-- One row per canonical entity, type and publication day (null day: undated articles).
create or replace view mart_entity_daily as
select
    e.canonical,
    e.type,
    a.published_date as day,
    count(*) as mentions,
    count(distinct e.article_id) as articles,
    count(distinct a.outlet) as outlets
from entities as e
join mart_articles as a on a.article_id = e.article_id
group by e.canonical, e.type, a.published_date;

comment on view mart_entity_daily is 'One row per canonical entity, type and day, counting canonical articles only (each story once).';
comment on column mart_entity_daily.canonical is 'The entity, aliases and spellings folded (key).';
comment on column mart_entity_daily.type is 'PER, ORG, LOC or MISC (key).';
comment on column mart_entity_daily.day is 'Publication day of the articles (key); null for undated articles.';
comment on column mart_entity_daily.mentions is 'Mentions that day.';
comment on column mart_entity_daily.articles is 'Articles mentioning it that day.';
comment on column mart_entity_daily.outlets is 'Outlets mentioning it that day.';

-- One row per near-duplicate cluster (a story carried more than once).
create or replace view mart_story_clusters as
select
    m.cluster_id,
    any_value(m.canonical_article_id) as canonical_article_id,
    any_value(c.title) as canonical_title,
    count(*) as members,
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
comment on column mart_story_clusters.members is 'Articles in the cluster.';
comment on column mart_story_clusters.n_outlets is 'Distinct outlets that carried it.';
comment on column mart_story_clusters.outlets is 'Those outlets, sorted.';
comment on column mart_story_clusters.first_published is 'Earliest publication date among members.';
comment on column mart_story_clusters.last_published is 'Latest publication date among members.';
comment on column mart_story_clusters.min_similarity is 'Lowest Jaccard similarity of a member to the canonical article.';

-- One row per attributed source name and kind (name '(unnamed)' for anonymous sources).
create or replace view mart_attributions as
select
    coalesce(s.name, '(unnamed)') as name,
    s.kind,
    count(*) as citations,
    count(distinct s.article_id) as articles,
    count(distinct a.outlet) as outlets
from sources as s
join stg_articles as a on a.article_id = s.article_id
group by coalesce(s.name, '(unnamed)'), s.kind;

comment on view mart_attributions is 'One row per source name and kind: who the news is attributed to.';
comment on column mart_attributions.name is 'Canonical source name (key); (unnamed) for anonymous sources.';
comment on column mart_attributions.kind is 'agency, official, media, anonymous or unknown (key).';
comment on column mart_attributions.citations is 'Attributions to it.';
comment on column mart_attributions.articles is 'Articles citing it.';
comment on column mart_attributions.outlets is 'Outlets citing it.';

-- One row per run and quarantine reason.
create or replace view mart_quarantine as
select
    run_id,
    reason,
    count(*) as inputs,
    min(source_uri) as example_source_uri,
    sum(octet_length(raw)) as raw_bytes
from quarantine
group by run_id, reason;

comment on view mart_quarantine is 'One row per run and quarantine reason: what was set aside, and why.';
comment on column mart_quarantine.run_id is 'The run that read the inputs (key).';
comment on column mart_quarantine.reason is 'Why they did not become articles (key).';
comment on column mart_quarantine.inputs is 'Input units set aside for this reason.';
comment on column mart_quarantine.example_source_uri is 'One of them, to look at.';
comment on column mart_quarantine.raw_bytes is 'Their raw bytes kept in quarantine.raw.';
