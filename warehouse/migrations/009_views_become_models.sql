-- Views move out of migrations (issue #17): warehouse/models/{staging,marts}/*.sql are
-- re-applied every time the warehouse is opened for writing, so changing a view no
-- longer needs a migration. Migrations keep table DDL only. Count columns of the marts
-- are now named n_* (n_mentions, n_articles, n_outlets, n_members, n_citations,
-- n_inputs, n_cluster_members); quarantine_summary, which mart_quarantine repeats, is gone.
drop view if exists mart_entity_daily;
drop view if exists mart_articles;
drop view if exists mart_story_clusters;
drop view if exists mart_attributions;
drop view if exists mart_quarantine;
drop view if exists stg_story_members;
drop view if exists stg_articles;
drop view if exists canonical_articles;
drop view if exists quarantine_summary;
