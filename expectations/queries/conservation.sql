-- One row per article: whether its fields and its discarded lines hold every non-space
-- character of its decoded input (articles.n_input_chars, counted at ingest). A text
-- file's date line counts (published_text); a record's date is metadata and does not.
-- Articles loaded before this count existed (n_input_chars null) are not judged.
with discarded as (
    select article_id, sum(length(replace(replace(text, ' ', ''), chr(10), ''))) as n_chars
    from article_discards
    group by article_id
),
kept as (
    select
        a.article_id,
        a.n_input_chars,
        length(replace(replace(coalesce(a.title, ''), ' ', ''), chr(10), ''))
        + case when a.input_format = 'text'
            then length(replace(replace(coalesce(a.published_text, ''), ' ', ''), chr(10), ''))
            else 0 end
        + length(replace(replace(coalesce(a.caption, ''), ' ', ''), chr(10), ''))
        + length(replace(replace(coalesce(a.byline, ''), ' ', ''), chr(10), ''))
        + length(replace(replace(coalesce(a.body, ''), ' ', ''), chr(10), ''))
        + coalesce(d.n_chars, 0) as n_kept_chars
    from articles as a
    left join discarded as d on d.article_id = a.article_id
)
select
    article_id,
    coalesce(n_input_chars = n_kept_chars, true) as chars_conserved,
    n_kept_chars - n_input_chars as chars_difference
from kept;
