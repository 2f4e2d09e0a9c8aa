-- One row per run and outcome: the validation history. A warning that did not pass is
-- a warning, not a failure: only critical expectations fail a run.
with outcomes as (
    select
        v.run_id,
        case
            when v.status = 'passed' then 'passed'
            when not v.critical then 'warning'
            else v.status
        end as outcome
    from validation_results as v
)
select
    r.run_id,
    r.started_at,
    r.status as run_status,
    o.outcome as status,
    count(*) as expectations
from outcomes as o
join runs as r using (run_id)
group by r.run_id, r.started_at, r.status, o.outcome
order by r.started_at, o.outcome;
