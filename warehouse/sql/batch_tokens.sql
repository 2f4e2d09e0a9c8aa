-- Word tokens of the articles in the registered frame dedup_batch, in reading order,
-- with the body they index into and their outlet.
with wanted as (select article_id from dedup_batch),
tokens as (
    select article_id, token_index, start, token_norm from staging.tokens
    where article_id in (select article_id from wanted)
    union all
    select article_id, token_index, start, token_norm from main.tokens
    where article_id in (select article_id from wanted)
      and article_id not in (select article_id from staging.articles)
)
select article_id, token_index, start, token_norm from tokens
order by article_id, token_index;
