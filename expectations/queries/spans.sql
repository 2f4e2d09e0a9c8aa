-- One row per span row of the extraction tables, beside the body characters it points
-- at. body_slice is null when the span's article is missing (an orphan row).
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
    s.span_table,
    s.article_id,
    s.start,
    s."end",
    s."end" - s.start as span_length,
    s.text,
    substr(a.body, s.start + 1, s."end" - s.start) as body_slice
from spans as s
left join articles as a on a.article_id = s.article_id;
