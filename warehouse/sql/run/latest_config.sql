-- The configuration of the latest published run.
select config from runs where status = 'published' order by started_at desc limit 1;
