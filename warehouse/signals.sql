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
GROUP BY posting_id, credential_id;

-- One vote per ad: reposts of the same ad (same cluster_id) count once. postings_total counts
-- rows, clusters_total adverts; postings_with and recall count adverts.
CREATE OR REPLACE VIEW role_credential_recall AS
WITH voters AS (
    SELECT role_id, coalesce(cluster_id, posting_id) AS vote_id, posting_id
    FROM postings
    WHERE role_id IS NOT NULL
), totals AS (
    SELECT role_id, count(*) AS postings_total, count(DISTINCT vote_id) AS clusters_total
    FROM voters GROUP BY role_id
), votes AS (
    SELECT v.role_id, pc.credential_id,
           count(DISTINCT v.vote_id) AS postings_with,
           count(DISTINCT v.vote_id) FILTER (WHERE pc.strength = 'required') AS postings_required
    FROM voters v
    JOIN posting_credentials pc USING (posting_id)
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

-- The floor: named in >= 60% of a role's adverts, for roles with >= 10 adverts (clusters).
CREATE OR REPLACE VIEW floor_signals AS
SELECT role_id, role_name, credential_id, credential_name, type, ecosystem,
       postings_with, postings_total, recall, ci_low, ci_high,
       ci_low < 0.60 AS borderline, clusters_total
FROM role_credential_recall
WHERE clusters_total >= 10 AND recall >= 0.60;
