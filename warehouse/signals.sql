-- Public SQL interface: the views below (every column documented in docs/sql.md).
-- The floor rule's numbers and vocabularies are macros from rule.sql (normalize/floor_rule.py).
-- Run by hand:  duckdb credfloor.duckdb < warehouse/rule.sql; duckdb credfloor.duckdb < warehouse/signals.sql

-- One row per posting x credential, with the strongest requirement stated anywhere in it.
CREATE OR REPLACE VIEW posting_credentials AS
SELECT posting_id, credential_id,
       strength_of_rank(max(strength_rank(strength))) AS strength,
       count(*) AS occurrences
FROM mentions
WHERE credential_id IS NOT NULL  -- unlisted candidates: role_candidate_counts below
GROUP BY posting_id, credential_id;

-- Active postings: those seen in the last refresh that loaded postings, or posted within
-- settings.active_window_days (default 180) days of that refresh's start. A warehouse with no
-- refresh recorded (rows loaded by hand) and a NULL window count every posting.
CREATE OR REPLACE VIEW active_postings AS
WITH last_seen AS (
    SELECT max(last_refresh_id) AS refresh_id FROM postings
), ref AS (
    SELECT coalesce((SELECT CAST(r.started_at AS DATE) FROM refreshes r, last_seen l
                     WHERE r.refresh_id = l.refresh_id), current_date) AS at,
           (SELECT try_cast(value AS INTEGER) FROM settings
            WHERE key = 'active_window_days') AS days,
           EXISTS (SELECT 1 FROM refreshes) AS has_refreshes
)
SELECT p.*
FROM postings p, last_seen l, ref
WHERE p.inactive_since IS NULL
  AND (NOT ref.has_refreshes
       OR ref.days IS NULL
       OR p.last_refresh_id = l.refresh_id
       OR try_cast(left(p.posted_at, 10) AS DATE) >= ref.at - ref.days);

-- One voter per active posting with a role; reposts of one ad share vote_id (their cluster).
-- market: the posting's country (ISO 3166-1 alpha-2), 'unknown' when its location names none;
-- a floor is a fact about one labour market, so every count below is per role and market.
CREATE OR REPLACE VIEW role_voters AS
SELECT role_id, coalesce(country, 'unknown') AS market, region,
       coalesce(cluster_id, posting_id) AS vote_id, posting_id
FROM active_postings
WHERE role_id IS NOT NULL;

-- Every count below is per role and market, or per region inside a market for the drill-down
-- (`credfloor floor --region US-CA`): the table macros role_area_* count at either grain, so the
-- region views are the market views' own SQL. area: the market (by_region false), or the region
-- (ISO 3166-2; by_region true, postings whose region is unknown left out).
CREATE OR REPLACE MACRO role_area_voters(by_region) AS TABLE
SELECT role_id, market, CASE WHEN by_region THEN region ELSE market END AS area, vote_id,
       posting_id
FROM role_voters
WHERE NOT by_region OR region IS NOT NULL;

-- The denominators: postings (rows, reposts included) and adverts (votes) of each role per area.
CREATE OR REPLACE MACRO role_area_totals(by_region) AS TABLE
SELECT role_id, market, area, count(*) AS postings_total, count(DISTINCT vote_id) AS clusters_total
FROM role_area_voters(by_region)
GROUP BY role_id, market, area;

-- One vote per ad: reposts of the same ad (same cluster_id) count once. postings_total counts
-- rows, clusters_total adverts; postings_with and recall count adverts. The role's own counts
-- (what the floor needs: a filter on role_id stays cheap).
CREATE OR REPLACE MACRO role_area_credential_counts(by_region) AS TABLE
WITH votes AS (
    SELECT v.role_id, v.market, v.area, pc.credential_id,
           count(DISTINCT v.vote_id) AS postings_with,
           count(DISTINCT v.vote_id) FILTER (WHERE pc.strength = 'required') AS postings_required
    FROM role_area_voters(by_region) v
    -- mentions, not posting_credentials: an advert counts as requiring a credential when any
    -- mention says so either way, and skipping the per-posting aggregate lets a filter on
    -- role_id reach the join (the floor query on a million postings: 1.7 s -> 0.4 s)
    JOIN mentions pc USING (posting_id)
    WHERE pc.credential_id IS NOT NULL  -- unlisted candidates: role_area_candidate_counts
    GROUP BY v.role_id, v.market, v.area, pc.credential_id
)
SELECT v.role_id,
       v.market,
       v.area,
       r.name AS role_name,
       v.credential_id,
       c.name AS credential_name,
       c.type,
       c.ecosystem,
       v.postings_with,
       v.postings_required,
       t.postings_total,
       t.clusters_total,
       v.postings_with / t.clusters_total AS recall,
       v.postings_required / t.clusters_total AS recall_required,
       wilson_low(v.postings_with, t.clusters_total) AS ci_low,
       wilson_high(v.postings_with, t.clusters_total) AS ci_high
FROM votes v
JOIN role_area_totals(by_region) t USING (role_id, market, area)
LEFT JOIN roles r ON r.role_id = v.role_id
LEFT JOIN credentials c ON c.credential_id = v.credential_id;

CREATE OR REPLACE VIEW role_credential_counts AS
SELECT * EXCLUDE (area) FROM role_area_credential_counts(false);

-- The counts above plus how the credential spreads over the roles of the same market (adverts
-- counted per role, so concentrations of a credential sum to 1 in a market). concentration:
-- share of the credential's adverts that are in this role; lift: recall in this role / recall
-- over the adverts of all roles.
CREATE OR REPLACE VIEW role_credential_recall AS
WITH everyone AS (
    SELECT market, sum(clusters_total) AS clusters_all FROM role_area_totals(false) GROUP BY market
), spread AS (
    SELECT k.*,
           sum(k.postings_with) OVER (PARTITION BY k.market, k.credential_id) AS credential_clusters
    FROM role_credential_counts k
)
SELECT s.*,
       s.postings_with / s.credential_clusters AS concentration,
       s.recall / (s.credential_clusters / a.clusters_all) AS lift
FROM spread s
JOIN everyone a USING (market);

-- role_credential_counts per seniority band: the same adverts, votes and intervals, counted
-- within the role's entry, mid or senior postings.
CREATE OR REPLACE VIEW role_level_credential_recall AS
WITH voters AS (
    SELECT role_id, coalesce(country, 'unknown') AS market, seniority_band(seniority) AS level,
           coalesce(cluster_id, posting_id) AS vote_id, posting_id
    FROM active_postings
    WHERE role_id IS NOT NULL
), totals AS (
    SELECT role_id, market, level, count(*) AS postings_total,
           count(DISTINCT vote_id) AS clusters_total
    FROM voters GROUP BY role_id, market, level
), votes AS (
    SELECT v.role_id, v.market, v.level, pc.credential_id,
           count(DISTINCT v.vote_id) AS postings_with
    FROM voters v
    JOIN posting_credentials pc USING (posting_id)
    GROUP BY v.role_id, v.market, v.level, pc.credential_id
)
SELECT v.role_id, v.market, v.level, v.credential_id, c.name AS credential_name, c.type,
       v.postings_with, t.postings_total, t.clusters_total,
       v.postings_with / t.clusters_total AS recall,
       wilson_low(v.postings_with, t.clusters_total) AS ci_low,
       wilson_high(v.postings_with, t.clusters_total) AS ci_high
FROM votes v
JOIN totals t USING (role_id, market, level)
LEFT JOIN credentials c ON c.credential_id = v.credential_id;

-- Specialization: credentials below the floor that distinguish the role (is_specialization: in
-- roles with a floor's adverts, named by a few of them, concentrated in the role or lifted by
-- it), not an ecosystem's generic entry. Ranked by recall, then lift, then id; rank 1 is the pick.
CREATE OR REPLACE VIEW specialization_candidates AS
SELECT r.role_id, r.market, r.role_name, r.credential_id, r.credential_name, r.type, r.ecosystem,
       r.postings_with, r.postings_total, r.clusters_total, r.recall, r.ci_low, r.ci_high,
       r.concentration, r.lift,
       row_number() OVER (PARTITION BY r.role_id, r.market
                          ORDER BY r.recall DESC, r.lift DESC, r.credential_id) AS rank
FROM role_credential_recall r
LEFT JOIN credentials c ON c.credential_id = r.credential_id
WHERE is_specialization(r.recall, r.clusters_total, r.postings_with, r.concentration, r.lift)
  AND r.type = 'certification'         -- the stack adds certifications; degrees are not picks
  AND NOT coalesce(c.generic, false);

-- One pick per role and market.
CREATE OR REPLACE VIEW specialization_signals AS
SELECT * EXCLUDE (rank) FROM specialization_candidates WHERE rank = 1;

-- Equivalence groups (normalize/catalog/groups/*.yaml) per role and area: an advert names the
-- group when it names any member. members: each member's share of the adverts, largest first
-- ("nursing-rn-license 94%, uk-nmc-registration 1%").
CREATE OR REPLACE MACRO role_area_group_counts(by_region) AS TABLE
WITH votes AS (
    SELECT v.role_id, v.market, v.area, g.group_id,
           count(DISTINCT v.vote_id) AS postings_with,
           count(DISTINCT v.vote_id) FILTER (WHERE m.strength = 'required') AS postings_required
    FROM role_area_voters(by_region) v
    JOIN mentions m USING (posting_id)
    JOIN credential_groups g ON g.credential_id = m.credential_id
    GROUP BY v.role_id, v.market, v.area, g.group_id
), members AS (
    SELECT k.role_id, k.market, k.area, g.group_id,
           string_agg(k.credential_id || ' ' || CAST(round(100 * k.recall) AS INTEGER) || '%', ', '
                      ORDER BY k.recall DESC, k.credential_id) AS members
    FROM role_area_credential_counts(by_region) k
    JOIN credential_groups g ON g.credential_id = k.credential_id
    GROUP BY k.role_id, k.market, k.area, g.group_id
)
SELECT v.role_id, v.market, v.area, r.name AS role_name, v.group_id AS credential_id,
       n.name AS credential_name, 'group' AS type, CAST(NULL AS VARCHAR) AS ecosystem,
       v.postings_with, v.postings_required, t.postings_total, t.clusters_total,
       v.postings_with / t.clusters_total AS recall,
       v.postings_required / t.clusters_total AS recall_required,
       wilson_low(v.postings_with, t.clusters_total) AS ci_low,
       wilson_high(v.postings_with, t.clusters_total) AS ci_high,
       mb.members
FROM votes v
JOIN role_area_totals(by_region) t USING (role_id, market, area)
LEFT JOIN members mb USING (role_id, market, area, group_id)
LEFT JOIN roles r ON r.role_id = v.role_id
LEFT JOIN (SELECT DISTINCT group_id, name FROM credential_groups) n ON n.group_id = v.group_id;

CREATE OR REPLACE VIEW role_group_counts AS
SELECT * EXCLUDE (area) FROM role_area_group_counts(false);

-- THE tier of every role x market x credential (credential_tier: floor | hint | specialization |
-- other), with whether its 95% interval straddles the floor's share; equivalence groups are rows
-- of their own (type 'group', members' shares in `members`). Every command reads its tiers here
-- (or from a snapshot of it, signal_snapshots).
CREATE OR REPLACE VIEW role_credential_tiers AS
SELECT r.*,
       credential_tier(r.recall, r.clusters_total, s.credential_id IS NOT NULL) AS tier,
       is_borderline(r.ci_low, r.ci_high) AS borderline,
       CAST(NULL AS VARCHAR) AS members
FROM role_credential_recall r
LEFT JOIN specialization_signals s USING (role_id, market, credential_id)
UNION ALL BY NAME
SELECT g.*,
       credential_tier(g.recall, g.clusters_total, false) AS tier,
       is_borderline(g.ci_low, g.ci_high) AS borderline,
       CAST(NULL AS DOUBLE) AS concentration, CAST(NULL AS DOUBLE) AS lift
FROM role_group_counts g;

-- Drill-down inside a market by region (ISO 3166-2, e.g. US-CA; `credfloor floor --region`): the
-- rows of role_credential_counts and role_group_counts among the role's adverts in one region,
-- with their tier (floor or hint; no specialization pick at this grain).
CREATE OR REPLACE VIEW role_region_credential_tiers AS
SELECT k.* RENAME (area AS region),
       credential_tier(k.recall, k.clusters_total, false) AS tier,
       is_borderline(k.ci_low, k.ci_high) AS borderline,
       CAST(NULL AS DOUBLE) AS concentration, CAST(NULL AS DOUBLE) AS lift,
       CAST(NULL AS VARCHAR) AS members
FROM role_area_credential_counts(true) k
UNION ALL BY NAME
SELECT g.* RENAME (area AS region),
       credential_tier(g.recall, g.clusters_total, false) AS tier,
       is_borderline(g.ci_low, g.ci_high) AS borderline,
       CAST(NULL AS DOUBLE) AS concentration, CAST(NULL AS DOUBLE) AS lift
FROM role_area_group_counts(true) g;

-- The floor: the rows of role_credential_tiers whose tier is floor.
CREATE OR REPLACE VIEW floor_signals AS
SELECT role_id, market, role_name, credential_id, credential_name, type, ecosystem,
       postings_with, postings_total, recall, ci_low, ci_high, borderline, clusters_total,
       members
FROM role_credential_tiers
WHERE tier = 'floor';

-- Ecosystem rollups: an advert counts for ecosystem X when it names any credential of X
-- (the generic "<X>-any" entry included), so scattered certifications still show a floor.
CREATE OR REPLACE VIEW ecosystem_recall AS
WITH votes AS (
    SELECT v.role_id, v.market, c.ecosystem,
           count(DISTINCT pc.credential_id) AS credentials,
           count(DISTINCT v.vote_id) AS postings_with,
           count(DISTINCT v.vote_id) FILTER (WHERE pc.strength = 'required') AS postings_required
    FROM role_voters v
    JOIN posting_credentials pc USING (posting_id)
    JOIN credentials c ON c.credential_id = pc.credential_id
    WHERE c.ecosystem IS NOT NULL
    GROUP BY v.role_id, v.market, c.ecosystem
), shares AS (
    SELECT v.role_id, v.market, r.name AS role_name, v.ecosystem, v.credentials, v.postings_with,
           v.postings_required, t.postings_total, t.clusters_total,
           v.postings_with / t.clusters_total AS recall,
           v.postings_required / t.clusters_total AS recall_required,
           wilson_low(v.postings_with, t.clusters_total) AS ci_low,
           wilson_high(v.postings_with, t.clusters_total) AS ci_high
    FROM votes v
    JOIN role_area_totals(false) t USING (role_id, market)
    LEFT JOIN roles r ON r.role_id = v.role_id
)
SELECT *,
       is_floor(recall, clusters_total) AS is_floor,
       is_floor(recall, clusters_total) AND is_borderline(ci_low, ci_high) AS borderline
FROM shares;

-- Changes between two snapshots (refresh ids from_id -> to_id): one row per role x credential
-- in either; a credential absent from a snapshot has recall 0 and tier NULL there.
-- change: entered | left (the floor), else up | down | same. move_rank: 1 = largest |recall_delta|.
CREATE OR REPLACE MACRO floor_changes_between(from_id, to_id) AS TABLE
WITH a AS (SELECT * FROM signal_snapshots WHERE refresh_id = from_id),
     b AS (SELECT * FROM signal_snapshots WHERE refresh_id = to_id),
     j AS (
    SELECT coalesce(b.role_id, a.role_id) AS role_id,
           coalesce(b.market, a.market) AS market,
           coalesce(b.credential_id, a.credential_id) AS credential_id,
           a.tier AS tier_before, b.tier AS tier_after,
           coalesce(a.recall, 0) AS recall_before, coalesce(b.recall, 0) AS recall_after,
           coalesce(a.postings_with, 0) AS postings_with_before,
           coalesce(b.postings_with, 0) AS postings_with_after,
           a.clusters_total AS clusters_total_before, b.clusters_total AS clusters_total_after
    -- snapshots from before markets (market NULL) pair with nothing of a later one
    FROM a FULL OUTER JOIN b ON a.role_id = b.role_id AND a.credential_id = b.credential_id
                            AND a.market IS NOT DISTINCT FROM b.market
)
SELECT from_id AS from_refresh_id, to_id AS to_refresh_id,
       j.role_id, j.market, r.name AS role_name, j.credential_id,
       coalesce(c.name, g.name) AS credential_name,
       CASE WHEN g.group_id IS NOT NULL THEN 'group' ELSE c.type END AS type,
       CASE WHEN j.tier_after = 'floor' AND j.tier_before IS DISTINCT FROM 'floor' THEN 'entered'
            WHEN j.tier_before = 'floor' AND j.tier_after IS DISTINCT FROM 'floor' THEN 'left'
            WHEN j.recall_after > j.recall_before THEN 'up'
            WHEN j.recall_after < j.recall_before THEN 'down'
            ELSE 'same' END AS change,
       j.tier_before, j.tier_after, j.recall_before, j.recall_after,
       j.recall_after - j.recall_before AS recall_delta,
       j.postings_with_before, j.postings_with_after,
       j.clusters_total_before, j.clusters_total_after,
       row_number() OVER (PARTITION BY j.role_id, j.market
                          ORDER BY abs(j.recall_after - j.recall_before) DESC, j.credential_id)
           AS move_rank
FROM j
LEFT JOIN roles r ON r.role_id = j.role_id
LEFT JOIN credentials c ON c.credential_id = j.credential_id
LEFT JOIN (SELECT DISTINCT group_id, name FROM credential_groups) g ON g.group_id = j.credential_id
WHERE from_id IS NOT NULL AND to_id IS NOT NULL;

-- The two latest snapshots (no rows until there are two); for an earlier one: SELECT * FROM floor_changes_between(3, 7).
CREATE OR REPLACE VIEW floor_changes AS
SELECT * FROM floor_changes_between(
    (SELECT max(refresh_id) FROM signal_snapshots
     WHERE refresh_id < (SELECT max(refresh_id) FROM signal_snapshots)),
    (SELECT max(refresh_id) FROM signal_snapshots));

-- Credentials the catalog lacks (issue 17): mentions with no credential_id, counted per role
-- and area under their candidate_key as role_area_credential_counts counts catalog credentials
-- (one vote per advert). `credfloor floor` lists those at >= 60% as floor rows marked "not in
-- catalog", so a floor never silently misses a credential because the catalog lacks it.
CREATE OR REPLACE MACRO role_area_candidate_counts(by_region) AS TABLE
WITH votes AS (
    SELECT v.role_id, v.market, v.area, m.candidate_key,
           mode(m.surface) AS surface,
           mode(m.type) AS type,
           count(DISTINCT v.vote_id) AS postings_with,
           count(DISTINCT v.vote_id) FILTER (WHERE m.strength = 'required') AS postings_required
    FROM role_area_voters(by_region) v
    JOIN mentions m USING (posting_id)
    WHERE m.credential_id IS NULL AND m.candidate_key IS NOT NULL
    GROUP BY v.role_id, v.market, v.area, m.candidate_key
)
SELECT v.role_id,
       v.market,
       v.area,
       v.candidate_key,
       v.surface,
       v.type,
       v.postings_with,
       v.postings_required,
       t.postings_total,
       t.clusters_total,
       v.postings_with / t.clusters_total AS recall,
       wilson_low(v.postings_with, t.clusters_total) AS ci_low,
       wilson_high(v.postings_with, t.clusters_total) AS ci_high
FROM votes v
JOIN role_area_totals(by_region) t USING (role_id, market, area);

CREATE OR REPLACE VIEW role_candidate_counts AS
SELECT * EXCLUDE (area) FROM role_area_candidate_counts(false);

-- The same per region inside a market (the drill-down's "not in catalog" rows).
CREATE OR REPLACE VIEW role_region_candidate_counts AS
SELECT * RENAME (area AS region) FROM role_area_candidate_counts(true);

-- Every unlisted candidate over all postings, most-named first (`credfloor catalog suggest`):
-- its postings, mentions, commonest spelling, and the first mention as an example.
CREATE OR REPLACE VIEW candidate_credentials AS
SELECT candidate_key,
       count(DISTINCT posting_id) AS postings,
       count(*) AS mentions,
       mode(surface) AS surface,
       mode(type) AS type,
       first(posting_id ORDER BY posting_id, start_char) AS example_posting_id,
       first(start_char ORDER BY posting_id, start_char) AS example_start,
       first(end_char ORDER BY posting_id, start_char) AS example_end
FROM mentions
WHERE credential_id IS NULL AND candidate_key IS NOT NULL
GROUP BY candidate_key;
