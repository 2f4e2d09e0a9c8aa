-- One row per article, with what the articles suite checks.
select
    article_id,
    source_uri,
    title,
    body,
    content_hash,
    n_paragraphs,
    n_tokens,
    arabic_letter_share,
    type_token_ratio,
    date_diff('day', published_date, current_date) as published_days_ago
from articles;
