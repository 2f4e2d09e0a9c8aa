-- Row counts of the published tables, in the order `akhbar info` prints them.
select 'runs' as table_name, count(*) as n_rows from runs
union all select 'articles', count(*) from articles
union all select 'tokens', count(*) from tokens
union all select 'entities', count(*) from entities
union all select 'dates', count(*) from dates
union all select 'numbers', count(*) from numbers
union all select 'sources', count(*) from sources
union all select 'learned_names', count(*) from learned_names
union all select 'duplicates', count(*) from duplicates
union all select 'near_duplicate_pairs', count(*) from near_duplicate_pairs
union all select 'boilerplate_paragraphs', count(*) from boilerplate_paragraphs
union all select 'article_discards', count(*) from article_discards
union all select 'quarantine', count(*) from quarantine
union all select 'validation_results', count(*) from validation_results;
