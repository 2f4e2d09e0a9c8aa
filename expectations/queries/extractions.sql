-- One row per extracted fact, with its categorical fields (null where not applicable).
select 'entities' as fact_table, type as entity_type, canonical,
       null as date_precision, null as date_role, null as date_flag,
       null::boolean as date_after_publication,
       null as number_qualifier, null::double as number_magnitude, null as source_kind
from entities
union all
select 'dates', null, null, precision, role, flag,
       coalesce(flag = 'after_publication', false), null, null, null
from dates
union all
select 'numbers', null, null, null, null, null, null, qualifier, magnitude, null from numbers
union all
select 'sources', null, null, null, null, null, null, null, null, kind from sources;
