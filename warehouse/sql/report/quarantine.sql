-- One row per quarantine reason, over what the warehouse holds now.
select reason, sum(n_inputs) as inputs
from mart_quarantine
group by reason
order by inputs desc, reason;
