-- One row per near-duplicate cluster member.
create or replace view stg_story_members as
select
    article_id,
    cluster_id,
    canonical_article_id,
    similarity,
    article_id = canonical_article_id as is_canonical
from duplicates
where method = 'near';
