-- One row per quarantined input.
select source_uri, reason, detail, octet_length(raw) as raw_bytes from quarantine;
