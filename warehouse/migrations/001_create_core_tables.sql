-- The warehouse contract that every stage writes to and every analyst reads.
--
-- Spans: `start` and "end" are 0-based, end-exclusive character offsets into
-- articles.body, so for every row of tokens, entities, dates, numbers and sources
--     substr(body, start + 1, "end" - start) = text   (token for tokens)
-- holds; the validation suites check it on every run.
--
-- Keys are enforced by the publish step (a run replaces what an earlier run loaded
-- from the same inputs) and checked by the validation suites, not by indexes: an
-- index per token row would cost more memory than the tokens themselves.

-- One row per pipeline run, failed runs included.
create table runs (
    run_id varchar primary key,
    started_at timestamptz not null,
    finished_at timestamptz,
    status varchar not null,            -- running | published | failed
    input_uri varchar not null,
    n_inputs bigint,                    -- input units read (files or records)
    n_articles bigint,                  -- parsed into articles
    n_quarantined bigint,               -- set aside, each with a reason
    config json,                        -- the resolved configuration of the run
    message varchar                     -- why a run failed, in one line
);

-- One row per article (the latest run that read its input wins).
create table articles (
    article_id varchar not null,        -- the file name's hex id, else a stable hash
    run_id varchar not null,
    source_uri varchar not null,
    title varchar not null,
    published_date date,                -- null when the article has no date line
    caption varchar,
    body varchar not null,              -- paragraphs joined by two newlines
    n_paragraphs integer not null,
    content_hash varchar not null,      -- hash of the normalised, punctuation-folded body
    encoding varchar not null           -- utf-8 | utf-8-sig | cp1256
);

-- One row per token of an article body, in reading order.
create table tokens (
    article_id varchar not null,
    token_index integer not null,
    start integer not null,
    "end" integer not null,
    token varchar not null,             -- the body's characters
    token_norm varchar not null,        -- after camel-tools normalisation
    run_id varchar not null
);

-- One row per entity mention.
create table entities (
    article_id varchar not null,
    start integer not null,
    "end" integer not null,
    text varchar not null,
    type varchar not null,              -- PER | ORG | LOC | MISC
    canonical varchar not null,         -- the name aliases and spellings fold to
    run_id varchar not null
);

-- One row per date expression in a body.
create table dates (
    article_id varchar not null,
    start integer not null,
    "end" integer not null,
    text varchar not null,
    value date,                         -- resolved day, or first day of month/year
    precision varchar not null,         -- day | month | year
    role varchar not null,              -- event (the publication date is articles.published_date)
    run_id varchar not null
);

-- One row per number mention.
create table numbers (
    article_id varchar not null,
    start integer not null,
    "end" integer not null,
    text varchar not null,
    value double,
    qualifier varchar not null,         -- exact | approximate | lower_bound | vague
    counted varchar,                    -- the counted noun, when one follows
    run_id varchar not null
);

-- One row per attributed source ("according to ...", "X said").
create table sources (
    article_id varchar not null,
    start integer not null,
    "end" integer not null,
    text varchar not null,
    kind varchar not null,              -- agency | official | media | anonymous | unknown
    name varchar,
    run_id varchar not null
);

-- One row per article and dedup method, for articles in a cluster of two or more.
create table duplicates (
    article_id varchar not null,
    cluster_id varchar not null,
    canonical_article_id varchar not null,  -- earliest published, then longest, then smallest id
    method varchar not null,            -- exact
    similarity double not null,
    run_id varchar not null
);

-- One row per input unit that did not become an article (latest run that read it).
create table quarantine (
    run_id varchar not null,
    source_uri varchar not null,
    reason varchar not null,            -- snake_case, e.g. empty_file, binary_content
    detail varchar,
    raw blob                            -- the input's bytes, so nothing is lost
);

-- One row per run, suite and expectation.
create table validation_results (
    run_id varchar not null,
    suite varchar not null,
    expectation varchar not null,
    success boolean not null,
    details json,
    critical boolean not null,          -- a failing critical expectation blocks publishing
    status varchar not null,            -- passed | failed | errored
    checked_at timestamptz not null
);

-- Write-audit-publish: a run is written here, validated, then published.
create schema staging;
