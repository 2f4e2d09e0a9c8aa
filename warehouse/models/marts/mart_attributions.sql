-- One row per attributed source name and kind (name '(unnamed)' for anonymous sources).
create or replace view mart_attributions as
select
    coalesce(s.name, '(unnamed)') as name,
    s.kind,
    count(*) as n_citations,
    count(distinct s.article_id) as n_articles,
    count(distinct a.outlet) as n_outlets
from sources as s
join stg_articles as a on a.article_id = s.article_id
group by coalesce(s.name, '(unnamed)'), s.kind;

comment on view mart_attributions is 'One row per source name and kind: who the news is attributed to.';
comment on column mart_attributions.name is 'Canonical source name (key); (unnamed) for anonymous sources.';
comment on column mart_attributions.kind is 'agency, official, local_media, monitor or anonymous (key).';
comment on column mart_attributions.n_citations is 'Attributions to it.';
comment on column mart_attributions.n_articles is 'Articles citing it.';
comment on column mart_attributions.n_outlets is 'Outlets citing it.';
