"""Degree mentions that name no level: "a degree in Computer Science", "STEM degree",
"educated to degree level". The labelling rules read these as a bachelor's degree."""

from __future__ import annotations

import re

from credfloor.normalize.matcher import Hit
from credfloor.normalize.textfold import literal_hits, same_length_lower

BACHELOR = "degree-bachelor"
LITERALS = ("degree",)  # where the rule starts (Literals, textfold.py)

# "degree" used as a qualification: what follows or precedes it says so.
_DEGREE = re.compile(r"degrees?\b")
_AFTER = re.compile(
    r"^(?:s)?\s*(?:\(|in\b|from\b|or\b|and\b|level\b|required|preferred|qualified|holder|"
    r"[,;:/.]|\s*$|\s+(?:or|and)\s+equivalent|\s+with\b)",
    re.I,
)
_BEFORE = re.compile(
    r"(?:\b(?:a|an|your|relevant|related|appropriate|technical|university|college|academic|stem|"
    r"science|scientific|engineering|business|it|computing|numerate|first|good|honours|honors|"
    r"undergraduate|accredited|professional|recognised|recognized|bachelor|4[- ]year|four[- ]year|"
    r"to|have|hold|holds|possess|with|requires?)\s+)$",
    re.I,
)
# Not a qualification: "a high degree of", "to some degree", "360 degree", "degrees Celsius".
_NOT = re.compile(
    r"(?:high|higher|great|greater|large|some|certain|significant|varying|any|lesser|"
    r"\d+|first|second|third|to\s+a)\s*$",
    re.I,
)
# "Associate level degree": the level is named before "degree" in words the catalog's degree
# names do not use; the level-less reading (bachelor's) would be a wrong id.
_LEVEL_BEFORE = re.compile(
    r"\b(associate|bachelor|master|doctoral|doctorate)(?:'?s)?[- ]level\s+$", re.I
)
_LEVEL_IDS = {
    "associate": "degree-associate",
    "bachelor": BACHELOR,
    "master": "degree-master",
    "doctoral": "degree-doctorate",
    "doctorate": "degree-doctorate",
}
_OF_AFTER = re.compile(r"^s?\s+(?:of|celsius|fahrenheit|angle|view|feedback)\b", re.I)


def bare_degree_hits(
    text: str, taken: list[Hit], low: str | None = None, found: dict | None = None
) -> list[Hit]:
    """Hits for level-less 'degree' phrases outside spans the catalog already matched.
    `low`: text lowercased (same length); `found`: `Literals.find(low)` when the caller has it."""
    low = low if low is not None else same_length_lower(text)
    spans = [(h.start, h.end) for h in taken]
    out: list[Hit] = []
    for m in literal_hits(low, LITERALS, _DEGREE, found=found):
        start, end = m.start(), m.end()
        if any(s <= start < e for s, e in spans):
            continue
        before = text[max(0, start - 40) : start]
        after = text[end : end + 40]
        if _OF_AFTER.match(after) or _NOT.search(before):
            continue
        if first_degree_ordinal(before):
            continue
        level = _LEVEL_BEFORE.search(before)
        if level:
            cid = _LEVEL_IDS[level.group(1).lower()]
            out.append(Hit(start, end, text[start:end], cid, "rule"))
            continue
        if _AFTER.match(after) or _BEFORE.search(before):
            out.append(Hit(start, end, text[start:end], BACHELOR, "rule"))
    return out


def first_degree_ordinal(before: str) -> bool:
    return bool(re.search(r"\b(?:first|second|third)[- ]$", before, re.I))
