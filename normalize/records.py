"""Records produced by normalization."""

from __future__ import annotations

from dataclasses import asdict, dataclass

STRENGTHS = ("required", "preferred", "mentioned")
STRENGTH_RANK = {"required": 3, "preferred": 2, "mentioned": 1}


@dataclass(frozen=True)
class Mention:
    """One credential named in one posting, at a character span of the posting text."""

    posting_id: str
    credential_id: str
    type: str
    strength: str
    surface: str
    start: int
    end: int
    method: str  # name | alias | exam_code | ambiguous_alias | fuzzy | rule
    score: float
    section: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)
