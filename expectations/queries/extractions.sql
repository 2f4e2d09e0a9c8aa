-- One row per distinct combination of the extraction tables' categorical fields (null
-- where not applicable), with how many facts have it. The value-set checks pass or fail
-- exactly as they would on every fact, from a frame of a few hundred rows.
with facts as (
    select 'entities' as fact_table, type as entity_type,
           null as date_precision, null as date_role, null as date_flag,
           null as number_qualifier, null::double as number_magnitude, null as source_kind
    from entities
    union all
    select 'dates', null, precision, role, flag, null, null, null from dates
    union all
    select 'numbers', null, null, null, null, qualifier, magnitude, null from numbers
    union all
    select 'sources', null, null, null, null, null, null, kind from sources
)
select *, count(*) as n_facts
from facts
group by all;
