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
