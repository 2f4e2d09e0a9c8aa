insert into validation_results
    (run_id, suite, expectation, success, details, critical, status, hint, checked_at)
values (?, ?, ?, ?, ?, ?, ?, ?, current_timestamp);
