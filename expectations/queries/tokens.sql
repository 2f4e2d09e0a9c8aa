-- One row per article of the tokens table: how many of its token_index values repeat
-- (a token key is article_id + token_index).
select count(*) - count(distinct token_index) as repeated_token_indexes
from tokens
group by article_id;
