-- Parameter: the signature scheme. Articles whose MinHash signature this run computes:
-- its own; published ones containing a paragraph whose boilerplate status changed; and
-- published ones without a signature of the current scheme.
with changed as (
    (
        select outlet, paragraph_hash from staging.boilerplate_paragraphs
        except
        select outlet, paragraph_hash from main.boilerplate_paragraphs
    )
    union
    (
        select outlet, paragraph_hash from main.boilerplate_paragraphs
        except
        select outlet, paragraph_hash from staging.boilerplate_paragraphs
    )
),
kept as (
    select article_id
    from main.articles
    where article_id not in (select article_id from staging.replaced_articles)
)
select article_id from staging.articles
union
select p.article_id
from main.article_paragraphs as p
join changed as c on c.outlet = p.outlet and c.paragraph_hash = p.paragraph_hash
where p.article_id in (select article_id from kept)
union
select k.article_id
from kept as k
where not exists (
    select 1 from main.dedup_bands as b where b.article_id = k.article_id and b.scheme = ?
)
order by article_id;
