-- Whether this database has akhbar's migration log.
select count(*) > 0 from information_schema.tables where table_name = '_migrations';
