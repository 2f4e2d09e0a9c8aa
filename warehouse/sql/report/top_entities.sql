-- One row per month and entity, for the 12 most mentioned entities.
with top as (
    select canonical, type, sum(n_mentions) as total
    from mart_entity_daily
    group by canonical, type
    order by total desc, canonical
    limit 12
)
select
    e.canonical || ' (' || e.type || ')' as entity,
    date_trunc('month', e.day) as month,
    sum(e.n_mentions) as mentions,
    any_value(t.total) as total
from mart_entity_daily as e
join top as t on t.canonical = e.canonical and t.type = e.type
where e.day is not null
group by all
order by total desc, month;
