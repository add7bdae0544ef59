-- credfloor warehouse schema. Idempotent: safe to run on every open.
-- Run by hand:  duckdb credfloor.duckdb < warehouse/schema.sql

CREATE SEQUENCE IF NOT EXISTS refresh_seq START 1;

CREATE TABLE IF NOT EXISTS refreshes (
    refresh_id        INTEGER PRIMARY KEY,
    started_at        TIMESTAMP NOT NULL,
    finished_at       TIMESTAMP,
    status            VARCHAR NOT NULL,          -- running | finished | failed
    params            JSON,
    counts            JSON,
    catalog_version   VARCHAR,
    extractor_version VARCHAR
);

CREATE TABLE IF NOT EXISTS roles (
    role_id  VARCHAR PRIMARY KEY,
    name     VARCHAR NOT NULL,
    soc_code VARCHAR
);

CREATE TABLE IF NOT EXISTS postings (
    posting_id         VARCHAR PRIMARY KEY,      -- hash of (source, external_id): see extract/identity.py
    source             VARCHAR NOT NULL,
    external_id        VARCHAR NOT NULL,
    url                VARCHAR,
    title              VARCHAR NOT NULL,
    company            VARCHAR,
    location           VARCHAR,
    posted_at          VARCHAR,
    valid_through      VARCHAR,
    fetched_at         TIMESTAMP,
    content_hash       VARCHAR NOT NULL,
    text               VARCHAR NOT NULL,
    lang               VARCHAR,
    role_id            VARCHAR,
    seniority          VARCHAR,
    cluster_id         VARCHAR,                  -- reposts of the same ad share it
    input_ref          VARCHAR,
    first_refresh_id   INTEGER,
    last_refresh_id    INTEGER
);

CREATE TABLE IF NOT EXISTS mentions (
    posting_id    VARCHAR NOT NULL,
    credential_id VARCHAR NOT NULL,
    type          VARCHAR NOT NULL,
    strength      VARCHAR NOT NULL,              -- required | preferred | mentioned
    surface       VARCHAR NOT NULL,
    start_char    INTEGER NOT NULL,
    end_char      INTEGER NOT NULL,
    method        VARCHAR NOT NULL,
    score         DOUBLE NOT NULL,
    section       VARCHAR
);

CREATE TABLE IF NOT EXISTS credentials (
    credential_id VARCHAR PRIMARY KEY,
    name          VARCHAR NOT NULL,
    issuer        VARCHAR NOT NULL,
    ecosystem     VARCHAR,
    type          VARCHAR NOT NULL,
    level         VARCHAR,
    generic       BOOLEAN NOT NULL,
    status        VARCHAR NOT NULL,
    successor     VARCHAR
);

CREATE TABLE IF NOT EXISTS credential_aliases (
    credential_id VARCHAR NOT NULL,
    alias         VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL               -- alias | exam_code | ambiguous_alias
);

CREATE TABLE IF NOT EXISTS credential_requires (
    credential_id VARCHAR NOT NULL,
    requires_id   VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS quarantine (
    input_ref  VARCHAR NOT NULL,
    reason     VARCHAR NOT NULL,
    raw        VARCHAR,
    quarantined_at TIMESTAMP NOT NULL,
    refresh_id INTEGER
);

-- Settings the views read (key, value as text). active_window_days: a posting counts when it was
-- seen in the last refresh or posted within this many days of it; NULL counts every posting.
CREATE TABLE IF NOT EXISTS settings (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);
INSERT OR IGNORE INTO settings VALUES ('active_window_days', '180');

-- One row per role x credential per refresh, written at the end of each refresh.
CREATE TABLE IF NOT EXISTS signal_snapshots (
    refresh_id        INTEGER NOT NULL,
    role_id           VARCHAR NOT NULL,
    credential_id     VARCHAR NOT NULL,
    postings_with     INTEGER NOT NULL,
    postings_required INTEGER NOT NULL,
    postings_total    INTEGER NOT NULL,
    clusters_total    INTEGER NOT NULL,
    recall            DOUBLE NOT NULL,
    ci_low            DOUBLE,
    ci_high           DOUBLE,
    concentration     DOUBLE,
    lift              DOUBLE,
    tier              VARCHAR NOT NULL              -- floor | specialization | other
);

-- Postings that disappeared from a job board that was read completely (issue 5): kept, with
-- the time they were first missed; loading them again clears it. Added after the first
-- release, hence ALTER for warehouses made before it.
ALTER TABLE postings ADD COLUMN IF NOT EXISTS inactive_since TIMESTAMP;

-- Credentials the catalog lacks (issue 17): such a mention has no credential_id and a
-- normalized candidate_key instead. Warehouses made before it are migrated in place.
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS candidate_key VARCHAR;
ALTER TABLE mentions ALTER COLUMN credential_id DROP NOT NULL;

-- Repost clustering state (warehouse/clusters.py), so a refresh only compares the postings it
-- added or changed with the others instead of re-reading every text. One row per posting whose
-- cluster is computed: content_hash says for which version; exact_key is the folded text's hash;
-- originals (the first posting of each exact text) also keep the keys of their sentences (for
-- boilerplate frequencies) and their MinHash signature, and have one dedup_bands row per LSH band.
CREATE TABLE IF NOT EXISTS posting_dedup (
    posting_id    VARCHAR NOT NULL,
    content_hash  VARCHAR NOT NULL,
    exact_key     BLOB NOT NULL,
    is_original   BOOLEAN NOT NULL,
    sentence_keys UBIGINT[],
    title_key     VARCHAR,
    has_title     BOOLEAN NOT NULL,
    company       VARCHAR,
    signature     BLOB
);

CREATE TABLE IF NOT EXISTS dedup_bands (
    band       UTINYINT NOT NULL,
    key        UBIGINT NOT NULL,
    posting_id VARCHAR NOT NULL
);

-- Fingerprints computed while loading (normalize/dedup.py `fingerprint`: exact-text hash,
-- sentence keys, title/company), waiting for the next clustering, which moves them into
-- posting_dedup and empties this table. A fingerprint is used only while its content_hash is
-- the posting's: a refresh killed before clustering leaves them for the next one.
CREATE TABLE IF NOT EXISTS posting_fingerprints (
    posting_id    VARCHAR NOT NULL,
    content_hash  VARCHAR NOT NULL,
    exact_key     BLOB NOT NULL,
    sentence_keys UBIGINT[],
    title_key     VARCHAR,
    has_title     BOOLEAN NOT NULL,
    company       VARCHAR
);

-- Where a posting is (issue 18, normalize/locations.py): the country (ISO 3166-1 alpha-2) and
-- region (ISO 3166-2) its location names; NULL: unknown. Warehouses made before are filled in
-- place when a writer opens them (warehouse/places.py).
ALTER TABLE postings ADD COLUMN IF NOT EXISTS country VARCHAR;
ALTER TABLE postings ADD COLUMN IF NOT EXISTS region VARCHAR;

-- Equivalence groups (normalize/catalog/groups/*.yaml), loaded with the catalog: one row per
-- member.
CREATE TABLE IF NOT EXISTS credential_groups (
    group_id      VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    credential_id VARCHAR NOT NULL
);
-- Snapshots per market (issue 18); rows written before have market NULL (all postings pooled).
ALTER TABLE signal_snapshots ADD COLUMN IF NOT EXISTS market VARCHAR;
ALTER TABLE signal_snapshots ADD COLUMN IF NOT EXISTS members VARCHAR;

-- The ladder's three kinds (docs/catalog.md#ladders-prerequisites-any-of-groups-and-recommended-order):
-- 'prerequisite' (`requires`: all of them), 'any_of' (`requires_one_of`: any one member of the
-- group numbered any_of_group, 1, 2... per credential) or 'recommended' (an order the issuer
-- suggests, not asks). Rows written before these columns were prerequisites only, hence the
-- default; the next refresh reloads the catalog with every kind.
ALTER TABLE credential_requires ADD COLUMN IF NOT EXISTS kind VARCHAR DEFAULT 'prerequisite';
ALTER TABLE credential_requires ADD COLUMN IF NOT EXISTS any_of_group INTEGER;
