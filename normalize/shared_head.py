"""Coordinated names sharing one head word: "Property & Casualty and Life Licenses" (two
licences), "Six Sigma Green or Black Belt", "Azure Administrator and Developer certifications".
Each item is completed with the head (and, for later items, with the words the first item
opens with: "Six Sigma" + "Black Belt") and kept when that names exactly one catalog entry.
Slash lists ("CCNA/CCDA certification") are the recognizer's (recognizer._expand).
"""

from __future__ import annotations

import re

from credfloor.normalize.catalog import Catalog
from credfloor.normalize.matcher import US_STATE_CODES, Hit
from credfloor.normalize.textfold import literal_hits, same_length_lower

LITERALS = ("licen", "certifi", "belt")
_HEAD = re.compile(r"(?:licen[cs]es?|certifications?|certificates?|belts?)\b")
_WORD = r"[A-Z0-9][\w+.'&-]*"  # "Series 7, 63 and 65 licenses"
# Items: title-case runs (with '&' inside: "Property & Casualty") joined by and/or/commas.
_ITEM = _WORD + r"(?:[ \t]+(?:&[ \t]+)?" + _WORD + r"){0,4}"
_LIST = re.compile(
    r"(" + _ITEM + r"(?:[ \t]*,[ \t]*" + _ITEM + r"){0,4},?[ \t]+(?:and/or|and|or)[ \t]+"
    r"(?:" + _WORD + r"[ \t]+){0,3}" + _WORD + r")[ \t]+$"
)
_SPLIT = re.compile(r"[ \t]*,[ \t]*(?:(?:and/or|and|or)[ \t]+)?|[ \t]+(?:and/or|and|or)[ \t]+")
_SINGULAR = {
    "licenses": "license",
    "licences": "licence",
    "certifications": "certification",
    "certificates": "certificate",
    "belts": "belt",
}
REACH = 120


class SharedHeads:
    def __init__(self, catalog: Catalog):
        self.catalog = catalog

    def find(
        self, text: str, taken: list[Hit], low: str | None = None, found: dict | None = None
    ) -> list[Hit]:
        """`low` and `found` as in FuzzyNames.find."""
        low = low if low is not None else same_length_lower(text)
        out: list[Hit] = []
        for head in literal_hits(low, LITERALS, _HEAD, found=found):
            lo = max(0, head.start() - REACH, text.rfind("\n", 0, head.start()) + 1)
            if " and " not in low[lo : head.start()] and " or " not in low[lo : head.start()]:
                continue  # no coordination: skip the regex
            m = _LIST.search(text, lo, head.start())
            if not m:
                continue
            word = head.group()
            word = _SINGULAR.get(word, word)
            out += self._expand(text, m.start(1), m.end(1), word, (*taken, *out))
        return out

    def _expand(self, text: str, start: int, end: int, head: str, taken) -> list[Hit]:
        items: list[tuple[int, int]] = []
        pos = start
        for sep in _SPLIT.finditer(text, start, end):
            items.append((pos, sep.start()))
            pos = sep.end()
        items.append((pos, end))
        if len(items) < 2:
            return []
        first = text[items[0][0] : items[0][1]].split()
        shared = " ".join(first[:-1])
        out: list[Hit] = []
        for i, (s, e) in enumerate(items):
            if any(h.start < e and s < h.end for h in (*taken, *out)):
                continue
            if text[s:e] in US_STATE_CODES:
                continue  # "PA or NJ State License": the states, not a physician assistant
            words = list(re.finditer(r"\S+", text[s:e]))
            cid = None
            # The item's last words (a state or issuer may open it: "California Property &
            # Casualty"), longest first; later items also with the first item's opening words.
            for k in range(len(words)):
                if words[k].group() == "&":
                    continue
                name = text[s + words[k].start() : e]
                tries = [f"{name} {head}"]
                if i and shared:
                    tries.append(f"{shared} {name} {head}")
                cid = self._one(tries)
                if cid:
                    s += words[k].start()
                    break
            if cid:
                out.append(Hit(s, e, text[s:e], cid, "shared_head"))
        return out

    def _one(self, forms: list[str]) -> str | None:
        for form in forms:
            ids = self.catalog.ids_for(form)
            if len(ids) == 1:
                return next(iter(ids))
        return None
