-- One row per token key.
select article_id, token_index from tokens;
