-- One row: of this run's near-duplicate pairs and clustered articles, how many are
-- exact copies already (same content hash), so that the summary does not count them twice.
with current_articles as (
    select article_id, content_hash from staging.articles
    union all
    select article_id, content_hash
    from main.articles
    where article_id not in (select article_id from staging.replaced_articles)
),
copies as (
    select content_hash from current_articles group by content_hash having count(*) > 1
)
select
    (
        select count(*)
        from staging.near_duplicate_pairs as p
        join current_articles as a on a.article_id = p.article_a
        join current_articles as b on b.article_id = p.article_b
        where a.content_hash = b.content_hash
    ) as exact_copy_pairs,
    (
        select count(*)
        from staging.duplicates as d
        join current_articles as a on a.article_id = d.article_id
        where d.method = 'near' and a.content_hash in (select content_hash from copies)
    ) as near_articles_also_exact;
