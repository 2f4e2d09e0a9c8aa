insert into validation_results
    (run_id, suite, expectation, success, details, critical, status, checked_at)
values (?, ?, ?, ?, ?, ?, ?, current_timestamp);
