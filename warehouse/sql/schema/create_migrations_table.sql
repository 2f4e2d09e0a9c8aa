-- One row per migration applied to this warehouse.
create table if not exists _migrations (
    version integer primary key,
    name varchar not null,
    checksum varchar not null,
    applied_at timestamptz not null default current_timestamp
);
