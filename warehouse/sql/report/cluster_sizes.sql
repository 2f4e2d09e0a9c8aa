-- One row per cluster size: how many stories were carried that many times.
select n_members as members, count(*) as clusters
from mart_story_clusters
group by n_members
order by n_members;
