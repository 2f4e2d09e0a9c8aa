-- The persons earlier runs learned (`learned_names`), which a run finds in its shards too.
select name from learned_names order by name;
