-- One row per run: every input unit it read ended as an article or a quarantine row
-- (balanced), and how many of those rows the warehouse holds now (a later run over
-- the same inputs takes them over). A run that was killed has no counts (null).
select
    r.run_id,
    r.status,
    r.n_inputs,
    r.n_articles,
    r.n_quarantined,
    r.n_inputs = r.n_articles + r.n_quarantined as balanced,
    (select count(*) from articles as a where a.run_id = r.run_id) as articles_now,
    (select count(*) from quarantine as q where q.run_id = r.run_id) as quarantined_now
from runs as r
order by r.started_at;
