-- Runs still `running` when a new run starts were killed (one writer holds the file at
-- a time): record them as failed. Returns their ids.
update runs
set finished_at = current_timestamp,
    status = 'failed',
    message = 'interrupted: the process ended before the run finished'
where status = 'running'
returning run_id;
