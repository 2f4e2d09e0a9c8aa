-- One row per article of the tokens table: how many of its token_index values repeat
-- (a token key is article_id + token_index).
--
-- Counting distinct indexes per article costs ~0.2 us a token (8.6 s for 51M), so it
-- is exact for the articles the token-span check compares (every k-th by the hash of
-- article_id, about $max_compared_tokens tokens; all of them below that) and a lower
-- bound for the others: more tokens than the range of their indexes means repeats, as
-- when an article's tokens are written twice.
with sampling as (
    select greatest(ceil(count(*) / $max_compared_tokens), 1)::ubigint as every from tokens
),
exact as (
    select t.article_id, count(*) - count(distinct t.token_index) as repeated
    from tokens as t, sampling as s
    where hash(t.article_id) % s.every = 0
    group by t.article_id
),
bound as (
    select article_id, count(*) - (max(token_index) - min(token_index) + 1) as repeated
    from tokens
    group by article_id
)
select coalesce(e.repeated, greatest(b.repeated, 0)) as repeated_token_indexes
from bound as b
left join exact as e on e.article_id = b.article_id;
