-- Parameter: the minimum number of articles. One row per outlet and paragraph found in
-- at least that many articles of the outlet, staged or published (not replaced).
with paragraphs as (
    select * from staging.current_paragraphs
),
counted as (
    select
        outlet,
        paragraph_hash,
        count(distinct article_id) as n_articles,
        min(article_id) as example_article_id
    from paragraphs
    where paragraph_hash is not null
    group by outlet, paragraph_hash
    having count(distinct article_id) >= ?
),
bodies as (
    select article_id, body from staging.articles
    union all
    select article_id, body
    from main.articles
    where article_id not in (select article_id from staging.replaced_articles)
)
select
    c.outlet,
    c.paragraph_hash,
    c.n_articles,
    string_split(b.body, chr(10) || chr(10))[p.paragraph_index + 1] as example
from counted as c
join paragraphs as p
    on p.article_id = c.example_article_id
    and p.outlet = c.outlet
    and p.paragraph_hash = c.paragraph_hash
join bodies as b on b.article_id = c.example_article_id
qualify row_number() over (partition by c.outlet, c.paragraph_hash order by p.paragraph_index) = 1;
