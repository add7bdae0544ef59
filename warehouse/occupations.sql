-- O*NET occupations in the warehouse (issue 19): the outside reference beside our own degree
-- figures, and floors rolled up over a SOC group. Installed by a refresh (warehouse/occupations.py
-- fills occupation_education from the bundled O*NET extract); run by hand after that table exists:
--   duckdb credfloor.duckdb < warehouse/occupations.sql

-- O*NET "Required Level of Education" (scale RL): the share (%) of an occupation's surveyed
-- workers or experts naming each level (category 1-12) as required. O*NET 27.0, CC BY 4.0.
CREATE TABLE IF NOT EXISTS occupation_education (
    soc_code VARCHAR NOT NULL,   -- O*NET-SOC code, NN-NNNN.NN
    category INTEGER NOT NULL,   -- 1 less than high school ... 6 bachelor's, 8 master's, 11 doctoral
    share    DOUBLE NOT NULL,    -- percent of respondents
    PRIMARY KEY (soc_code, category)
);

-- Which O*NET categories a degree credential stands for.
CREATE TABLE IF NOT EXISTS occupation_degree_levels (
    credential_id VARCHAR NOT NULL,
    category      INTEGER NOT NULL,
    level         VARCHAR NOT NULL,  -- O*NET's name for the category
    PRIMARY KEY (credential_id, category)
);

-- Per role with an O*NET survey and per degree level: the share of O*NET respondents who say
-- that level is required for the role's occupation. A role on an O*NET specialty without its own
-- survey (NN-NNNN.01) uses its base occupation's (.00). No postings are read: `credfloor floor`
-- puts these shares beside the degree counts of the floor it already has.
CREATE OR REPLACE VIEW role_onet_degree_shares AS
WITH role_soc AS (
    SELECT r.role_id, r.name AS role_name, r.soc_code,
           CASE WHEN EXISTS (SELECT 1 FROM occupation_education e WHERE e.soc_code = r.soc_code)
                THEN r.soc_code ELSE left(r.soc_code, 7) || '.00' END AS survey_code
    FROM roles r WHERE r.soc_code IS NOT NULL
)
SELECT s.role_id, s.role_name, s.soc_code, l.credential_id, l.level, sum(e.share) / 100 AS onet_share
FROM role_soc s
JOIN occupation_education e ON e.soc_code = s.survey_code
JOIN occupation_degree_levels l ON l.category = e.category
GROUP BY ALL;

-- Per role with an O*NET survey, per labour market and per degree level: the share of the role's
-- adverts naming the degree (measured here, one vote per advert as in role_credential_counts)
-- beside the share of O*NET respondents who say that level is required. Adverts name a degree as
-- a minimum or a preference; O*NET asks what the job requires: read the two side by side, not as
-- equals.
CREATE OR REPLACE VIEW role_degree_reference AS
WITH totals AS (
    SELECT role_id, market, count(DISTINCT vote_id) AS clusters_total
    FROM role_voters GROUP BY role_id, market
)
SELECT o.role_id, o.role_name, o.soc_code, t.market, o.credential_id, c.name AS credential_name,
       o.level, coalesce(k.postings_with, 0) AS postings_with, t.clusters_total,
       coalesce(k.recall, 0) AS recall,
       o.onet_share
FROM role_onet_degree_shares o
JOIN totals t USING (role_id)
LEFT JOIN role_credential_counts k
       ON k.role_id = o.role_id AND k.market = t.market AND k.credential_id = o.credential_id
LEFT JOIN credentials c ON c.credential_id = o.credential_id;

-- The floor over a SOC group in one labour market (`credfloor floor --role 29-1140 --market
-- US`): every active posting of market `mkt` whose role's SOC code starts with `prefix` ('29-114' for the broad occupation 29-1140, '15-12' for
-- the minor group 15-1200), one vote per advert, counted as role_credential_counts counts a role.
CREATE OR REPLACE MACRO soc_group_credential_counts(prefix, mkt) AS TABLE
WITH voters AS (
    SELECT v.vote_id, v.posting_id
    FROM role_voters v JOIN roles r USING (role_id)
    WHERE starts_with(r.soc_code, prefix) AND v.market = mkt
), totals AS (
    SELECT count(*) AS postings_total, count(DISTINCT vote_id) AS clusters_total FROM voters
), votes AS (
    SELECT m.credential_id,
           count(DISTINCT v.vote_id) AS postings_with,
           count(DISTINCT v.vote_id) FILTER (WHERE m.strength = 'required') AS postings_required
    FROM voters v JOIN mentions m USING (posting_id)
    GROUP BY m.credential_id
)
SELECT v.credential_id, c.name AS credential_name, c.type,
       v.postings_with, v.postings_required, t.postings_total, t.clusters_total,
       v.postings_with / t.clusters_total AS recall,
       wilson_low(v.postings_with, t.clusters_total) AS ci_low,
       wilson_high(v.postings_with, t.clusters_total) AS ci_high
FROM votes v
CROSS JOIN totals t
LEFT JOIN credentials c ON c.credential_id = v.credential_id;
