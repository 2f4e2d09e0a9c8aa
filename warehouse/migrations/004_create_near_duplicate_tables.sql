-- Near-duplicate detection keeps its state in the warehouse, so that a run matches its
-- articles against everything loaded before and loading day by day gives the same
-- clusters as loading everything at once.

-- One row per paragraph of an article: a hash of its letters, for boilerplate detection.
create table article_paragraphs (
    article_id varchar not null,
    outlet varchar not null,            -- '' when unknown
    paragraph_index integer not null,   -- 0-based, paragraphs of articles.body split on two newlines
    paragraph_hash varchar,             -- null for a paragraph without letters
    run_id varchar not null
);

-- One row per outlet and boilerplate paragraph: found in at least
-- dedup.boilerplate_min_articles articles of that outlet, and left out of shingles.
create table boilerplate_paragraphs (
    outlet varchar not null,
    paragraph_hash varchar not null,
    n_articles bigint not null,
    example varchar,                    -- the paragraph's text in one of those articles
    run_id varchar not null
);

-- One row per article and LSH band of its MinHash signature.
create table dedup_bands (
    article_id varchar not null,
    band smallint not null,
    band_hash ubigint not null,
    scheme varchar not null,            -- shingle size, bands x rows and seed: comparable signatures
    run_id varchar not null
);

-- One row per near-duplicate pair verified by true Jaccard similarity (article_a < article_b).
create table near_duplicate_pairs (
    article_a varchar not null,
    article_b varchar not null,
    jaccard double not null,
    run_id varchar not null
);
