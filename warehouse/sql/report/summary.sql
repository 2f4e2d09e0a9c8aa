-- The report's headline numbers.
select
    (select count(*) from articles) as articles,
    (select count(*) from mart_articles) as canonical_articles,
    (select count(distinct outlet) from stg_articles) as outlets,
    (select count(*) from mart_story_clusters) as story_clusters,
    (select count(*) from quarantine) as quarantined,
    (select min(published_date) from articles) as first_day,
    (select max(published_date) from articles) as last_day,
    (select count(*) from articles where published_date is null) as undated,
    (select count(*) from runs) as runs;
