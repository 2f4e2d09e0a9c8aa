-- One row per article and extraction table (entities, dates, numbers, sources) that
-- holds spans of it: whether the article exists, whether every span's text is the body
-- characters it points at, and the smallest start and length. The comparison is done
-- here, row by row, so only booleans and integers leave DuckDB.
with spans as (
    select 'entities' as span_table, article_id, start, "end", text from entities
    union all
    select 'dates', article_id, start, "end", text from dates
    union all
    select 'numbers', article_id, start, "end", text from numbers
    union all
    select 'sources', article_id, start, "end", text from sources
)
select
    s.span_table::enum ('entities', 'dates', 'numbers', 'sources') as span_table,
    bool_and(a.article_id is not null) as has_article,
    bool_and(coalesce(substr(a.body, s.start + 1, s."end" - s.start) = s.text, false))
        as text_matches,
    min(s.start) as start,
    min(s."end" - s.start) as span_length
from spans as s
left join articles as a on a.article_id = s.article_id
group by s.span_table, s.article_id;
