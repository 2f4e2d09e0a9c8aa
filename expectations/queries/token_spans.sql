-- One row per article of the tokens table: whether the article exists, whether every
-- token's span points at its text, and the smallest start and length. Tokens are by
-- far the largest table, so the comparison is done here and one row per article, of
-- booleans and integers, leaves DuckDB.
select
    bool_and(a.article_id is not null) as has_article,
    bool_and(coalesce(substr(a.body, t.start + 1, t."end" - t.start) = t.token, false))
        as text_matches,
    min(t.start) as start,
    min(t."end" - t.start) as span_length
from tokens as t
left join articles as a on a.article_id = t.article_id
group by t.article_id;
