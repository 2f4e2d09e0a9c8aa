-- One row per cluster size: how many stories were carried that many times.
select members, count(*) as clusters
from mart_story_clusters
group by members
order by members;
