"""Resolve a free-text credential name ("Registered Nurse (RN) license") to one catalog entry.

Used by `credfloor catalog resolve` and the stack audit. Tries, in order: the exact folded name,
simple variants (parentheses, trailing 'license'/'certification'), the matcher over the name,
then a strict fuzzy match (rapidfuzz ratio, not token_set: that scores any subset at 100).
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from credfloor.normalize.catalog import Catalog, Credential, norm_key
from credfloor.normalize.matcher import CredentialMatcher

FUZZY_CUTOFF = 92
_PARENS = re.compile(r"\(([^)]*)\)")
_TRAILING = re.compile(
    r"\s+(license|licence|licensure|certification|certificate|certified|credential|"
    r"registration|exam|designation|\(any\))$",
    re.I,
)


class NameResolver:
    def __init__(self, catalog: Catalog, matcher: CredentialMatcher | None = None):
        self.catalog = catalog
        self.matcher = matcher or CredentialMatcher(catalog)
        self._choices: dict[str, str] = {}
        for cred in catalog:
            for form in (cred.name, *cred.aliases):
                key = norm_key(form)
                if len(key) >= 6 and len(catalog.ids_for(form)) == 1:
                    self._choices[key] = cred.id

    def resolve(self, name: str) -> Credential | None:
        for variant in _variants(name):
            ids = self.catalog.ids_for(variant)
            if len(ids) == 1:
                return self.catalog[next(iter(ids))]
        hits = self.matcher.find(name)
        if hits:
            longest = max(hits, key=lambda h: h.end - h.start)
            return self.catalog[longest.credential_id]
        key = norm_key(name)
        if len(key) >= 6 and self._choices:
            best = process.extractOne(
                key, self._choices.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
            )
            if best:
                return self.catalog[self._choices[best[0]]]
        return None


def _variants(name: str):
    name = name.strip()
    yield name
    without = _PARENS.sub(" ", name).strip()
    yield without
    yield from _PARENS.findall(name)
    stripped = without
    while True:
        shorter = _TRAILING.sub("", stripped).strip()
        if shorter == stripped:
            break
        stripped = shorter
        yield stripped
