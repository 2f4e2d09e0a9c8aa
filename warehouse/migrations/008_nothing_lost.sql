-- Nothing lost, nothing silently wrong (issue #15): the date as written, the record's
-- own id and metadata, a count that proves no text was dropped, the lines no field
-- keeps, and what each run read in which format.
alter table articles add column published_text varchar;   -- the publication date as written: a text file's date line, a record's date field
alter table articles add column record_id varchar;        -- the record's own id (TREC DOCNO, a JSON id)
alter table articles add column section varchar;          -- the outlet's section or category (TREC CAT)
alter table articles add column summary varchar;          -- an abstract or lead given with the record (TREC ABSTRACT)
alter table articles add column n_input_chars bigint;     -- non-space characters of the decoded input (a record: its title and body)
alter table quarantine add column input_format varchar;   -- the format the input was read as
alter table validation_results add column hint varchar;   -- for a failed expectation: the likely cause and fix

-- One row per line of an article's input that no field keeps (UI debris), and why:
-- title + date line + caption + byline + body + these lines = the whole input.
create table article_discards (
    article_id varchar not null,
    line_no integer not null,           -- 1-based line of the decoded text (a record: of its body)
    text varchar not null,
    reason varchar not null,            -- debris
    rule varchar,                       -- the debris pattern that matched
    run_id varchar not null
);

-- One row per run, input format and how the format was chosen: what the run read.
create table run_formats (
    run_id varchar not null,
    input_format varchar not null,      -- text | json | jsonl | csv | parquet | trec | html | ...
    format_source varchar not null,     -- extension | content | flag
    n_inputs bigint not null,           -- input units read in this format
    n_articles bigint not null,
    n_unmapped_title bigint not null,   -- records holding a title, outlet, date or URL under
    n_unmapped_published bigint not null, -- a known key that the field mapping did not use
    n_unmapped_outlet bigint not null,
    n_unmapped_url bigint not null,
    example_unmapped varchar            -- e.g. outlet=SRC
);
