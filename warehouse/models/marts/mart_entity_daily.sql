-- One row per canonical entity, type and publication day (null day: undated articles).
create or replace view mart_entity_daily as
select
    e.canonical,
    e.type,
    a.published_date as day,
    count(*) as n_mentions,
    count(distinct e.article_id) as n_articles,
    count(distinct a.outlet) as n_outlets
from entities as e
join mart_articles as a on a.article_id = e.article_id
group by e.canonical, e.type, a.published_date;

comment on view mart_entity_daily is 'One row per canonical entity, type and day, counting canonical articles only (each story once).';
comment on column mart_entity_daily.canonical is 'The entity, aliases and spellings folded (key).';
comment on column mart_entity_daily.type is 'PER, ORG, LOC or MISC (key).';
comment on column mart_entity_daily.day is 'Publication day of the articles (key); null for undated articles.';
comment on column mart_entity_daily.n_mentions is 'Mentions that day.';
comment on column mart_entity_daily.n_articles is 'Articles mentioning it that day.';
comment on column mart_entity_daily.n_outlets is 'Outlets mentioning it that day.';
