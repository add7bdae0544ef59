"""Records produced by normalization."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from credfloor.normalize.floor_rule import Strength

# The vocabulary is declared once (normalize/floor_rule.py); these are its plain-string views.
STRENGTHS = tuple(s.value for s in Strength)
STRENGTH_RANK = {s.value: s.rank for s in Strength}


@dataclass(frozen=True)
class Mention:
    """One credential named in one posting, at a character span of the posting text."""

    posting_id: str
    credential_id: str | None  # None: a credential the catalog lacks (see candidate_key)
    type: str
    strength: str
    surface: str
    start: int
    end: int
    method: str  # name | alias | exam_code | ambiguous_alias | fuzzy | rule | recognizer |
    # recognizer_fuzzy | expanded | unlisted
    score: float
    section: str | None = None
    # An unlisted credential's normalized name ("togaf"), for counting and triage; None when
    # credential_id names a catalog entry.
    candidate_key: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)
