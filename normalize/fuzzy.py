"""Near-miss names beside credential cue words: "Advanced Cardiac Life Spt must be obtained",
"Certified Informaton Systems Security Professional certification".

Only the words right before or after a cue word ("certification", "license", "must be obtained")
are tried, only against multi-word catalog names that start with the same word, and only with
rapidfuzz's plain `ratio` at a high cut-off: `token_set_ratio`/`WRatio` score a subset at 100
("pmp certified" vs "pmp"), so they would invent mentions (DESIGN.md §7).
"""

from __future__ import annotations

import re
from collections import defaultdict

from rapidfuzz import fuzz

from credfloor.normalize.catalog import Catalog
from credfloor.normalize.matcher import Hit
from credfloor.normalize.textfold import fold_key

CUTOFF = 90.0
MIN_WORDS = 3
MAX_WORDS = 7
_CUE = re.compile(
    r"\b(?:certifications?|certificates?|certified|licen[sc]es?|licensure|credentials?|"
    r"must be obtained|to be obtained|within \d+ (?:days|months))\b",
    re.I,
)
_WORDS = re.compile(r"[A-Za-z0-9+#&'’]+")


class FuzzyNames:
    def __init__(self, catalog: Catalog):
        self._by_first: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for cred in catalog:
            if cred.generic:
                continue
            for form in (cred.name, *cred.aliases):
                key = fold_key(form)
                if len(key.split()) >= MIN_WORDS and len(catalog.ids_for(form)) == 1:
                    self._by_first[key.split()[0]].append((key, cred.id))

    def find(self, text: str, taken: list[Hit]) -> list[Hit]:
        hits: list[Hit] = []
        for cue in _CUE.finditer(text):
            for start, end in (*_before(text, cue.start()), *_after(text, cue.end())):
                if any(h.start < end and start < h.end for h in (*taken, *hits)):
                    continue
                phrase = fold_key(text[start:end])
                best = None
                for key, cid in self._by_first.get(phrase.split()[0] if phrase else "", ()):
                    score = fuzz.ratio(phrase, key)
                    if score >= CUTOFF and (best is None or score > best[0]):
                        best = (score, cid)
                if best:
                    hits.append(Hit(start, end, text[start:end], best[1], "fuzzy", best[0] / 100))
                    break
        return hits


def _before(text: str, pos: int):
    """Spans of the last 3..7 words before `pos` (longest first), within the same line."""
    line_start = text.rfind("\n", 0, pos) + 1
    words = list(_WORDS.finditer(text, max(line_start, pos - 90), pos))
    for n in range(min(MAX_WORDS, len(words)), MIN_WORDS - 1, -1):
        yield words[-n].start(), words[-1].end()


def _after(text: str, pos: int):
    line_end = text.find("\n", pos)
    words = list(
        _WORDS.finditer(text, pos, line_end if line_end >= 0 else min(len(text), pos + 90))
    )
    if words and words[0].group().lower() in ("in", "as", "of", "for"):
        words = words[1:]
    for n in range(min(MAX_WORDS, len(words)), MIN_WORDS - 1, -1):
        yield words[0].start(), words[n - 1].end()
