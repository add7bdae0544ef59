"""What the extractor finds in a sentence, as the rule tests assert on it."""

from __future__ import annotations

from credfloor.normalize.records import STRENGTH_RANK


def ids(extractor, text: str, **kw) -> set[str]:
    return {m.credential_id for m in extractor.extract("p", text, **kw)}


def strengths(extractor, text: str, **kw) -> dict[str, str]:
    """credential id -> strongest strength across its occurrences (the labelling rule)."""
    out: dict[str, str] = {}
    for m in extractor.extract("p", text, **kw):
        if (
            m.credential_id not in out
            or STRENGTH_RANK[m.strength] > STRENGTH_RANK[out[m.credential_id]]
        ):
            out[m.credential_id] = m.strength
    return out
