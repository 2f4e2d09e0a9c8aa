-- Record formats (JSON, CSV, Parquet, TREC XML) carry metadata that seed-layout files
-- do not; the cleaning step reports what it removed. Records may lack a title.
alter table articles add column outlet varchar;            -- the publishing outlet, when known
alter table articles add column url varchar;
alter table articles add column author varchar;
alter table articles add column byline varchar;            -- byline/dateline/credit moved out of the body
alter table articles add column input_format varchar;      -- text | json | jsonl | csv | parquet | trec
alter table articles add column n_controls_removed integer; -- zero-width and bidi controls removed
alter table articles alter column title drop not null;
