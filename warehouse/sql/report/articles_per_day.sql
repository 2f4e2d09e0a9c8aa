-- One row per publication day and outlet: canonical articles published.
select published_date, outlet, count(*) as articles
from mart_articles
where published_date is not null
group by published_date, outlet
order by published_date, outlet;
