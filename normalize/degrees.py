"""Degree phrases no catalog alias can hold.

- Level-less: "a degree in Computer Science", "STEM degree", "degree educated". The labelling
  rules read these as a bachelor's degree.
- A level named in a phrase whose other words decide (`level_phrase_hits`): "Associate or
  Bachelor's degree" (the associate's "degree" is shared), "Masters preferred", "educated to
  Masters level", "graduation from an accredited community college", "graduation from high
  school", "a graduate or higher-level degree"."""

from __future__ import annotations

import re

from credfloor.normalize.matcher import Hit
from credfloor.normalize.textfold import literal_hits, same_length_lower

BACHELOR = "degree-bachelor"
# Where the rules start (Literals, textfold.py).
LITERALS = ("degree", "associate", "master", "doctor", "educated", "graduat", "complet")

# "degree" used as a qualification: what follows or precedes it says so.
_DEGREE = re.compile(r"degrees?\b")
_AFTER = re.compile(
    r"^(?:s)?\s*(?:\(|in\b|-?educated\b|from\b|or\b|and\b|level\b|required|preferred|qualified|holder|"
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
    # "Juris Doctorate degree", "MSc degree": the word closes the level just named.
    level_ends = {h.end for h in taken if h.credential_id.startswith("degree-")}
    out: list[Hit] = []
    for m in literal_hits(low, ("degree",), _DEGREE, found=found):
        start, end = m.start(), m.end()
        if any(s <= start < e for s, e in spans):
            continue
        if level_ends and any(
            start - 3 <= e < start and text[e:start].isspace() for e in level_ends
        ):
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


# --- levels named in phrases (`level_phrase_hits`) -------------------------------------------
# Patterns run over the lowercased text from a literal, so they are written in lowercase.
_S = r"(?:'s|’s|s)"  # Associate's, Associate’s, Associates
_DEGREE_WORD = (
    r"(?:bachelor|baccalaureate|master|vocational|technical\s+degree|"
    r"(?:b\.?[as]\.?|bsc|bsn)(?![a-z0-9]))"
)
# "Associate or Bachelor's degree", "Associate's/Bachelor's", "Associates degree/Bachelor's":
# the associate shares the other level's "degree"; "Associate's of Nursing"; the field of a
# job board's form, "Education: Associate (Required)".
_ASSOCIATE = re.compile(
    rf"associate{_S}?(?=\s*(?:degree\s*)?(?:or|/|,|and)\s*(?:an?\s+)?{_DEGREE_WORD})"
    rf"|associate(?:'s|’s)\s+(?:of|in)\s+(?:arts|science|applied|nursing)\b"
)
# "Sales Associate", "Research Associate": a capitalized word right before a bare "Associate".
_TITLE_WORD_BEFORE = re.compile(r"(?<![:.])\b[A-Z][a-z]+ $")
_BARE_ASSOCIATE = re.compile(r"associate(?![a-z'’])")
_FORM_FIELD_BEFORE = re.compile(r"\b(?:education|degree)\s*:\s*$")
_ASSOCIATE_FIELD = re.compile(rf"associate{_S}?(?:\s+degree)?(?=\s*(?:\(|$|\n|,|;))")
# "Masters preferred", "Master's (Required)", "Masters of Science": the apostrophe-less and
# possessive forms need a degree word beside them elsewhere (matcher cues); these are the
# forms that name no other degree word.
_MASTER = re.compile(
    rf"master{_S}(?=\s*\(?\s*(?:is\s+|are\s+)?(?:strongly\s+|highly\s+)?"
    r"(?:required|preferred|desired|a\s+plus)\b)"
    r"|masters\s+of\s+(?:science|arts|engineering|education|public\s+(?:health|policy|"
    r"administration)|social\s+work|fine\s+arts|business(?:\s+administration)?)\b"
)
_SCRUM_BEFORE = re.compile(r"\bscrum\s*$")
# "educated to Masters level", "Masters level qualification", "Doctoral level training":
# "master's level" is a catalog alias; these are the spellings without the apostrophe and the
# doctoral level. Alone ("working at Masters level", "Masters level courses") they describe
# the work or a course on offer, so a qualification word must follow.
_LEVEL_WORDS = {
    "master": "degree-master",
    "masters": "degree-master",
    "master's": "degree-master",
    "master’s": "degree-master",
    "doctoral": "degree-doctorate",
    "doctorate": "degree-doctorate",
    "phd": "degree-doctorate",
    "postgraduate": "degree-master",
    "post-graduate": "degree-master",
}
_LEVEL_NAMES = r"(master(?:'s|’s|s)?|doctoral|doctorate|phd|post-?graduate)"
_EDUCATED_TO = re.compile(rf"educated\s+to\s+(?:an?\s+)?{_LEVEL_NAMES}[- ]level\b")
_LEVEL_QUALIFICATION = re.compile(
    rf"{_LEVEL_NAMES}[- ]level\s+(?:degree|qualification|education|training|study)"
)
# "graduation from an accredited community college" (a two-year college awards the associate),
# "graduation from high school", "completion of high school", "a graduate or higher-level
# degree" (a degree above the first: the labels read a graduate degree as a master's).
_GRADUATION = re.compile(
    r"(?:graduat(?:ion|ed?)\s+(?:from|of)|completion\s+of|completed)\s+(?:an?\s+)?"
    r"(?:accredited\s+)?(?:(community|junior|two[- ]year)\s+college|(high|secondary)\s+school)\b"
    r"(?!\s*(?:or|/)\s*(?:an?\s+)?(?:four|4|university|college))"
    r"|graduate\s+or\s+(?:higher|advanced)[- ]level\s+degree"
)


def level_phrase_hits(
    text: str, taken: list[Hit], low: str | None = None, found: dict | None = None
) -> list[Hit]:
    """Hits for degree levels named in phrases (see the module doc), outside spans the catalog
    already matched. `low` and `found` as for `bare_degree_hits`."""
    low = low if low is not None else same_length_lower(text)
    spans = [(h.start, h.end) for h in taken]
    out: list[Hit] = []

    def add(start: int, end: int, cid: str) -> None:
        if any(s < end and start < e for s, e in spans):
            return
        spans.append((start, end))
        out.append(Hit(start, end, text[start:end], cid, "rule"))

    for lit, pos in _starts(text, low, found):
        if lit == "associate":
            if _TITLE_WORD_BEFORE.search(text, max(0, pos - 20), pos) and _BARE_ASSOCIATE.match(
                low, pos
            ):
                continue  # "Sales Associate, Bachelor's degree preferred": a job title
            m = _ASSOCIATE.match(low, pos)
            if m is None and _FORM_FIELD_BEFORE.search(low, max(0, pos - 30), pos):
                m = _ASSOCIATE_FIELD.match(low, pos)
            if m:
                add(pos, m.end(), "degree-associate")
        elif lit == "master":
            m = _MASTER.match(low, pos)
            if m and not _SCRUM_BEFORE.search(low, max(0, pos - 12), pos):
                mba = m.group().endswith("business administration")
                add(pos, m.end(), "degree-mba" if mba else "degree-master")
                continue
            m = _LEVEL_QUALIFICATION.match(low, pos)
            if m:
                add(pos, m.end(), _LEVEL_WORDS[m.group(1)])
        elif lit == "doctor":
            m = _LEVEL_QUALIFICATION.match(low, pos)
            if m:
                add(pos, m.end(), _LEVEL_WORDS[m.group(1)])
        elif lit == "educated":
            m = _EDUCATED_TO.match(low, pos)
            if m:
                add(pos, m.end(), _LEVEL_WORDS[m.group(1)])
        else:  # graduat, complet
            m = _GRADUATION.match(low, pos)
            if m:
                cid = (
                    "degree-associate"
                    if m.group(1)
                    else "degree-high-school"
                    if m.group(2)
                    else "degree-master"
                )
                add(pos, m.end(), cid)
    return out


_LEVEL_LITERALS = tuple(lit for lit in LITERALS if lit != "degree")


def _starts(text: str, low: str, found: dict | None):
    """(literal, offset) where a literal starts a word, in text order; a word glued to the one
    before at a case change ("requiredAssociate's") starts one too."""
    out = []
    for lit in _LEVEL_LITERALS:
        if found is not None and lit in found:
            offsets = found[lit]
        else:
            offsets = [m.start() for m in re.finditer(re.escape(lit), low)]
        for pos in offsets:
            if (
                pos == 0
                or not (low[pos - 1].isalnum() or low[pos - 1] == "_")
                or (text[pos].isupper() and text[pos - 1].islower())
            ):
                out.append((pos, lit))
    return [(lit, pos) for pos, lit in sorted(out)]
