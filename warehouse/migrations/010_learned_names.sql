-- Persons learned from the corpus (issue #18): a name seen in a strong context (after a
-- title, as a speaker, in a patronymic chain) is known from then on, in the run that
-- learned it and in every later run. Names stay when the articles that taught them
-- are replaced: they are knowledge of the corpus, not facts of one article.
-- One row per name (as first written, diacritics removed), with the run and article
-- that first taught it.
create table learned_names (
    name varchar not null,
    type varchar not null,              -- PER
    evidence varchar not null,          -- title | chain | speech | given: the context that taught it
    n_evidence integer not null,        -- strong contexts in the shard that taught it
    first_article_id varchar not null,
    run_id varchar not null
);
