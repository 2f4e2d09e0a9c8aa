-- The 10 most mentioned entities in the warehouse, for the run summary.
select canonical, type, count(*) as mentions, count(distinct article_id) as articles
from entities
group by canonical, type
order by mentions desc, canonical
limit 10;
