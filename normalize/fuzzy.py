"""Near-miss names beside credential cue words: "Advanced Cardiac Life Spt must be obtained",
"Certified Informaton Systems Security Professional certification".

Only the words right before or after a cue word ("certification", "license", "must be obtained")
are tried, only against multi-word catalog names that start with the same word, and only with
rapidfuzz's plain `ratio` at a high cut-off: `token_set_ratio`/`WRatio` score a subset at 100
("pmp certified" vs "pmp"), so they would invent mentions. A near miss must write the same
numbers as the name: "Level 4 Diploma in ..." is no typo of "Level 5 Diploma in ..."
(the recognizer and `catalog resolve` compare numbers the same way).
"""

from __future__ import annotations

import re
from collections import defaultdict

from rapidfuzz import fuzz, process

from credfloor.normalize.cache import remembered
from credfloor.normalize.catalog import Catalog
from credfloor.normalize.matcher import Hit
from credfloor.normalize.textfold import fold_key, literal_hits, numbers
from credfloor.normalize.textfold import same_length_lower as _lower

CUTOFF = 90.0
MIN_WORDS = 3
MAX_WORDS = 7
_CUE = re.compile(
    r"(?:certifications?|certificates?|certified|licen[sc]es?|licensure|credentials?|"
    r"must be obtained|to be obtained|within \d+ (?:days|months))\b"
)
LITERALS = ("certif", "licen", "credential", "must be", "to be", "within ")  # _CUE's starts
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
        self._keys_by_first = {w: [key for key, _ in names] for w, names in self._by_first.items()}
        self._near: dict[str, tuple | None] = {}

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_near"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._near = {}

    def find(
        self, text: str, taken: list[Hit], low: str | None = None, found: dict | None = None
    ) -> list[Hit]:
        """`low`: text.lower() when the caller has it (same length as text); `found`:
        `Literals.find(low)`, likewise."""
        low = low if low is not None else _lower(text)
        hits: list[Hit] = []
        for cue in literal_hits(low, LITERALS, _CUE, found=found):
            for words in (_before(text, cue.start()), _after(text, cue.end())):
                hit = self._best(text, words, (*taken, *hits))
                if hit is not None:
                    hits.append(hit)
        return hits

    def _best(self, text: str, words: list[re.Match], taken) -> Hit | None:
        """The longest 3..7-word run at the cue's side that nearly equals a catalog name.
        `words` runs outwards from the cue, so runs are the cue-side suffixes/prefixes."""
        if len(words) < MIN_WORDS:
            return None
        # The words are in text order, or in reverse (before the cue): a run's first word in
        # the text is one of its two ends.
        backwards = words[0].start() > words[-1].start()
        for n in range(min(MAX_WORDS, len(words)), MIN_WORDS - 1, -1):
            first, last = (words[n - 1], words[0]) if backwards else (words[0], words[n - 1])
            choices = self._by_first.get(first.group().lower())
            if not choices:
                continue
            start, end = first.start(), last.end()
            if any(h.start < end and start < h.end for h in taken):
                continue
            best = self._closest_to(text[start:end], first.group().lower())
            if best is not None and best[1] >= CUTOFF:
                score, cid = best[1], choices[best[2]][1]
                return Hit(start, end, text[start:end], cid, "fuzzy", score / 100)
        return None

    def _closest_to(self, words: str, first: str) -> tuple | None:
        """_closest for a run of words whose first word is `first`. Postings repeat the words
        around their cues (boilerplate, reposts): each run is scored once per process."""
        # The first name with the highest score and the same numbers, scored in C: up to 521
        # names share a first word ("certified"), and one Python call each cost ~0.1 ms per
        # run. The cut-off given to rapidfuzz sits below ours, so a score at exactly CUTOFF is
        # never lost to rounding in its conversion; ours is applied to the result.
        keys = self._keys_by_first[first]
        return remembered(self._near, words, lambda w: _closest(fold_key(w), keys))


def _closest(phrase: str, keys: list[str]) -> tuple | None:
    """rapidfuzz's (key, score, index) of the first key with the highest score that writes the
    same numbers as `phrase`. The closest key nearly always does: only when it does not are
    the others that pass the cut-off looked at."""
    best = process.extractOne(
        phrase, keys, scorer=fuzz.ratio, processor=None, score_cutoff=CUTOFF - 1
    )
    wanted = numbers(phrase)
    if best is None or numbers(best[0]) == wanted:
        return best
    near = process.extract(
        phrase, keys, scorer=fuzz.ratio, processor=None, score_cutoff=CUTOFF - 1, limit=None
    )
    same = [b for b in near if numbers(b[0]) == wanted]
    return max(same, key=lambda b: (b[1], -b[2])) if same else None


def _before(text: str, pos: int) -> list[re.Match]:
    """Up to 7 words before `pos` on the same line, nearest first."""
    line_start = text.rfind("\n", 0, pos) + 1
    words = list(_WORDS.finditer(text, max(line_start, pos - 90), pos))
    return words[::-1][:MAX_WORDS]


def _after(text: str, pos: int) -> list[re.Match]:
    """Up to 7 words after `pos` on the same line ("certification in X": 'in' skipped)."""
    line_end = text.find("\n", pos)
    stop = line_end if line_end >= 0 else min(len(text), pos + 90)
    words = list(_WORDS.finditer(text, pos, min(stop, pos + 90)))
    if words and words[0].group().lower() in ("in", "as", "of", "for"):
        words = words[1:]
    return words[:MAX_WORDS]
