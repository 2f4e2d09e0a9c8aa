-- One row per article of the tokens table: whether the article exists, whether every
-- token's span points at its text, and the smallest start and length. Tokens are by
-- far the largest table, so the comparison is done here and one row per article, of
-- booleans and integers, leaves DuckDB.
--
-- Comparing a span's text is a substr by characters, which walks the body up to the
-- span (~4 us a token on 100,000 articles of ~2,700 characters). Up to
-- $max_compared_tokens tokens every article is compared; above, a fixed sample of the
-- articles (every k-th by the hash of article_id) holding about that many tokens, and
-- text_matches is NULL (not compared) for the others. The other columns cover every
-- token, from the tokens table alone: only the sampled articles' tokens and bodies are
-- read together.
with sampling as (
    select greatest(ceil(count(*) / $max_compared_tokens), 1)::ubigint as every from tokens
),
compared as (
    select a.article_id, a.body
    from articles as a, sampling as s
    where hash(a.article_id) % s.every = 0
),
matches as (
    select
        t.article_id,
        bool_and(coalesce(substr(c.body, t.start + 1, t."end" - t.start) = t.token, false))
            as text_matches
    from tokens as t, sampling as s
    join compared as c on c.article_id = t.article_id
    where hash(t.article_id) % s.every = 0
    group by t.article_id
),
spans as (
    select article_id, min(start) as start, min("end" - start) as span_length
    from tokens
    group by article_id
)
select
    exists (select 1 from articles as a where a.article_id = s.article_id) as has_article,
    m.text_matches,
    s.start,
    s.span_length
from spans as s
left join matches as m on m.article_id = s.article_id;
