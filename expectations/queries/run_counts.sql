-- One row: the latest run's counts per article next to the previous published run's.
-- In staging that is the run being audited; in main, the latest published run. Run ids
-- sort by start time. Tokens are counted from articles.n_tokens, which does not depend on
-- how many token rows the run kept (--tokens). Also the share of the run's dates that
-- are unannounced dates after publication: misread or mistyped dates.
with this_run as (
    select max(run_id) as run_id from articles
),
previous as (
    select r.run_id, r.n_articles, r.n_quarantined, r.n_inputs
    from {warehouse}.runs as r, this_run as t
    where r.status = 'published' and r.run_id < t.run_id
    order by r.run_id desc
    limit 1
),
now as (
    select
        (select count(*) from articles as a, this_run as t where a.run_id = t.run_id) as n_articles,
        (select count(*) from quarantine as q, this_run as t where q.run_id = t.run_id) as n_quarantined,
        (select count(*) from entities as e, this_run as t where e.run_id = t.run_id) as n_entities,
        (select sum(a.n_tokens) from articles as a, this_run as t where a.run_id = t.run_id)
            as n_tokens,
        (select avg(coalesce(d.flag = 'after_publication', false)::int)
         from dates as d, this_run as t where d.run_id = t.run_id) as date_after_publication_share
),
before as (
    select
        p.n_articles,
        p.n_quarantined,
        p.n_inputs,
        (select count(*) from {warehouse}.entities as e where e.run_id = p.run_id) as n_entities,
        (select sum(a.n_tokens) from {warehouse}.articles as a where a.run_id = p.run_id) as n_tokens
    from previous as p
)
select
    n.n_articles,
    coalesce(n.date_after_publication_share, 0) as date_after_publication_share,
    n.n_quarantined / greatest(n.n_articles + n.n_quarantined, 1) as quarantine_share,
    n.n_quarantined / greatest(n.n_articles + n.n_quarantined, 1)
        - b.n_quarantined / greatest(b.n_inputs, 1) as quarantine_share_change,
    (n.n_entities / greatest(n.n_articles, 1))
        / nullif(b.n_entities / greatest(b.n_articles, 1), 0) as entities_per_article_ratio,
    (n.n_tokens / greatest(n.n_articles, 1))
        / nullif(b.n_tokens / greatest(b.n_articles, 1), 0) as tokens_per_article_ratio
from now as n
left join before as b on true;
