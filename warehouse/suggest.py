"""`credfloor catalog suggest` over the warehouse: credentials the catalog lacks, most-named
first, each with an example sentence.

The recognizer (normalize/recognizer.py) stores them as mentions with a candidate_key; the
candidate_credentials view counts them. A warehouse whose mentions predate it (no candidate
stored) falls back to scanning posting texts for phrases beside cue words (normalize/suggest.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from credfloor.normalize.catalog import load_catalog
from credfloor.normalize.context import sentence_bounds
from credfloor.normalize.resolve import NameResolver
from credfloor.normalize.suggest import Suggestion, suggest_phrases
from credfloor.warehouse.export import has_view
from credfloor.warehouse.store import Warehouse

EXAMPLE_CHARS = 160  # an example sentence is cut to about this many characters around the name


def posting_texts(wh: Warehouse, batch: int = 5000) -> Iterator[str]:
    cur = wh.con.execute("SELECT text FROM postings")
    while rows := cur.fetchmany(batch):
        for (text,) in rows:
            yield text


def catalog_suggestions(wh: Warehouse, limit: int = 50) -> list[Suggestion]:
    found = stored_candidates(wh, limit)
    if found is not None:
        return found
    resolver = NameResolver(load_catalog())
    return suggest_phrases(posting_texts(wh), resolver.resolve, limit=limit)


def stored_candidates(wh: Warehouse, limit: int = 50) -> list[Suggestion] | None:
    """The recognizer's unlisted candidates ranked by postings; None when the warehouse holds
    none (mentions extracted before issue 17, or no view yet)."""
    if not has_view(wh, "candidate_credentials"):
        return None
    rows = wh.con.execute(
        """SELECT c.candidate_key, c.postings, c.surface, p.text, c.example_start, c.example_end
           FROM candidate_credentials c
           LEFT JOIN postings p ON p.posting_id = c.example_posting_id
           ORDER BY c.postings DESC, c.mentions DESC, c.candidate_key
           LIMIT ?""",
        [limit],
    ).fetchall()
    if not rows:
        return None
    return [
        Suggestion(surface, postings, example_sentence(text, start, end), key)
        for key, postings, surface, text, start, end in rows
    ]


def example_sentence(text: str | None, start: int, end: int) -> str:
    if not text:
        return ""
    lo, hi = sentence_bounds(text, start, end)
    lo = max(lo, start - EXAMPLE_CHARS // 2)
    hi = min(hi, end + EXAMPLE_CHARS // 2)
    return " ".join(text[lo:hi].split())
