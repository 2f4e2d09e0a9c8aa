-- One row per article, with what the articles suite checks. Text columns are reduced to
-- booleans here, so that only ids, numbers and flags leave DuckDB for GX's pandas frame
-- (the bodies of a million articles would be gigabytes).
select
    article_id,
    body is not null as has_body,
    coalesce(regexp_matches(title, '[ء-ي]'), false) as title_has_arabic_letter,
    coalesce(regexp_matches(body, '[ء-ي]'), false) as body_has_arabic_letter,
    title is not null as has_title,
    content_hash is not null as has_content_hash,
    n_paragraphs,
    n_tokens,
    arabic_letter_share,
    type_token_ratio,
    date_diff('day', published_date, current_date) as published_days_ago
from articles;
