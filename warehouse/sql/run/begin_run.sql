insert into runs (run_id, started_at, status, input_uri, config)
values (?, current_timestamp, 'running', ?, ?);
