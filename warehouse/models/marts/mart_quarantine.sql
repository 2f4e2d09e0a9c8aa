-- One row per run and quarantine reason.
create or replace view mart_quarantine as
select
    run_id,
    reason,
    count(*) as n_inputs,
    min(source_uri) as example_source_uri,
    sum(octet_length(raw)) as raw_bytes
from quarantine
group by run_id, reason;

comment on view mart_quarantine is 'One row per run and quarantine reason: what was set aside, and why.';
comment on column mart_quarantine.run_id is 'The run that read the inputs (key).';
comment on column mart_quarantine.reason is 'Why they did not become articles (key).';
comment on column mart_quarantine.n_inputs is 'Input units set aside for this reason.';
comment on column mart_quarantine.example_source_uri is 'One of them, to look at.';
comment on column mart_quarantine.raw_bytes is 'Their raw bytes kept in quarantine.raw.';
