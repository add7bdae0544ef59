"""Posting text -> credential mentions with type, strength, method and score.

The one extraction function: `credfloor extract` and the refresh flow both call it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from credfloor.normalize.catalog import Catalog, load_catalog
from credfloor.normalize.context import StrengthRules, sentence_bounds
from credfloor.normalize.matcher import CredentialMatcher, Hit
from credfloor.normalize.records import Mention

EXTRACTOR_VERSION = "0.1.0"


class Extractor:
    def __init__(self, catalog: Catalog | None = None):
        self.catalog = catalog or load_catalog()
        self.matcher = CredentialMatcher(self.catalog)
        self.strength = StrengthRules()

    @property
    def version(self) -> str:
        return f"{EXTRACTOR_VERSION}+{self.catalog.version[:8]}"

    def extract(self, posting_id: str, text: str) -> list[Mention]:
        hits = self._drop_shadowed_generics(text, self.matcher.find(text))
        if not hits:
            return []
        strengths = self.strength.strengths(text, [(h.start, h.end) for h in hits])
        mentions = []
        for hit, (strength, section) in zip(hits, strengths, strict=True):
            cred = self.catalog[hit.credential_id]
            mentions.append(
                Mention(
                    posting_id=posting_id,
                    credential_id=cred.id,
                    type=cred.type,
                    strength=strength,
                    surface=hit.surface,
                    start=hit.start,
                    end=hit.end,
                    method=hit.method,
                    score=1.0,
                    section=section,
                )
            )
        return mentions

    def extract_many(self, items: Iterable[tuple[str, str]]) -> Iterator[list[Mention]]:
        for posting_id, text in items:
            yield self.extract(posting_id, text)

    def _drop_shadowed_generics(self, text: str, hits: list[Hit]) -> list[Hit]:
        """'AWS certification (e.g. SAA)' names a specific credential: the generic adds nothing."""
        generic = [h for h in hits if self.catalog[h.credential_id].generic]
        if not generic:
            return hits
        keep = []
        for h in hits:
            cred = self.catalog[h.credential_id]
            if cred.generic:
                lo, hi = sentence_bounds(text, h.start, h.end)
                if any(
                    o is not h
                    and lo <= o.start < hi
                    and not self.catalog[o.credential_id].generic
                    and self.catalog[o.credential_id].ecosystem == cred.ecosystem
                    for o in hits
                ):
                    continue
            keep.append(h)
        return keep
