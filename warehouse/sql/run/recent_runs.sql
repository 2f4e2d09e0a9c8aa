-- The latest runs, newest first.
select run_id, status, n_inputs, n_articles, n_quarantined
from runs
order by started_at desc
limit 5;
