-- One row per article of the tokens table: whether the article exists, whether every
-- token's span points at its text, and the smallest start and length. Tokens are by
-- far the largest table, so the comparison is done here and one row per article, of
-- booleans and integers, leaves DuckDB.
--
-- Comparing a span's text is a substr by characters, which walks the body up to the
-- span: ~25 s for SaudiNewsNet's 7.5M tokens. Up to $max_compared_tokens tokens every
-- article is compared; above, a fixed sample of the articles (by the hash of article_id)
-- holding about that many tokens, and text_matches is NULL (not compared) for the
-- others. The other columns cover every token, from the tokens table alone: only the
-- compared articles' tokens meet their bodies.
with every_token as (select count(*) as n from tokens),
compared as (
    select a.article_id, a.body
    from articles as a, every_token as e
    where e.n <= $max_compared_tokens
        or hash(a.article_id) % ceil(e.n / $max_compared_tokens)::ubigint = 0
),
spans as (
    select article_id, min(start) as start, min("end" - start) as span_length
    from tokens
    group by article_id
),
matches as (
    select
        t.article_id,
        bool_and(coalesce(substr(c.body, t.start + 1, t."end" - t.start) = t.token, false))
            as text_matches
    from tokens as t
    join compared as c on c.article_id = t.article_id
    group by t.article_id
)
select
    exists (select 1 from articles as a where a.article_id = s.article_id) as has_article,
    m.text_matches,
    s.start,
    s.span_length
from spans as s
left join matches as m on m.article_id = s.article_id;
