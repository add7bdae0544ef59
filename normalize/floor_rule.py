"""The floor rule in one place: its numbers and the vocabularies the views and commands share.

A credential is on a role's floor when it is named in >= FLOOR_MIN_RECALL of the role's adverts,
for roles with >= FLOOR_MIN_ADVERTS adverts. Everything else that decides a tier is declared here
too. The warehouse reads these as SQL macros (warehouse/rule.sql, written by `sql_macros()` and
checked equal to it by a test), and its one `role_credential_tiers` view gives every role x
credential its tier; floor, report, export, audit, changes and snapshots read that view, so two
commands cannot disagree about a floor.

Regenerate the SQL after changing a number:  python -m credfloor.normalize.floor_rule > warehouse/rule.sql
"""

from __future__ import annotations

from enum import StrEnum

FLOOR_MIN_RECALL = 0.60  # share of adverts naming the credential
FLOOR_MIN_ADVERTS = 10  # adverts (clusters of reposts) a role needs before it has a floor
# Specialization: a credential below the floor that distinguishes the role.
SPECIALIZATION_MIN_WITH = 3  # adverts naming it
SPECIALIZATION_MIN_RECALL = 0.05  # 1 advert in 20: a signal, not noise
SPECIALIZATION_MIN_CONCENTRATION = 0.50  # share of the credential's adverts in this role
SPECIALIZATION_MIN_LIFT = 2.0  # recall in the role / recall over all roles
WIDE_INTERVAL = 0.30  # ci_high - ci_low above this reads as "a hint, not a fact"
CONFIDENCE_Z = 1.96  # 95% Wilson interval


class Strength(StrEnum):
    """How firmly a posting asks for a credential; the strongest mention wins."""

    REQUIRED = "required"
    PREFERRED = "preferred"
    MENTIONED = "mentioned"

    @property
    def rank(self) -> int:
        return {"required": 3, "preferred": 2, "mentioned": 1}[self.value]


class Method(StrEnum):
    """How the extractor found a mention."""

    NAME = "name"
    ALIAS = "alias"
    EXAM_CODE = "exam_code"
    AMBIGUOUS_ALIAS = "ambiguous_alias"
    FUZZY = "fuzzy"
    RULE = "rule"


class Tier(StrEnum):
    """Where a credential stands for a role (role_credential_tiers.tier)."""

    FLOOR = "floor"  # >= FLOOR_MIN_RECALL of >= FLOOR_MIN_ADVERTS adverts
    HINT = "hint"  # >= FLOOR_MIN_RECALL, but the role has too few adverts for a floor
    SPECIALIZATION = "specialization"  # the role's one distinguishing pick below the floor
    OTHER = "other"


class Seniority(StrEnum):
    """A title's seniority (normalize/roles.py SENIORITY_LEVELS; a test keeps them equal)."""

    INTERN = "intern"
    ENTRY = "entry"
    MID = "mid"
    SENIOR = "senior"
    LEAD = "lead"
    MANAGER = "manager"
    DIRECTOR = "director"


class Band(StrEnum):
    """Seniority bands of `credfloor audit --level`."""

    ENTRY = "entry"
    MID = "mid"
    SENIOR = "senior"


SENIORITY_BAND = {
    Seniority.INTERN: Band.ENTRY,
    Seniority.ENTRY: Band.ENTRY,
    Seniority.MID: Band.MID,
    Seniority.SENIOR: Band.SENIOR,
    Seniority.LEAD: Band.SENIOR,
    Seniority.MANAGER: Band.SENIOR,
    Seniority.DIRECTOR: Band.SENIOR,
}


def is_floor(recall: float, adverts: int) -> bool:
    return adverts >= FLOOR_MIN_ADVERTS and recall >= FLOOR_MIN_RECALL


def is_borderline(ci_low: float, ci_high: float) -> bool:
    """The 95% interval straddles the floor's share."""
    return ci_low < FLOOR_MIN_RECALL <= ci_high


def _in(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


def sql_macros() -> str:
    """The rule as DuckDB macros (the text of warehouse/rule.sql)."""
    bands = "\n".join(
        f"         WHEN seniority IN ({_in(s for s, b in SENIORITY_BAND.items() if b == band)}) "
        f"THEN '{band}'"
        for band in (Band.ENTRY, Band.SENIOR)
    )
    ranks = " ".join(f"WHEN '{s}' THEN {s.rank}" for s in Strength)
    names = " ".join(f"WHEN {s.rank} THEN '{s}'" for s in Strength)
    return f"""\
-- GENERATED from normalize/floor_rule.py (python -m credfloor.normalize.floor_rule > warehouse/rule.sql);
-- edit the numbers there. The floor rule and its vocabularies as macros for signals.sql.
-- Run by hand before signals.sql:  duckdb credfloor.duckdb < warehouse/rule.sql

CREATE OR REPLACE MACRO floor_min_recall() AS {FLOOR_MIN_RECALL};
CREATE OR REPLACE MACRO floor_min_adverts() AS {FLOOR_MIN_ADVERTS};
CREATE OR REPLACE MACRO is_floor(recall, adverts) AS
    adverts >= {FLOOR_MIN_ADVERTS} AND recall >= {FLOOR_MIN_RECALL};
CREATE OR REPLACE MACRO is_borderline(ci_low, ci_high) AS
    ci_low < {FLOOR_MIN_RECALL} AND ci_high >= {FLOOR_MIN_RECALL};
CREATE OR REPLACE MACRO is_specialization(recall, adverts, postings_with, concentration, lift) AS
    adverts >= {FLOOR_MIN_ADVERTS} AND recall < {FLOOR_MIN_RECALL}
    AND postings_with >= {SPECIALIZATION_MIN_WITH} AND recall >= {SPECIALIZATION_MIN_RECALL}
    AND (concentration >= {SPECIALIZATION_MIN_CONCENTRATION} OR lift >= {SPECIALIZATION_MIN_LIFT});
-- tier of a row: is_pick says it is the role's specialization pick.
CREATE OR REPLACE MACRO credential_tier(recall, adverts, is_pick) AS
    CASE WHEN is_floor(recall, adverts) THEN '{Tier.FLOOR}'
         WHEN recall >= {FLOOR_MIN_RECALL} THEN '{Tier.HINT}'
         WHEN is_pick THEN '{Tier.SPECIALIZATION}'
         ELSE '{Tier.OTHER}' END;
CREATE OR REPLACE MACRO tier_order(tier) AS
    CASE tier {" ".join(f"WHEN '{t}' THEN {i}" for i, t in enumerate(Tier))} ELSE {len(Tier)} END;
CREATE OR REPLACE MACRO strength_rank(strength) AS CASE strength {ranks} ELSE {Strength.MENTIONED.rank} END;
CREATE OR REPLACE MACRO strength_of_rank(rank) AS CASE rank {names} END;
-- A title's seniority read as a band (`credfloor audit --level`).
CREATE OR REPLACE MACRO seniority_band(seniority) AS
    CASE
{bands}
         ELSE '{Band.MID}' END;
-- 95% Wilson score interval for k successes out of n.
CREATE OR REPLACE MACRO wilson_low(k, n) AS CASE WHEN n = 0 THEN NULL ELSE
    ((k / n) + {CONFIDENCE_Z} * {CONFIDENCE_Z} / (2 * n)
     - {CONFIDENCE_Z} * sqrt((k / n) * (1 - k / n) / n + {CONFIDENCE_Z} * {CONFIDENCE_Z} / (4 * n * n)))
    / (1 + {CONFIDENCE_Z} * {CONFIDENCE_Z} / n) END;
CREATE OR REPLACE MACRO wilson_high(k, n) AS CASE WHEN n = 0 THEN NULL ELSE
    ((k / n) + {CONFIDENCE_Z} * {CONFIDENCE_Z} / (2 * n)
     + {CONFIDENCE_Z} * sqrt((k / n) * (1 - k / n) / n + {CONFIDENCE_Z} * {CONFIDENCE_Z} / (4 * n * n)))
    / (1 + {CONFIDENCE_Z} * {CONFIDENCE_Z} / n) END;
"""


if __name__ == "__main__":  # pragma: no cover
    print(sql_macros(), end="")
