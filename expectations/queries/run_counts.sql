-- One row: the latest run's counts per article next to the previous published run's.
-- In staging that is the run being audited; in main, the latest published run. Run ids
-- sort by start time.
with this_run as (
    select max(run_id) as run_id from articles
),
previous as (
    select r.run_id, r.n_articles, r.n_quarantined, r.n_inputs
    from main.runs as r, this_run as t
    where r.status = 'published' and r.run_id < t.run_id
    order by r.run_id desc
    limit 1
),
now as (
    select
        (select count(*) from articles as a, this_run as t where a.run_id = t.run_id) as n_articles,
        (select count(*) from quarantine as q, this_run as t where q.run_id = t.run_id) as n_quarantined,
        (select count(*) from entities as e, this_run as t where e.run_id = t.run_id) as n_entities,
        (select count(*) from tokens as k, this_run as t where k.run_id = t.run_id) as n_tokens
),
before as (
    select
        p.n_articles,
        p.n_quarantined,
        p.n_inputs,
        (select count(*) from main.entities as e where e.run_id = p.run_id) as n_entities,
        (select count(*) from main.tokens as k where k.run_id = p.run_id) as n_tokens
    from previous as p
)
select
    n.n_articles,
    n.n_quarantined / greatest(n.n_articles + n.n_quarantined, 1) as quarantine_share,
    n.n_quarantined / greatest(n.n_articles + n.n_quarantined, 1)
        - b.n_quarantined / greatest(b.n_inputs, 1) as quarantine_share_change,
    (n.n_entities / greatest(n.n_articles, 1))
        / nullif(b.n_entities / greatest(b.n_articles, 1), 0) as entities_per_article_ratio,
    (n.n_tokens / greatest(n.n_articles, 1))
        / nullif(b.n_tokens / greatest(b.n_articles, 1), 0) as tokens_per_article_ratio
from now as n
left join before as b on true;
