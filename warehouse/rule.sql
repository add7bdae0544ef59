-- GENERATED from normalize/floor_rule.py (python -m credfloor.normalize.floor_rule > warehouse/rule.sql);
-- edit the numbers there. The floor rule and its vocabularies as macros for signals.sql.
-- Run by hand before signals.sql:  duckdb credfloor.duckdb < warehouse/rule.sql

CREATE OR REPLACE MACRO floor_min_recall() AS 0.6;
CREATE OR REPLACE MACRO floor_min_adverts() AS 10;
CREATE OR REPLACE MACRO is_floor(recall, adverts) AS
    adverts >= 10 AND recall >= 0.6;
CREATE OR REPLACE MACRO is_borderline(ci_low, ci_high) AS
    ci_low < 0.6 AND ci_high >= 0.6;
CREATE OR REPLACE MACRO is_specialization(recall, adverts, postings_with, concentration, lift) AS
    adverts >= 10 AND recall < 0.6
    AND postings_with >= 3 AND recall >= 0.05
    AND (concentration >= 0.5 OR lift >= 2.0);
-- tier of a row: is_pick says it is the role's specialization pick.
CREATE OR REPLACE MACRO credential_tier(recall, adverts, is_pick) AS
    CASE WHEN is_floor(recall, adverts) THEN 'floor'
         WHEN recall >= 0.6 THEN 'hint'
         WHEN is_pick THEN 'specialization'
         ELSE 'other' END;
CREATE OR REPLACE MACRO tier_order(tier) AS
    CASE tier WHEN 'floor' THEN 0 WHEN 'hint' THEN 1 WHEN 'specialization' THEN 2 WHEN 'other' THEN 3 ELSE 4 END;
CREATE OR REPLACE MACRO strength_rank(strength) AS CASE strength WHEN 'required' THEN 3 WHEN 'preferred' THEN 2 WHEN 'mentioned' THEN 1 ELSE 1 END;
CREATE OR REPLACE MACRO strength_of_rank(rank) AS CASE rank WHEN 3 THEN 'required' WHEN 2 THEN 'preferred' WHEN 1 THEN 'mentioned' END;
-- A title's seniority read as a band (`credfloor audit --level`).
CREATE OR REPLACE MACRO seniority_band(seniority) AS
    CASE
         WHEN seniority IN ('intern', 'entry') THEN 'entry'
         WHEN seniority IN ('senior', 'lead', 'manager', 'director') THEN 'senior'
         ELSE 'mid' END;
-- 95% Wilson score interval for k successes out of n.
CREATE OR REPLACE MACRO wilson_low(k, n) AS CASE WHEN n = 0 THEN NULL ELSE
    ((k / n) + 1.96 * 1.96 / (2 * n)
     - 1.96 * sqrt((k / n) * (1 - k / n) / n + 1.96 * 1.96 / (4 * n * n)))
    / (1 + 1.96 * 1.96 / n) END;
CREATE OR REPLACE MACRO wilson_high(k, n) AS CASE WHEN n = 0 THEN NULL ELSE
    ((k / n) + 1.96 * 1.96 / (2 * n)
     + 1.96 * sqrt((k / n) * (1 - k / n) / n + 1.96 * 1.96 / (4 * n * n)))
    / (1 + 1.96 * 1.96 / n) END;
