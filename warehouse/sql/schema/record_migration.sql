insert into _migrations (version, name, checksum) values (?, ?, ?);
