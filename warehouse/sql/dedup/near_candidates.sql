-- Parameters: the scheme, twice. Candidate pairs: a freshly signed article and any
-- other article, fresh or published (and not signed again), sharing an LSH band.
with fresh as (
    select article_id, band, band_hash from staging.dedup_bands where scheme = ?
),
published as (
    select article_id, band, band_hash
    from main.dedup_bands
    where scheme = ?
      and article_id not in (select article_id from fresh)
      and article_id not in (select article_id from staging.replaced_articles)
),
everything as (
    select * from fresh
    union all
    select * from published
)
select distinct
    least(f.article_id, o.article_id) as article_a,
    greatest(f.article_id, o.article_id) as article_b
from fresh as f
join everything as o on o.band = f.band and o.band_hash = f.band_hash
where o.article_id <> f.article_id
order by article_a, article_b;
