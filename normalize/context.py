"""Requirement strength of a mention, from its sentence and the section it sits in.

Only sentences that hold a candidate are tokenized (spaCy, blank English: no model download), and
a spaCy Matcher finds the cue phrases there; the cue nearest to the mention decides. With no cue in
the sentence, the nearest section heading above decides ("Preferred qualifications" -> preferred).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import spacy
from spacy.matcher import Matcher

REQUIRED_CUES = [
    "required",
    "require",
    "requires",
    "requirement",
    "must",
    "mandatory",
    "essential",
    "minimum",
    "necessary",
    "need to have",
    "needs to have",
    "will be required",
    "obtain within",
    "prerequisite",
    "condition of employment",
    "needed",
]
PREFERRED_CUES = [
    "preferred",
    "prefer",
    "preferably",
    "a plus",
    "is a plus",
    "plus",
    "nice to have",
    "nice-to-have",
    "bonus",
    "ideally",
    "ideal",
    "desirable",
    "desired",
    "advantageous",
    "an asset",
    "beneficial",
    "optional",
    "would be great",
    "helpful",
    "highly regarded",
    "strongly preferred",
]

_PREF_HEAD = re.compile(
    r"\b(preferred|desired|desirable|nice[\s-]to[\s-]haves?|bonus|pluses|a plus|"
    r"additional qualifications|ideally|advantageous|good to have)\b",
    re.I,
)
_REQ_HEAD = re.compile(
    r"\b(requirements?|required|minimum|basic qualifications|must[\s-]haves?|essential|"
    r"what you(?:'ll|’ll| will)? need|what you bring|qualifications|who you are|you have|"
    r"you will have|skills (?:and|&) experience|experience (?:and|&) skills|what we(?:'re|’re| are) "
    r"looking for|eligibility|education|licensure|certifications?|credentials)\b",
    re.I,
)
_OTHER_HEAD = re.compile(
    r"\b(responsibilities|duties|benefits|about (?:us|the|our)|what you(?:'ll|’ll| will) do|"
    r"perks|we offer|why join|our team|overview|the role|job description|summary|compensation|"
    r"salary|equal opportunity|how to apply)\b",
    re.I,
)
_HEAD_LINE = re.compile(r"^[ \t]*(?:#+[ \t]*)?(?![-*•–])([^\n:.]{3,80}?)[ \t]*(?::|$)", re.M)
_SENT_END = re.compile(r"\n|(?<=[.!?;])\s+(?=[A-Z•\-*])")


@dataclass(frozen=True)
class Section:
    start: int
    kind: str  # required | preferred | mentioned
    heading: str


def find_sections(text: str) -> list[Section]:
    """Heading-like lines (short, or a label before ':') and what kind of section they open."""
    sections: list[Section] = []
    for m in _HEAD_LINE.finditer(text):
        head = m.group(1).strip()
        line_end = text.find("\n", m.start())
        line = text[m.start() : line_end if line_end >= 0 else len(text)]
        is_label = (
            text.startswith(":", m.end(1))
            or m.end(1) < len(text)
            and ":" in text[m.end(1) : m.end(1) + 2]
        )
        if not is_label and len(line.strip()) > 80:
            continue
        if len(head.split()) > 9:
            continue
        if _PREF_HEAD.search(head):
            kind = "preferred"
        elif _REQ_HEAD.search(head):
            kind = "required"
        elif _OTHER_HEAD.search(head):
            kind = "mentioned"
        else:
            continue
        sections.append(Section(m.start(), kind, head))
    return sections


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = 0
    for m in _SENT_END.finditer(text, max(0, start - 400), start):
        lo = m.end()
    m = _SENT_END.search(text, end)
    hi = m.start() if m else len(text)
    return lo, hi


class StrengthRules:
    """Decides required / preferred / mentioned for mentions of one posting at a time."""

    @cached_property
    def _nlp(self):
        return spacy.blank("en")

    @cached_property
    def _matcher(self) -> Matcher:
        matcher = Matcher(self._nlp.vocab)
        for label, cues in (("required", REQUIRED_CUES), ("preferred", PREFERRED_CUES)):
            patterns = []
            for cue in cues:
                words = [t.text.lower() for t in self._nlp.make_doc(cue)]
                patterns.append([{"LOWER": w} for w in words])
            matcher.add(label, patterns)
        return matcher

    def strengths(self, text: str, spans: list[tuple[int, int]]) -> list[tuple[str, str | None]]:
        """(strength, section heading) for each (start, end) span of `text`."""
        sections = find_sections(text) if spans else []
        cache: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
        out: list[tuple[str, str | None]] = []
        for start, end in spans:
            bounds = sentence_bounds(text, start, end)
            if bounds not in cache:
                cache[bounds] = self._cues(text, *bounds)
            section = _section_at(sections, start)
            cue = _nearest(cache[bounds], start, end)
            if cue is not None:
                out.append((cue, section.heading if section else None))
            elif section is not None:
                out.append((section.kind, section.heading))
            else:
                out.append(("mentioned", None))
        return out

    def _cues(self, text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
        doc = self._nlp.make_doc(text[lo:hi])
        found = []
        for match_id, s, e in self._matcher(doc):
            span = doc[s:e]
            found.append(
                (lo + span.start_char, lo + span.end_char, self._nlp.vocab.strings[match_id])
            )
        return found


def _section_at(sections: list[Section], pos: int) -> Section | None:
    best = None
    for sec in sections:
        if sec.start <= pos:
            best = sec
        else:
            break
    return best


def _nearest(cues: list[tuple[int, int, str]], start: int, end: int) -> str | None:
    best, best_d = None, None
    for c_start, c_end, label in cues:
        if c_start < end and c_end > start:
            continue  # the cue is part of the credential's own name
        d = start - c_end if c_end <= start else c_start - end
        if best_d is None or d < best_d:
            best, best_d = label, d
    return best
