-- A run stages into a side file (`<warehouse>.staging`, attached as the catalog
-- `staging` while the run writes it, deleted when it publishes: issue #19), so the
-- warehouse file no longer keeps a freed copy of the last staged run. The schema that
-- held the staging tables goes; a catalog and a schema both named staging would make
-- `staging.articles` ambiguous.
drop schema if exists staging cascade;
