-- One row per article of the tokens table: whether the article exists, whether every
-- token's span points at its text, and the smallest start and length. Tokens are by
-- far the largest table, so the comparison is done here and one row per article, of
-- booleans and integers, leaves DuckDB.
--
-- Comparing a span's text is a substr by characters, which walks the body up to the
-- span: ~25 s for SaudiNewsNet's 7.5M tokens. Up to $max_compared_tokens tokens every
-- article is compared; above, a fixed sample of the articles (by the hash of article_id)
-- holding about that many tokens, and text_matches is NULL (not compared) for the
-- others. The other columns cover every token.
with every_token as (select count(*) as n from tokens),
compared as (
    select a.article_id
    from articles as a, every_token as e
    where e.n <= $max_compared_tokens
        or hash(a.article_id) % ceil(e.n / $max_compared_tokens)::ubigint = 0
)
select
    bool_and(a.article_id is not null) as has_article,
    bool_and(
        case
            when c.article_id is not null
                then coalesce(substr(a.body, t.start + 1, t."end" - t.start) = t.token, false)
        end
    ) as text_matches,
    min(t.start) as start,
    min(t."end" - t.start) as span_length
from tokens as t
left join articles as a on a.article_id = t.article_id
left join compared as c on c.article_id = t.article_id
group by t.article_id;
