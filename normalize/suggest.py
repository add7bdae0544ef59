"""Catalog suggestions: credential-like phrases next to cue words that resolve to no entry.

"Zeta Cloud Architect certification preferred", "Certified Widget Engineer (CWE)": a run of
capitalised words right before "certification", "certificate", "certified", "license" (or right
after "Certified") names something. When the resolver (normalize/resolve.py) maps it to no
catalog entry, it is a candidate for the catalog. Phrases are ranked by the number of postings
that use them (document frequency), so `credfloor catalog suggest` shows what is worth adding.

Plain library code: texts in, rows out (no DuckDB, no Prefect).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

CUES = ("certified", "certification", "certificate", "license", "licence")
MAX_WORDS = 6

# A word of a name: starts with a capital or a digit (CompTIA, AZ-104, ITIL4, 5G); inner + # & '
# . - / kept (Security+, C#, AT&T, Driver's, Node.js, TS/SCI).
_WORD = r"[A-Z0-9][\w+#&'’./-]*"
_CUE_AFTER = re.compile(
    rf"((?:{_WORD}[ \t]+){{0,{MAX_WORDS - 1}}}{_WORD})[ \t]+"
    r"((?i:certified|certification|certificate|licen[cs]e))\b"
)
_CERTIFIED_BEFORE = re.compile(
    rf"((?:{_WORD}[ \t]+){{0,3}})\b(Certified):?[ \t]+((?:{_WORD}[ \t]+){{0,{MAX_WORDS - 1}}}{_WORD})"
)
_NAME_NEXT = re.compile(rf":?[ \t]+{_WORD}")
_CUE_CASELESS = re.compile(r"\b(certified|certification|certificate|licen[cs]e)\b", re.I)

# Words that make a run generic rather than a name ("Valid State license", "Professional
# certification", "Required Certification"): a phrase made only of these is not a credential name.
GENERIC = frozenset(
    """a an any and or the this that these our your their its all other one two three
    valid current active relevant related appropriate applicable required preferred desired
    must should will may can professional professionals industry technical recognized
    recognised accredited equivalent approved state national federal international
    unrestricted unencumbered good standing plus bonus nice strong including include
    this additional advanced full specialty multi-state compact
    such as e.g i.e etc with in of for to on at by from is are be being been have has
    certification certifications certificate certificates certified license licenses licence
    licenses licensed credential credentials degree degrees""".split()
)


@dataclass(frozen=True)
class Suggestion:
    phrase: str  # the most frequent surface form, with its cue word
    postings: int  # postings using it (each posting counts once)
    example: str  # a short context from the first posting that used it
    key: str = ""  # the recognizer's candidate_key, when the phrase comes from stored mentions


# Organisations' certifications, not a person's ("we are ISO 27001 certified": docs/extraction-rules.md).
ORG_CERTS = re.compile(r"\b(ISO|CMMI|SOC|HITRUST|PCI|MBE|WBE|DBE|B Corp)\b")
# Inside a name after "Certified", only these end the run ("Certified Information Systems
# Security Professional" keeps its "Professional").
_STOP_AFTER = GENERIC - {"professional", "professionals", "technical", "national", "state"}


def _clean(words: list[str]) -> list[str]:
    """Keep the words after the last sentence or clause break ("New York. This license" ->
    "This"), then drop leading generic words and numbers ("Valid", "A", "2") and trailing
    punctuation."""
    for i in range(len(words) - 1, -1, -1):
        if words[i][-1] in ".,;:!?" and i < len(words) - 1:
            words = words[i + 1 :]
            break
    words = [w.rstrip(".,;:/-") for w in words]
    while words and (words[0].lower() in GENERIC or words[0].isdigit()):
        words = words[1:]
    return [w for w in words if w]


def candidate_phrases(text: str) -> list[tuple[str, int]]:
    """(phrase, offset) for every capitalised run right before a cue word, or right after
    "Certified"; the phrase keeps its cue ("Zeta Cloud Architect certification")."""
    out: list[tuple[str, int]] = []
    for m in _CUE_AFTER.finditer(text):
        if m.group(2) == "Certified" and _NAME_NEXT.match(text, m.end()):
            continue  # "AWS Certified Solutions Architect": the pattern below takes it whole
        words = _clean(m.group(1).split())
        if words and not all(w.lower() in GENERIC for w in words):
            out.append((" ".join(words) + " " + m.group(2), m.start(1)))
    for m in _CERTIFIED_BEFORE.finditer(text):
        words = m.group(3).split()
        # stop at the first cue word or generic word after the name
        kept: list[str] = []
        for w in words:
            if w.lower() in _STOP_AFTER or _CUE_CASELESS.fullmatch(w.rstrip(".,;:")):
                break
            kept.append(w.rstrip(".,;:/-"))
            if w[-1] in ".,;:!?":
                break
        kept = [w for w in kept if w]
        prefix = _clean(m.group(1).split())
        if kept:
            start = m.start(2) if not prefix else m.start(1) + m.group(1).find(prefix[0])
            out.append((" ".join([*prefix, "Certified", *kept]), start))
    return out


def _key(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def suggest_phrases(
    texts: Iterable[str],
    resolve: Callable[[str], object | None],
    limit: int = 50,
    min_postings: int = 1,
) -> list[Suggestion]:
    """Phrases next to cue words that `resolve` maps to nothing, most-used first.

    `resolve` is NameResolver(catalog).resolve, or any callable returning None for an unknown
    name; each distinct phrase is resolved once."""
    postings: Counter[str] = Counter()
    surfaces: dict[str, Counter[str]] = {}
    examples: dict[str, str] = {}
    known: dict[str, bool] = {}
    for text in texts:
        if not text:
            continue
        seen: set[str] = set()
        for phrase, offset in candidate_phrases(text):
            key = _key(phrase)
            if key not in known:
                known[key] = bool(ORG_CERTS.search(phrase)) or resolve(phrase) is not None
            if known[key]:
                continue
            surfaces.setdefault(key, Counter())[phrase] += 1
            if key not in seen:
                seen.add(key)
                postings[key] += 1
            if key not in examples:
                start = max(0, offset - 40)
                examples[key] = " ".join(text[start : offset + len(phrase) + 40].split())
    ranked = sorted(
        (k for k, n in postings.items() if n >= min_postings), key=lambda k: (-postings[k], k)
    )
    return [
        Suggestion(surfaces[k].most_common(1)[0][0], postings[k], examples[k])
        for k in ranked[:limit]
    ]
