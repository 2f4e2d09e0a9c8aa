-- One row per article and extraction table (entities, dates, numbers, sources) that
-- holds spans of it: whether the article exists, whether every span's text is the body
-- characters it points at, and the smallest start and length. The comparison is done
-- here, row by row, so only booleans and integers leave DuckDB.
--
-- Like the token-span check, comparing a span's text walks the body up to the span
-- (~3.4 us a span on 100,000 articles): up to $max_compared_spans spans every article
-- is compared, above that every k-th article by the hash of article_id, and
-- text_matches is NULL for the others. The other columns cover every span.
with spans as (
    select 'entities' as span_table, article_id, start, "end", text from entities
    union all
    select 'dates', article_id, start, "end", text from dates
    union all
    select 'numbers', article_id, start, "end", text from numbers
    union all
    select 'sources', article_id, start, "end", text from sources
),
sampling as (
    select greatest(ceil(count(*) / $max_compared_spans), 1)::ubigint as every from spans
),
compared as (
    select a.article_id, a.body
    from articles as a, sampling as s
    where hash(a.article_id) % s.every = 0
),
matches as (
    select
        p.span_table,
        p.article_id,
        bool_and(coalesce(substr(c.body, p.start + 1, p."end" - p.start) = p.text, false))
            as text_matches
    from spans as p, sampling as s
    join compared as c on c.article_id = p.article_id
    where hash(p.article_id) % s.every = 0
    group by p.span_table, p.article_id
),
per_article as (
    select span_table, article_id, min(start) as start, min("end" - start) as span_length
    from spans
    group by span_table, article_id
)
select
    p.span_table::enum ('entities', 'dates', 'numbers', 'sources') as span_table,
    exists (select 1 from articles as a where a.article_id = p.article_id) as has_article,
    m.text_matches,
    p.start,
    p.span_length
from per_article as p
left join matches as m on m.span_table = p.span_table and m.article_id = p.article_id;
