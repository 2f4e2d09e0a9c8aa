-- One row per run and expectation status: the validation history.
select
    r.run_id,
    r.started_at,
    r.status as run_status,
    v.status,
    count(*) as expectations
from validation_results as v
join runs as r using (run_id)
group by all
order by r.started_at, v.status;
