-- One row per article that is not a copy of another: singletons and the canonical
-- member of each duplicate cluster.
create or replace view canonical_articles as
select a.*
from articles as a
where not exists (
    select 1
    from duplicates as d
    where d.article_id = a.article_id
      and d.canonical_article_id <> a.article_id
);
