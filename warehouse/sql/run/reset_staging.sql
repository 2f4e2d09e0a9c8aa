-- Empty staging tables shaped exactly like the published ones (so a migration that
-- changes a published table changes its staging twin too), in the side file attached as
-- the catalog `staging`. `{warehouse}` is the warehouse's own main schema, qualified by
-- its catalog (a view stored in the staging file resolves `main` to the staging file's).
create or replace table staging.articles as select * from {warehouse}.articles limit 0;
create or replace table staging.tokens as select * from {warehouse}.tokens limit 0;
create or replace table staging.entities as select * from {warehouse}.entities limit 0;
create or replace table staging.dates as select * from {warehouse}.dates limit 0;
create or replace table staging.numbers as select * from {warehouse}.numbers limit 0;
create or replace table staging.sources as select * from {warehouse}.sources limit 0;
create or replace table staging.duplicates as select * from {warehouse}.duplicates limit 0;
create or replace table staging.quarantine as select * from {warehouse}.quarantine limit 0;
create or replace table staging.article_discards as select * from {warehouse}.article_discards limit 0;
create or replace table staging.run_formats as select * from {warehouse}.run_formats limit 0;
create or replace table staging.learned_names as select * from {warehouse}.learned_names limit 0;

-- The input files this run read (a source URI without its record part, `#17`), so
-- that reading a file again, with whatever flags, replaces all that was loaded from it.
create or replace view staging.read_files as
select distinct split_part(source_uri, '#', 1) as input_file from staging.articles
union
select distinct split_part(source_uri, '#', 1) from staging.quarantine;

-- Published articles this run replaces: same article id, or read from a file this run
-- read again.
create or replace view staging.replaced_articles as
select article_id from staging.articles
union
select a.article_id
from {warehouse}.articles as a
where split_part(a.source_uri, '#', 1) in (select input_file from staging.read_files);

-- Exact-dedup clusters this run touches: its own hashes and those of what it replaces.
create or replace view staging.touched_hashes as
select content_hash from staging.articles
union
select content_hash
from {warehouse}.articles
where article_id in (select article_id from staging.replaced_articles);

create or replace table staging.article_paragraphs as select * from {warehouse}.article_paragraphs limit 0;
create or replace table staging.boilerplate_paragraphs as
select * from {warehouse}.boilerplate_paragraphs limit 0;
create or replace table staging.dedup_bands as select * from {warehouse}.dedup_bands limit 0;
create or replace table staging.near_duplicate_pairs as
select * from {warehouse}.near_duplicate_pairs limit 0;

-- Paragraph hashes as they stand after this run: staged, and published but not replaced.
create or replace view staging.current_paragraphs as
select article_id, outlet, paragraph_index, paragraph_hash from staging.article_paragraphs
union all
select article_id, outlet, paragraph_index, paragraph_hash
from {warehouse}.article_paragraphs
where article_id not in (select article_id from staging.replaced_articles);
