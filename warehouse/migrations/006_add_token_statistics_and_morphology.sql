-- Tokenisation at corpus scale (issue #3): per-article token statistics, and lemma and
-- part of speech per token when a camel-tools morphology database is installed.
alter table articles add column n_tokens integer;              -- tokens of the normalised body
alter table articles add column arabic_letter_share double;    -- Arabic letters / all letters of the body
alter table articles add column latin_token_share double;      -- word tokens with a Latin letter / word tokens
alter table articles add column type_token_ratio double;       -- distinct token_norm / word tokens
alter table tokens add column lemma varchar;                   -- camel-tools lexeme (null without a database)
alter table tokens add column pos varchar;                     -- camel-tools part of speech (null without a database)
