"""Entries of a certification list written without their head word: "Relevant certifications:
Azure Security Engineer, AWS Security Specialty, CompTIA Security+", or a "Certifications"
heading over bullet lines. The list says what its items are, so an item the catalog names once
"certification" or "Associate" is added ("Azure Security Engineer" + " Associate") is that
credential. In running text "Azure Security Engineer" is a job title: only list items count.

A list whose certification word an issuer names ("At least one Salesforce certification, with
Service Cloud and Advanced Administrator preferred", "AWS certifications such as Security
Specialty") also completes an item with the issuer ("Salesforce Advanced Administrator",
"<issuer> Certified <item>"), keeping only an entry of that issuer's ecosystem. Its items
may also follow ", with": they are asked for on top of the issuer's certification, not as
examples of it, so the generic entry stays (method `with_item`).
"""

from __future__ import annotations

import re

from credfloor.normalize.catalog import Catalog
from credfloor.normalize.matcher import Hit
from credfloor.normalize.scoped import ecosystem_names
from credfloor.normalize.textfold import fold_key, literal_hits, same_length_lower

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
# The issuer right before the cue: up to three capitalised words ("At least one Salesforce
# certification", "Google Cloud certifications").
_ISSUER_BEFORE = re.compile(r"(?<![\w.+&-])((?:[A-Z][\w.+&-]*[ \t]+){0,2}[A-Z][\w.+&-]*)[ \t]+$")
# After an issuer's certification word, ", with" adds wanted items: "..., with Service Cloud
# preferred".
_WITH_OPENER = re.compile(r"[ \t]*,[ \t]*with[ \t]+")
# Catalog forms of an item of an issuer's list.
_ISSUER_FORMS = ("{issuer} {item}", "{issuer} Certified {item}", "{issuer} {item} certification")
WITH_ITEM = "with_item"
_HEADING_LINKS = frozenset({"and", "or", "&", "/"})
_ITEM_SPLIT = re.compile(r"\s*(?:,|;|\band/or\b|\bor\b|\band\b|•|·|\|)\s*")
# Suffixes that make a list item a catalog form: the head word the list leaves out, and
# Microsoft's role-based level word ("Azure Security Engineer" -> "... Associate").
_SUFFIXES = (" certification", " Associate")
_BULLET = re.compile(r"[\s\-*•·◦▪●–—>]*")
_LOWER_WORD = re.compile(r"\s[a-z]")
# A name followed by these is a product or field, not a certification: "with Service Cloud
# experience", "such as Azure Administrator skills".
_SKILL_AFTER = re.compile(
    r"\s+(?:experience|knowledge|expertise|background|skills?|exposure|familiarity|"
    r"implementations?|projects?)\b"
)
# A full stop not inside a name ("Salesforce.com"), a semicolon or a bracket ends the list.
_INLINE_END = re.compile(r"\.(?![a-z0-9])|[;()]")
INLINE_REACH = 150
MAX_LINES = 12
MAX_ITEM = 60


class CertificationLists:
    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self._ecosystems = ecosystem_names(catalog)

    def find(
        self, text: str, taken: list[Hit], low: str | None = None, found: dict | None = None
    ) -> list[Hit]:
        """`low` and `found` as in FuzzyNames.find."""
        low = low if low is not None else same_length_lower(text)
        out: list[Hit] = []
        for cue in literal_hits(low, LITERALS, _CUE, found=found):
            issuer = self._issuer(text, cue.start())
            segments, method = self._segments(text, cue.start(), cue.end(), issuer is not None)
            for start, end in segments:
                out += self._items(text, start, end, (*taken, *out), issuer, method)
        return out

    def _issuer(self, text: str, start: int) -> tuple[tuple[str, ...], str] | None:
        """The names of the issuer written right before the cue at `start`, and its
        ecosystem: "Salesforce" -> (("Salesforce",), "salesforce")."""
        before = _ISSUER_BEFORE.search(text[max(0, start - 60) : start])
        if not before:
            return None
        words = before.group(1).split()
        for n in range(len(words), 0, -1):
            written = " ".join(words[-n:])
            cid = self._ecosystems.get(fold_key(written))
            if cid:
                cred = self.catalog[cid]
                names = (written,) if cred.issuer == written else (written, cred.issuer)
                return names, cred.ecosystem
        return None

    def _segments(
        self, text: str, start: int, end: int, issuer: bool = False
    ) -> tuple[list[tuple[int, int]], str]:
        """Stretches of text the list opened by the cue at [start, end) covers, and the method
        of its items; after an issuer's certification word ", with" opens a list too."""
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        method = "list_item"
        opener = _OPENER.match(text, end)
        if not opener and issuer:
            opener = _WITH_OPENER.match(text, end)
            method = WITH_ITEM
        if opener and opener.end() < line_end:
            # Inline: to the end of the sentence, a bracket or the line, and not far: scraped
            # text runs whole sections into one line with no space after the full stop.
            stop = min(line_end, opener.end() + INLINE_REACH)
            end_mark = _INLINE_END.search(text, opener.end(), stop)
            return [(opener.end(), end_mark.start() if end_mark else stop)], method
        # A heading: the cue's line holds only a few words, ends in a colon or is in title
        # case ("Licenses & Certifications"); the bullet lines below are items. "We pay for
        # certifications" on a line of its own is prose.
        if line_end - line_start > 60:
            return [], "list_item"
        heading = _HEADING_LINE.fullmatch(text, line_start, line_end)
        if not heading or not (
            text[line_start:line_end].rstrip().endswith(":")
            or all(w[0].isupper() or w in _HEADING_LINKS for w in heading.group(1).split())
        ):
            return [], "list_item"
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
        return segments, "list_item"

    def _items(
        self, text: str, start: int, end: int, taken, issuer=None, method: str = "list_item"
    ) -> list[Hit]:
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
            if _SKILL_AFTER.match(text, e):
                continue
            if not item or len(item) > MAX_ITEM or not (item[0].isupper() or item[0].isdigit()):
                continue
            if any(h.start < e and s < h.end for h in (*taken, *out)):
                continue
            before = text[start:s]
            if before.count("(") > before.count(")"):
                continue  # "ACLS Certification (Cardiac Tele, Critical Care)": units, not items
            cid = self._resolve(item, issuer)
            if cid:
                out.append(Hit(s, e, item, cid, method))
        return out

    def _resolve(self, item: str, issuer=None) -> str | None:
        """One specific entry: an ecosystem's umbrella ("AWS" -> aws-any) is the scoped rule's,
        which reads only lists tied to the certification word; training offered in a
        benefits list ("Training & Certifications: Splunk, AWS") names no requirement. In an
        issuer's list the issuer's forms count too, for an entry of its ecosystem, and the
        forms that name one entry must all name the same one."""
        found: set[str] = set()
        for suffix in _SUFFIXES:
            ids = self.catalog.ids_for(item + suffix)
            if len(ids) == 1:
                found = ids
                break
        if issuer:
            names, ecosystem = issuer
            for name in names:
                for form in _ISSUER_FORMS:
                    ids = self.catalog.ids_for(form.format(issuer=name, item=item))
                    if len(ids) == 1 and self.catalog[next(iter(ids))].ecosystem == ecosystem:
                        found |= ids
        if len(found) != 1:
            return None
        cid = next(iter(found))
        return None if self.catalog[cid].generic else cid
