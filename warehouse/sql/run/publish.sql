-- Publish the staged run. The caller wraps this in one transaction together with the
-- run's validation results and status, so readers see all of the run or none of it.
create or replace temp table publish_replaced as
select article_id from staging.replaced_articles;

create or replace temp table publish_hashes as
select content_hash from staging.touched_hashes;

delete from main.duplicates
where article_id in (select article_id from publish_replaced)
   or (method = 'exact' and cluster_id in (select content_hash from publish_hashes));
delete from main.tokens where article_id in (select article_id from publish_replaced);
delete from main.entities where article_id in (select article_id from publish_replaced);
delete from main.dates where article_id in (select article_id from publish_replaced);
delete from main.numbers where article_id in (select article_id from publish_replaced);
delete from main.sources where article_id in (select article_id from publish_replaced);
delete from main.article_discards where article_id in (select article_id from publish_replaced);
delete from main.articles where article_id in (select article_id from publish_replaced);
delete from main.quarantine
where split_part(source_uri, '#', 1) in (select input_file from staging.read_files);

insert into main.articles by name select * from staging.articles;
insert into main.tokens by name select * from staging.tokens;
insert into main.entities by name select * from staging.entities;
insert into main.dates by name select * from staging.dates;
insert into main.numbers by name select * from staging.numbers;
insert into main.sources by name select * from staging.sources;
insert into main.duplicates by name select * from staging.duplicates where method = 'exact';
insert into main.quarantine by name select * from staging.quarantine;
insert into main.article_discards by name select * from staging.article_discards;
insert into main.run_formats by name select * from staging.run_formats;
-- Names new to the warehouse, once each (two shards may learn the same name).
insert into main.learned_names by name
select * from staging.learned_names as s
where not exists (select 1 from main.learned_names as m where m.name = s.name)
qualify row_number() over (partition by s.name order by s.n_evidence desc, s.first_article_id) = 1;

-- Near-duplicate state: paragraphs of replaced articles go; bands and pairs of every
-- article signed again this run are replaced; boilerplate and near clusters are
-- recomputed whole by each run.
create or replace temp table publish_signed as
select distinct article_id from staging.dedup_bands
union
select article_id from publish_replaced;

delete from main.article_paragraphs where article_id in (select article_id from publish_replaced);
insert into main.article_paragraphs by name select * from staging.article_paragraphs;
delete from main.boilerplate_paragraphs;
insert into main.boilerplate_paragraphs by name select * from staging.boilerplate_paragraphs;
delete from main.dedup_bands where article_id in (select article_id from publish_signed);
insert into main.dedup_bands by name select * from staging.dedup_bands;
delete from main.near_duplicate_pairs
where article_a in (select article_id from publish_signed)
   or article_b in (select article_id from publish_signed);
insert into main.near_duplicate_pairs by name select * from staging.near_duplicate_pairs;
delete from main.duplicates where method = 'near';
insert into main.duplicates by name select * from staging.duplicates where method = 'near';
