-- One row per token: whether its span points at its text. Tokens are by far the largest
-- table, so the comparison is done here and only booleans and integers leave DuckDB.
select
    t.start,
    t."end" - t.start as span_length,
    a.article_id is not null as has_article,
    coalesce(substr(a.body, t.start + 1, t."end" - t.start) = t.token, false) as text_matches
from tokens as t
left join articles as a on a.article_id = t.article_id;
