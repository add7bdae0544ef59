-- Public SQL interface: the views below (columns documented in README.md, "SQL views").
-- Run by hand:  duckdb credfloor.duckdb < warehouse/signals.sql

-- 95% Wilson score interval for k successes out of n.
CREATE OR REPLACE MACRO wilson_low(k, n) AS CASE WHEN n = 0 THEN NULL ELSE
    ((k / n) + 1.96 * 1.96 / (2 * n)
     - 1.96 * sqrt((k / n) * (1 - k / n) / n + 1.96 * 1.96 / (4 * n * n)))
    / (1 + 1.96 * 1.96 / n) END;
CREATE OR REPLACE MACRO wilson_high(k, n) AS CASE WHEN n = 0 THEN NULL ELSE
    ((k / n) + 1.96 * 1.96 / (2 * n)
     + 1.96 * sqrt((k / n) * (1 - k / n) / n + 1.96 * 1.96 / (4 * n * n)))
    / (1 + 1.96 * 1.96 / n) END;

-- One row per posting x credential, with the strongest requirement stated anywhere in it.
CREATE OR REPLACE VIEW posting_credentials AS
SELECT posting_id, credential_id,
       CASE max(CASE strength WHEN 'required' THEN 3 WHEN 'preferred' THEN 2 ELSE 1 END)
            WHEN 3 THEN 'required' WHEN 2 THEN 'preferred' ELSE 'mentioned' END AS strength,
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
CREATE OR REPLACE VIEW role_voters AS
SELECT role_id, coalesce(cluster_id, posting_id) AS vote_id, posting_id
FROM active_postings
WHERE role_id IS NOT NULL;

-- One vote per ad: reposts of the same ad (same cluster_id) count once. postings_total counts
-- rows, clusters_total adverts; postings_with and recall count adverts. The role's own counts
-- (what the floor needs: a filter on role_id stays cheap).
CREATE OR REPLACE VIEW role_credential_counts AS
WITH totals AS (
    SELECT role_id, count(*) AS postings_total, count(DISTINCT vote_id) AS clusters_total
    FROM role_voters GROUP BY role_id
), votes AS (
    SELECT v.role_id, pc.credential_id,
           count(DISTINCT v.vote_id) AS postings_with,
           count(DISTINCT v.vote_id) FILTER (WHERE pc.strength = 'required') AS postings_required
    FROM role_voters v
    -- mentions, not posting_credentials: an advert counts as requiring a credential when any
    -- mention says so either way, and skipping the per-posting aggregate lets a filter on
    -- role_id reach the join (the floor query on a million postings: 1.7 s -> 0.4 s)
    JOIN mentions pc USING (posting_id)
    WHERE pc.credential_id IS NOT NULL  -- unlisted candidates: role_candidate_counts below
    GROUP BY v.role_id, pc.credential_id
)
SELECT v.role_id,
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
JOIN totals t USING (role_id)
LEFT JOIN roles r ON r.role_id = v.role_id
LEFT JOIN credentials c ON c.credential_id = v.credential_id;

-- The counts above plus how the credential spreads over roles (adverts counted per role, so
-- concentrations of a credential sum to 1). concentration: share of the credential's adverts
-- that are in this role; lift: recall in this role / recall over the adverts of all roles.
CREATE OR REPLACE VIEW role_credential_recall AS
WITH everyone AS (
    SELECT sum(n) AS clusters_all
    FROM (SELECT count(DISTINCT vote_id) AS n FROM role_voters GROUP BY role_id)
), spread AS (
    SELECT k.*, sum(k.postings_with) OVER (PARTITION BY k.credential_id) AS credential_clusters
    FROM role_credential_counts k
)
SELECT s.*,
       s.postings_with / s.credential_clusters AS concentration,
       s.recall / (s.credential_clusters / a.clusters_all) AS lift
FROM spread s
CROSS JOIN everyone a;

-- Seniority bands (`credfloor audit --level`): a title's seniority (normalize/roles.py) read as
-- entry (intern, entry), senior (senior, lead, manager, director) or mid (everything else).
CREATE OR REPLACE MACRO seniority_band(seniority) AS
    CASE WHEN seniority IN ('intern', 'entry') THEN 'entry'
         WHEN seniority IN ('senior', 'lead', 'manager', 'director') THEN 'senior'
         ELSE 'mid' END;

-- role_credential_counts per seniority band: the same adverts, votes and intervals, counted
-- within the role's entry, mid or senior postings.
CREATE OR REPLACE VIEW role_level_credential_recall AS
WITH voters AS (
    SELECT role_id, seniority_band(seniority) AS level,
           coalesce(cluster_id, posting_id) AS vote_id, posting_id
    FROM active_postings
    WHERE role_id IS NOT NULL
), totals AS (
    SELECT role_id, level, count(*) AS postings_total, count(DISTINCT vote_id) AS clusters_total
    FROM voters GROUP BY role_id, level
), votes AS (
    SELECT v.role_id, v.level, pc.credential_id, count(DISTINCT v.vote_id) AS postings_with
    FROM voters v
    JOIN posting_credentials pc USING (posting_id)
    GROUP BY v.role_id, v.level, pc.credential_id
)
SELECT v.role_id, v.level, v.credential_id, c.name AS credential_name, c.type,
       v.postings_with, t.postings_total, t.clusters_total,
       v.postings_with / t.clusters_total AS recall,
       wilson_low(v.postings_with, t.clusters_total) AS ci_low,
       wilson_high(v.postings_with, t.clusters_total) AS ci_high
FROM votes v
JOIN totals t USING (role_id, level)
LEFT JOIN credentials c ON c.credential_id = v.credential_id;

-- The floor: named in >= 60% of a role's adverts, for roles with >= 10 adverts (clusters).
CREATE OR REPLACE VIEW floor_signals AS
SELECT role_id, role_name, credential_id, credential_name, type, ecosystem,
       postings_with, postings_total, recall, ci_low, ci_high,
       ci_low < 0.60 AS borderline, clusters_total
FROM role_credential_counts
WHERE clusters_total >= 10 AND recall >= 0.60;

-- Specialization: credentials below the floor (recall < 0.60) that distinguish the role, in roles
-- with >= 10 adverts: named by >= 3 of its adverts, not an ecosystem's generic entry, and
-- concentration >= 0.50 or lift >= 2.0. Ranked by recall, then lift, then id; rank 1 is the pick.
CREATE OR REPLACE VIEW specialization_candidates AS
SELECT r.role_id, r.role_name, r.credential_id, r.credential_name, r.type, r.ecosystem,
       r.postings_with, r.postings_total, r.clusters_total, r.recall, r.ci_low, r.ci_high,
       r.concentration, r.lift,
       row_number() OVER (PARTITION BY r.role_id
                          ORDER BY r.recall DESC, r.lift DESC, r.credential_id) AS rank
FROM role_credential_recall r
LEFT JOIN credentials c ON c.credential_id = r.credential_id
WHERE r.clusters_total >= 10
  AND r.recall < 0.60
  AND r.postings_with >= 3
  AND r.recall >= 0.05                 -- named by 1 advert in 20 at least: a signal, not noise
  AND r.type = 'certification'         -- the stack adds certifications; degrees are not picks
  AND NOT coalesce(c.generic, false)
  AND (r.concentration >= 0.50 OR r.lift >= 2.0);

-- One pick per role.
CREATE OR REPLACE VIEW specialization_signals AS
SELECT * EXCLUDE (rank) FROM specialization_candidates WHERE rank = 1;

-- Ecosystem rollups: an advert counts for ecosystem X when it names any credential of X
-- (the generic "<X>-any" entry included), so scattered certifications still show a floor.
CREATE OR REPLACE VIEW ecosystem_recall AS
WITH totals AS (
    SELECT role_id, count(*) AS postings_total, count(DISTINCT vote_id) AS clusters_total
    FROM role_voters GROUP BY role_id
), votes AS (
    SELECT v.role_id, c.ecosystem,
           count(DISTINCT pc.credential_id) AS credentials,
           count(DISTINCT v.vote_id) AS postings_with,
           count(DISTINCT v.vote_id) FILTER (WHERE pc.strength = 'required') AS postings_required
    FROM role_voters v
    JOIN posting_credentials pc USING (posting_id)
    JOIN credentials c ON c.credential_id = pc.credential_id
    WHERE c.ecosystem IS NOT NULL
    GROUP BY v.role_id, c.ecosystem
), shares AS (
    SELECT v.role_id, r.name AS role_name, v.ecosystem, v.credentials, v.postings_with,
           v.postings_required, t.postings_total, t.clusters_total,
           v.postings_with / t.clusters_total AS recall,
           v.postings_required / t.clusters_total AS recall_required,
           wilson_low(v.postings_with, t.clusters_total) AS ci_low,
           wilson_high(v.postings_with, t.clusters_total) AS ci_high
    FROM votes v
    JOIN totals t USING (role_id)
    LEFT JOIN roles r ON r.role_id = v.role_id
)
SELECT *,
       clusters_total >= 10 AND recall >= 0.60 AS is_floor,
       clusters_total >= 10 AND recall >= 0.60 AND ci_low < 0.60 AS borderline
FROM shares;

-- Changes between two snapshots (refresh ids from_id -> to_id): one row per role x credential
-- in either; a credential absent from a snapshot has recall 0 and tier NULL there.
-- change: entered | left (the floor), else up | down | same. move_rank: 1 = largest |recall_delta|.
CREATE OR REPLACE MACRO floor_changes_between(from_id, to_id) AS TABLE
WITH a AS (SELECT * FROM signal_snapshots WHERE refresh_id = from_id),
     b AS (SELECT * FROM signal_snapshots WHERE refresh_id = to_id),
     j AS (
    SELECT coalesce(b.role_id, a.role_id) AS role_id,
           coalesce(b.credential_id, a.credential_id) AS credential_id,
           a.tier AS tier_before, b.tier AS tier_after,
           coalesce(a.recall, 0) AS recall_before, coalesce(b.recall, 0) AS recall_after,
           coalesce(a.postings_with, 0) AS postings_with_before,
           coalesce(b.postings_with, 0) AS postings_with_after,
           a.clusters_total AS clusters_total_before, b.clusters_total AS clusters_total_after
    FROM a FULL OUTER JOIN b ON a.role_id = b.role_id AND a.credential_id = b.credential_id
)
SELECT from_id AS from_refresh_id, to_id AS to_refresh_id,
       j.role_id, r.name AS role_name, j.credential_id, c.name AS credential_name, c.type,
       CASE WHEN j.tier_after = 'floor' AND j.tier_before IS DISTINCT FROM 'floor' THEN 'entered'
            WHEN j.tier_before = 'floor' AND j.tier_after IS DISTINCT FROM 'floor' THEN 'left'
            WHEN j.recall_after > j.recall_before THEN 'up'
            WHEN j.recall_after < j.recall_before THEN 'down'
            ELSE 'same' END AS change,
       j.tier_before, j.tier_after, j.recall_before, j.recall_after,
       j.recall_after - j.recall_before AS recall_delta,
       j.postings_with_before, j.postings_with_after,
       j.clusters_total_before, j.clusters_total_after,
       row_number() OVER (PARTITION BY j.role_id
                          ORDER BY abs(j.recall_after - j.recall_before) DESC, j.credential_id)
           AS move_rank
FROM j
LEFT JOIN roles r ON r.role_id = j.role_id
LEFT JOIN credentials c ON c.credential_id = j.credential_id
WHERE from_id IS NOT NULL AND to_id IS NOT NULL;

-- The two latest snapshots (no rows until there are two); for an earlier one: SELECT * FROM floor_changes_between(3, 7).
CREATE OR REPLACE VIEW floor_changes AS
SELECT * FROM floor_changes_between(
    (SELECT max(refresh_id) FROM signal_snapshots
     WHERE refresh_id < (SELECT max(refresh_id) FROM signal_snapshots)),
    (SELECT max(refresh_id) FROM signal_snapshots));

-- Credentials the catalog lacks (issue 17): mentions with no credential_id, counted per role
-- under their candidate_key as role_credential_counts counts catalog credentials (one vote per
-- advert). `credfloor floor` lists those at >= 60% as floor rows marked "not in catalog", so a
-- floor never silently misses a credential because the catalog lacks it.
CREATE OR REPLACE VIEW role_candidate_counts AS
WITH totals AS (
    SELECT role_id, count(*) AS postings_total, count(DISTINCT vote_id) AS clusters_total
    FROM role_voters GROUP BY role_id
), votes AS (
    SELECT v.role_id, m.candidate_key,
           mode(m.surface) AS surface,
           mode(m.type) AS type,
           count(DISTINCT v.vote_id) AS postings_with,
           count(DISTINCT v.vote_id) FILTER (WHERE m.strength = 'required') AS postings_required
    FROM role_voters v
    JOIN mentions m USING (posting_id)
    WHERE m.credential_id IS NULL AND m.candidate_key IS NOT NULL
    GROUP BY v.role_id, m.candidate_key
)
SELECT v.role_id,
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
JOIN totals t USING (role_id);

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
