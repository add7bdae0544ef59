"""Entries of a certification list written without their head word: "Relevant certifications:
Azure Security Engineer, AWS Security Specialty, CompTIA Security+", or a "Certifications"
heading over bullet lines. The list says what its items are, so an item the catalog names once
"certification" or "Associate" is added ("Azure Security Engineer" + " Associate") is that
credential. In running text "Azure Security Engineer" is a job title: only list items count.
"""

from __future__ import annotations

import re

from credfloor.normalize.catalog import Catalog
from credfloor.normalize.matcher import Hit
from credfloor.normalize.textfold import literal_hits, same_length_lower

LITERALS = ("certifi",)
_CUE = re.compile(r"certifi(?:cations?|cates?)\b")
# What opens an inline list after the cue: a colon, or "such as" / "e.g." / "including" / "like".
_OPENER = re.compile(
    r"[ \t]*(?:\([^()\n]{0,30}\))?[ \t]*(?::|[,(]?\s*(?:such as|e\.g\.,?|including|like)\s)[ \t]*"
)
# A heading line naming certifications: "Certifications", "Preferred Certifications:",
# "Licenses & Certifications".
_HEADING_LINE = re.compile(
    r"[ \t]*[^\w\n]{0,3}[ \t]*((?:[A-Za-z&/,]+[ \t]+){0,4}[A-Za-z]+):?[ \t]*$"
)
_HEADING_LINKS = frozenset({"and", "or", "&", "/"})
_ITEM_SPLIT = re.compile(r"\s*(?:,|;|\band/or\b|\bor\b|\band\b|•|·|\|)\s*")
# Suffixes that make a list item a catalog form: the head word the list leaves out, and
# Microsoft's role-based level word ("Azure Security Engineer" -> "... Associate").
_SUFFIXES = (" certification", " Associate")
_BULLET = re.compile(r"[\s\-*•·◦▪●–—>]*")
_LOWER_WORD = re.compile(r"\s[a-z]")
# A full stop not inside a name ("Salesforce.com"), a semicolon or a bracket ends the list.
_INLINE_END = re.compile(r"\.(?![a-z0-9])|[;()]")
INLINE_REACH = 150
MAX_LINES = 12
MAX_ITEM = 60


class CertificationLists:
    def __init__(self, catalog: Catalog):
        self.catalog = catalog

    def find(
        self, text: str, taken: list[Hit], low: str | None = None, found: dict | None = None
    ) -> list[Hit]:
        """`low` and `found` as in FuzzyNames.find."""
        low = low if low is not None else same_length_lower(text)
        out: list[Hit] = []
        for cue in literal_hits(low, LITERALS, _CUE, found=found):
            for start, end in self._segments(text, cue.start(), cue.end()):
                out += self._items(text, start, end, (*taken, *out))
        return out

    def _segments(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Stretches of text the list opened by the cue at [start, end) covers."""
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        opener = _OPENER.match(text, end)
        if opener and opener.end() < line_end:
            # Inline: to the end of the sentence, a bracket or the line, and not far: scraped
            # text runs whole sections into one line with no space after the full stop.
            stop = min(line_end, opener.end() + INLINE_REACH)
            end_mark = _INLINE_END.search(text, opener.end(), stop)
            return [(opener.end(), end_mark.start() if end_mark else stop)]
        # A heading: the cue's line holds only a few words, ends in a colon or is in title
        # case ("Licenses & Certifications"); the bullet lines below are items. "We pay for
        # certifications" on a line of its own is prose.
        if line_end - line_start > 60:
            return []
        heading = _HEADING_LINE.fullmatch(text, line_start, line_end)
        if not heading or not (
            text[line_start:line_end].rstrip().endswith(":")
            or all(w[0].isupper() or w in _HEADING_LINKS for w in heading.group(1).split())
        ):
            return []
        segments = []
        pos = line_end + 1
        for _ in range(MAX_LINES):
            if pos >= len(text):
                break
            nxt = text.find("\n", pos)
            nxt = len(text) if nxt < 0 else nxt
            line = text[pos:nxt]
            if not line.strip():
                if segments:
                    break
            elif line.rstrip().endswith(":") or len(line) > 150:
                break
            else:
                segments.append((pos, nxt))
            pos = nxt + 1
        return segments

    def _items(self, text: str, start: int, end: int, taken) -> list[Hit]:
        out: list[Hit] = []
        bounds = [start]
        for sep in _ITEM_SPLIT.finditer(text, start, end):
            bounds += [sep.start(), sep.end()]
        bounds.append(end)
        for i in range(0, len(bounds), 2):
            s, e = bounds[i], bounds[i + 1]
            bullet = _BULLET.match(text, s, e)
            s = bullet.end() if bullet else s
            # The item is its run of names: "Azure Developer are a plus" -> "Azure Developer".
            low_word = _LOWER_WORD.search(text, s, e)
            if low_word:
                e = low_word.start()
            while e > s and text[e - 1] in " \t.:/-":
                e -= 1
            item = text[s:e]
            if not item or len(item) > MAX_ITEM or not (item[0].isupper() or item[0].isdigit()):
                continue
            if any(h.start < e and s < h.end for h in (*taken, *out)):
                continue
            before = text[start:s]
            if before.count("(") > before.count(")"):
                continue  # "ACLS Certification (Cardiac Tele, Critical Care)": units, not items
            cid = self._resolve(item)
            if cid:
                out.append(Hit(s, e, item, cid, "list_item"))
        return out

    def _resolve(self, item: str) -> str | None:
        """One specific entry: an ecosystem's umbrella ("AWS" -> aws-any) is the scoped rule's,
        which reads only lists tied to the certification word; training offered in a
        benefits list ("Training & Certifications: Splunk, AWS") names no requirement."""
        for suffix in _SUFFIXES:
            ids = self.catalog.ids_for(item + suffix)
            if len(ids) == 1:
                cid = next(iter(ids))
                return None if self.catalog[cid].generic else cid
        return None
