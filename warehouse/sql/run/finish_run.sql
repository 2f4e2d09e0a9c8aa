-- Parameters: status, n_inputs, n_articles, n_quarantined, message, run_id.
update runs
set finished_at = current_timestamp,
    status = ?,
    n_inputs = ?,
    n_articles = ?,
    n_quarantined = ?,
    message = ?
where run_id = ?;
