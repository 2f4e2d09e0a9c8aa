-- After a publish the staged copy is no longer needed. A failed run's staging tables
-- are kept, so what failed validation can be inspected, until the next run.
delete from staging.articles;
delete from staging.tokens;
delete from staging.entities;
delete from staging.dates;
delete from staging.numbers;
delete from staging.sources;
delete from staging.duplicates;
delete from staging.quarantine;
delete from staging.article_discards;
delete from staging.run_formats;
delete from staging.learned_names;
delete from staging.article_paragraphs;
delete from staging.boilerplate_paragraphs;
delete from staging.dedup_bands;
delete from staging.near_duplicate_pairs;
