-- One row: how the latest run read its corpus, as shares that a misread corpus drives
-- up (a TREC file read as plain text: titles that are ids, no dates, no outlet). In
-- staging that is the run being audited; in main, the latest published run. Examples
-- of each go into the failure's hint. The share checks judge runs of at least
-- $min_articles articles (a handful is no corpus); the quarantine share judges every run.
with this_run as (
    select coalesce(
        (select max(run_id) from articles), (select max(run_id) from quarantine)
    ) as run_id
),
run_articles as (
    select
        a.*,
        a.title is not null
        and (
            not regexp_matches(a.title, '[ء-ي]')
            or regexp_matches(a.title, '^[A-Za-z0-9_.:/#+-]+$')
        ) as bad_title
    from articles as a, this_run as t
    where a.run_id = t.run_id and a.n_input_chars is not null  -- loaded by akhbar >= 0.2
),
run_quarantine as (
    select q.* from quarantine as q, this_run as t where q.run_id = t.run_id
),
formats as (
    select
        sum(f.n_inputs) as n_inputs,
        greatest(
            sum(f.n_unmapped_title), sum(f.n_unmapped_published),
            sum(f.n_unmapped_outlet), sum(f.n_unmapped_url)
        ) as n_unmapped,
        any_value(f.example_unmapped) as example_unmapped
    from run_formats as f, this_run as t
    where f.run_id = t.run_id and f.input_format <> 'text'
),
top_reason as (
    select reason, count(*) as n, any_value(detail) as detail
    from run_quarantine
    group by reason
    order by n desc, reason
    limit 1
),
shares as (
    select
        (select count(*) from run_articles) as n_articles,
        coalesce((select avg(bad_title::int) from run_articles), 0) as bad_title_share,
        (select any_value(title) from run_articles where bad_title) as example_bad_title,
        coalesce(
            (
                select avg((published_date is null)::int) from run_articles
                where published_text is not null
            ),
            0
        ) as unparsed_date_share,
        (
            select any_value(published_text) from run_articles
            where published_text is not null and published_date is null
        ) as example_unparsed_date,
        coalesce(
            (
                select avg((published_text is null)::int) from run_articles
                where input_format = 'text'
            ),
            0
        ) as undated_share,
        coalesce((select n_unmapped / greatest(n_inputs, 1) from formats), 0) as unmapped_share,
        (select example_unmapped from formats) as example_unmapped,
        (select count(*) from run_quarantine)
        / greatest(
            (select count(*) from run_articles) + (select count(*) from run_quarantine), 1
        ) as quarantine_share,
        (select reason from top_reason) as top_quarantine_reason,
        (select detail from top_reason) as top_quarantine_detail
)
select
    n_articles,
    case when n_articles >= $min_articles then bad_title_share end as bad_title_share,
    example_bad_title,
    case when n_articles >= $min_articles then unparsed_date_share end as unparsed_date_share,
    example_unparsed_date,
    case when n_articles >= $min_articles then undated_share end as undated_share,
    case when n_articles >= $min_articles then unmapped_share end as unmapped_share,
    example_unmapped,
    quarantine_share,
    top_quarantine_reason,
    top_quarantine_detail
from shares;
