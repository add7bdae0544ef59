"""Requirement strength of a mention, from its sentence and the section it sits in.

The cue phrase nearest to the mention in its sentence decides ("required", "a plus"); with no
cue, the nearest section heading above decides ("Preferred qualifications" -> preferred); with
neither, a default that depends on the credential's type (see extractor.py).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ahocorasick_rs import AhoCorasick, Implementation

from credfloor.normalize.textfold import lower_upper_changes, same_length_lower

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
    "highly valued",
    "valued",
    "big plus",
    "an advantage",
]

_PREF_HEAD = re.compile(
    r"\b(preferred|desired|desirable|valued|nice[\s-]to[\s-]haves?|bonus|pluses|a plus|"
    r"additional qualifications|ideally|advantageous|good to have|assets)\b",
    re.I,
)
_REQ_HEAD = re.compile(
    r"\b(requirements?|required|minimum|basic qualifications|must[\s-]haves?|essential|"
    r"what you(?:'ll|’ll| will)? need|what you bring|qualifications|who you are|you have|"
    r"you will have|skills (?:and|&) experience|experience (?:and|&) skills|"
    r"(?:what|who) we(?:'re|’re| are) looking for|looking for|eligibility|education|licensure|"
    r"certifications?|credentials|licenses?|licences?|person specification|criteria|"
    r"knowledge,? skills|about you|your profile|your background|key skills)\b",
    re.I,
)
# Sections that offer rather than ask: a credential here is an aside ("we pay for your PMP").
_ASIDE_HEAD = re.compile(
    r"\b(benefits|perks|we offer|what we offer|why join|about (?:us|the company|our company)|"
    r"compensation|salary|equal opportunity|how to apply|training and development)\b",
    re.I,
)
# Sections that neither ask nor offer: they end the section above, and the default applies.
_NEUTRAL_HEAD = re.compile(
    r"\b(responsibilities|duties|what you(?:'ll|’ll| will) do|our team|overview|the role|"
    r"job description|summary|about the (?:role|job|position)|location|schedule)\b",
    re.I,
)
# Sentence ends; scraped text often lost its newlines ("...preferred.Bachelor's degree required",
# "accuracyAbility to"), so a glued full stop or a lower->Upper change ends a sentence too.
# Every alternative starts at a space or a capital, and the pattern consumes that character
# first: a pattern that opens with a character class lets the engine skip to the next space or
# capital itself (~15% faster than the leading lookahead it replaces, same matches; the
# lookbehinds reach one character further). The two zero-width ends (before the capital) mark
# themselves with an empty group: their end is their start (`_sentence_end`).
_SENT_END = re.compile(
    r"[\sA-Z]"
    r"(?:(?<=\n)"
    r"|(?<=[.!?;]\s)(?<!e\.g\.\s)(?<!i\.e\.\s)(?<!\bvs\.\s)\s*(?=[A-Z•\-*])"
    r"|(?<=[a-z)][.!?;][A-Z])()(?=[a-z])"
    r"|(?<=[a-z][A-Z])()(?=[a-z])"
    r"|(?<=\s)•\s)"
)


def _sentence_end(m: re.Match) -> int:
    return m.start() if m.lastindex else m.end()


def _last_end(text: str, pos: int, endpos: int, limit: int) -> int:
    """The last sentence end at or before `limit` found scanning text[pos:endpos]; 0 if none."""
    last = 0
    for m in _SENT_END.finditer(text, pos, endpos):
        end = m.start() if m.lastindex else m.end()  # _sentence_end, inlined: a hot loop
        if end <= limit:
            last = end
    return last


# "plus" that adds an amount ("Bachelor's degree plus two years of experience") joins two
# requirements; only "plus" on its own ("SQL a plus", "Security+ plus") marks a preference.
_PLUS_AMOUNT = re.compile(
    r"\s+(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten)\b|at\s+least\b|"
    r"a\s+minimum\b|minimum\b)",
    re.I,
)
# A cue about the field of study, not the credential: "Bachelor's degree, preferably in Finance".
_FIELD_CUE = re.compile(r"\s+(?:in|within)\b", re.I)
# Headings glued to the text that follows them: "QualificationsBachelor's degree...".
_GLUED_HEAD = re.compile(
    r"(Preferred Qualifications|Desired Qualifications|Basic Qualifications|Minimum Qualifications|"
    r"Required Qualifications|Additional Qualifications|Qualifications|Requirements|"
    r"Nice to Have|Nice-to-Have|Bonus Points|Desired Skills|Preferred Skills|Required Skills|"
    r"Responsibilities|Benefits|What You'll Do|What You Will Do)(?=[A-Z])"
)
_GLUED_HEAD_REACH = 32  # longer than any heading above plus the capital after it
# The last word of every heading above. A glued heading ends with one of them, right before a
# capital: at one of the text's lower->upper changes. A text where none of these words ends at
# one has no glued heading, and the pattern (whose scan tests every character against its nine
# first letters: ~100,000 instructions a posting) is not run.
_GLUED_HEAD_ENDS = (
    "Qualifications",
    "Requirements",
    "Have",
    "Points",
    "Skills",
    "Responsibilities",
    "Benefits",
    "Do",
)


def _may_have_glued_head(text: str, stop: int, glued: Sequence[int]) -> bool:
    """`glued`: the text's lower->upper changes (`lower_upper_changes`, or `Folded.glued`)."""
    return any(g + 1 < stop and text.endswith(_GLUED_HEAD_ENDS, 0, g + 1) for g in glued)


@dataclass(frozen=True)
class Section:
    start: int
    kind: str  # required | preferred | mentioned | default (the credential type's default)
    heading: str


_HEAD_PATTERNS = (
    (_PREF_HEAD, "preferred"),
    (_REQ_HEAD, "required"),
    (_ASIDE_HEAD, "mentioned"),
    (_NEUTRAL_HEAD, "default"),
)
# The same patterns without IGNORECASE, for a lowercased ASCII heading: Python's regex engine
# runs ~4x faster without it, and the patterns are all lowercase, so for ASCII text the matches
# are the same. (Unicode case folding also matches e.g. the Kelvin sign to "k", which lowercasing
# does not: a non-ASCII heading takes the IGNORECASE patterns.) Most heading-like lines are none
# of these: one search of all four together rules them out.
_HEAD_PATTERNS_LOW = tuple((re.compile(p.pattern), kind) for p, kind in _HEAD_PATTERNS)
_ANY_HEAD_LOW = re.compile("|".join(f"(?:{p.pattern})" for p, _ in _HEAD_PATTERNS))


@lru_cache(maxsize=8192)  # headings repeat across postings ("Requirements", "Benefits"...)
def _heading_kind(head: str, opening_only: bool = False) -> str | None:
    """What a heading opens. A line with no colon counts only if it opens with the keyword
    ("Preferred qualifications"), so "Master's degree preferred" stays a line, not a heading."""
    words = head.split()
    reach = len(" ".join(words[:2])) if opening_only else len(head)
    patterns = _HEAD_PATTERNS
    if head.isascii():
        head = head.lower()
        if _ANY_HEAD_LOW.search(head) is None:
            return None
        patterns = _HEAD_PATTERNS_LOW
    for pattern, kind in patterns:
        m = pattern.search(head)
        if m and m.start() < reach:
            return kind
    return None


def find_sections(
    text: str,
    until: int | None = None,
    glued: Sequence[int] | None = None,
    low: str | None = None,
) -> list[Section]:
    """Heading-like lines (short, or a label before ':') and what kind of section they open.
    With `until`, only the sections that start at or before that offset (the ones a mention
    there can sit in): the lines after its line are not read. `glued`: `Folded.glued` of the
    text when the caller has it; `low`, same_length_lower(text), likewise."""
    sections: list[Section] = []
    cut = -1 if until is None else text.find("\n", until)
    prefix = text if cut < 0 else text[:cut]
    bounds = None if "\u017f" in prefix or "\u0131" in prefix else _head_word_lines(prefix, low)
    for start, line in _lines(prefix) if bounds is None else _lines_at(prefix, bounds):
        stripped = line.strip()
        if len(stripped) < 3 or stripped[0] in "-*•–":
            continue
        colon = stripped.find(":", 0, 82)
        if colon >= 0:
            head, is_label = stripped[:colon], True
        elif len(stripped) <= 80:
            head, is_label = stripped, False
        else:
            continue
        head = head.lstrip("# ").strip()
        if len(head) < 3 or "." in head or len(head.split()) > 9:
            continue
        kind = _heading_kind(head, not is_label)  # positional: a cheaper lru_cache key
        if kind is not None:
            sections.append(Section(start, kind, head))
    # A heading that starts by `until` ends within _GLUED_HEAD_REACH of it: the text after
    # that is not searched.
    stop = len(text) if until is None else min(len(text), until + _GLUED_HEAD_REACH)
    if glued is None:
        glued = lower_upper_changes(text)
    maybe = _may_have_glued_head(text, stop, glued)
    for m in _GLUED_HEAD.finditer(text, 0, stop) if maybe else ():
        if until is not None and m.start() > until:
            break
        head = m.group(1)
        sections.append(Section(m.start(), _heading_kind(head) or "default", head))
    # A glued label starting by `until` has its colon up to _GLUED_LABEL_REACH after it.
    label_stop = len(text) if until is None else min(len(text), until + _GLUED_LABEL_REACH + 1)
    sections.extend(
        s for s in _glued_labels(text, label_stop, glued) if until is None or s.start <= until
    )
    sections.extend(_front_glued_heads(text, stop, glued))
    sections.sort(key=lambda s: s.start)
    return sections


def _head_word_lines(prefix: str, low: str | None) -> list[tuple[int, int]] | None:
    """(start, end) of the lines of `prefix` that hold one of _HEAD_WORDS: only such a line can be
    a heading, so the others are not read. None: read them all (a text the scan cannot take).
    ('ſ' and 'ı' match s and i in a heading pattern but lowercase to themselves: the caller
    reads every line of a text that holds one.)"""
    low = low[: len(prefix)] if low is not None else same_length_lower(prefix)
    try:
        found = _HEAD_WORDS.find_matches_as_indexes(low)
    except UnicodeEncodeError:  # a lone surrogate
        return None
    lines: list[tuple[int, int]] = []
    end = -1
    for _, at, _ in found:  # in text order
        if at <= end:
            continue  # on the line before (or its newline): it is already in
        start = prefix.rfind("\n", 0, at) + 1
        end = prefix.find("\n", at)
        end = len(prefix) if end < 0 else end
        lines.append((start, end))
    return lines


def _lines(text: str):
    """(offset, line) of every line."""
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def _lines_at(text: str, bounds: list[tuple[int, int]]):
    """(offset, line) of the lines at `bounds`, (start, end) each."""
    for start, end in bounds:
        yield start, text[start:end]


# A word (or, for a phrase that may be split by a hyphen or any space, one word of it) that
# every match of each heading pattern above holds, lowercased: "requir" for requirements,
# "nice" for nice-to-have. A line with none of them matches no pattern.
_HEAD_WORDS = AhoCorasick(
    """prefer desir valued nice bonus plus qualification ideal advantageous good assets requir
    minimum must essential need bring who you skills looking eligibility education licens
    licenc certification credentials specification criteria about profile background benefits
    perks offer join compensation salary opportunity apply training responsibilities duties
    what team overview role description summary location schedule""".split(),
    implementation=Implementation.DFA,
)


# Headings glued to the word before them and followed by a space, as flattened text has them
# ("...Excel & Power PointNice To Have Business process mapping..."): the heading starts at a
# lower->upper change. Only headings that open a kind of section, in the spellings postings use.
_FRONT_GLUED_HEADS = (
    "Nice To Have",
    "Nice to Have",
    "Nice to have",
    "Preferred Qualifications",
    "Desired Qualifications",
    "Basic Qualifications",
    "Minimum Qualifications",
    "Required Qualifications",
    "Bonus Points",
    "Desired Skills",
    "Preferred Skills",
)


def _front_glued_heads(text: str, stop: int, glued: Sequence[int]) -> list[Section]:
    out: list[Section] = []
    for g in glued:
        start = g + 1
        if start >= stop or not text.startswith(_FRONT_GLUED_HEADS, start):
            continue
        for head in _FRONT_GLUED_HEADS:
            end = start + len(head)
            if text.startswith(head, start) and (end >= len(text) or not text[end].isalpha()):
                out.append(Section(start, _heading_kind(head) or "default", head))
                break
    return out


# A label glued to the sentence before it and to the text after it, as scraped text has them
# ("...work environmentsDesired Education & Certifications:Bachelor's degree"): a colon right
# before a capital, and the label starting at the last lower->upper change before it.
_GLUED_COLON = re.compile(r":(?=[A-Z])")
_GLUED_LABEL_REACH = 60


def _glued_labels(text: str, stop: int, glued: Sequence[int]) -> list[Section]:
    out: list[Section] = []
    if not glued:
        return out
    for m in _GLUED_COLON.finditer(text, 0, stop):
        colon = m.start()
        i = bisect_left(glued, colon) - 1
        if i < 0 or colon - glued[i] > _GLUED_LABEL_REACH:
            continue
        start = glued[i] + 1
        head = text[start:colon].strip()
        if len(head) < 3 or "." in head or "\n" in head or len(head.split()) > 9:
            continue
        kind = _heading_kind(head)
        if kind is not None:
            out.append(Section(start, kind, head))
    return out


MAX_SENTENCE = 5_000  # characters after a mention that can still be its sentence
SENTENCE_LOOKBACK = 400  # how far back a sentence start is looked for
# Tried first, in turn: on the corpus, half of all mentions open their sentence within 20
# characters and two thirds within 40, so most never need the 400-character scan.
_NEAR_LOOKBACKS = (40, 120)


def sentence_bounds(text: str, start: int, end: int, memo: list | None = None) -> tuple[int, int]:
    """`memo`: a list the caller keeps across the mentions of one text, in order. Mentions of
    one long sentence then share one forward search instead of each scanning it again (a
    posting that repeats "RN RN RN ..." for pages took minutes)."""
    lo = 0
    # endpos reaches past `start` so the lookaheads can see the sentence's first letters.
    endpos = min(len(text), start + 2)
    for back in _NEAR_LOOKBACKS:
        near = start - back
        # Scanning from `near` finds the same sentence ends there as scanning from further
        # back, unless one of those could run across `near`: only a whitespace run or " • "
        # can, so `near` must follow a character that is neither. Any end found there is the
        # last one.
        if near > 0 and not (text[near - 1].isspace() or text[near - 1] == "•"):
            lo = _last_end(text, near, endpos, start)
            if lo:
                break
    if not lo:
        lo = _last_end(text, max(0, start - SENTENCE_LOOKBACK), endpos, start)
    # Bounded: a text with no sentence end (a 400,000-character list of "RN RN ...") would
    # otherwise be scanned to its end once per mention.
    stop = min(len(text), end + MAX_SENTENCE)
    begin = end
    if memo and memo[0] <= end:
        searched_from, found, searched_to = memo
        if found is not None and end <= found:
            # The last search started at or before `end` and found its sentence end at or
            # after it: a search from `end` finds the same one.
            return lo, found
        if found is None and end < searched_to:
            # Nothing up to searched_to; look again only near its edge (lookaheads were cut
            # there) and beyond.
            begin = max(end, searched_to - 4)
    m = _SENT_END.search(text, begin, stop)
    hi = m.start() if m else stop
    if memo is not None:
        memo[:] = [end, hi if m else None, stop]
    return lo, hi


def _cue_pattern() -> re.Pattern:
    # Case-sensitive, over lowercased text: IGNORECASE makes Python's regex ~2x slower. The
    # phrases are merged into a tree ("pref(?:er(?:red|ably)?)..."), so a word is compared with
    # each shared prefix once instead of with all 41 phrases: ~20% faster. At any one position
    # at most one phrase can end at a word boundary, so the order of the branches does not matter.
    return re.compile(
        r"(?<![\w-])(?:" + _phrase_tree({*REQUIRED_CUES, *PREFERRED_CUES}) + r")(?![\w-])"
    )


def _phrase_tree(phrases) -> str:
    """One regular expression for `phrases` with common prefixes factored out; a space in a
    phrase matches any run of whitespace."""
    tree: dict = {}
    for phrase in phrases:
        node = tree
        for i, word in enumerate(phrase.split(" ")):
            for atom in ([r"\s+"] if i else []) + [re.escape(ch) for ch in word]:
                node = node.setdefault(atom, {})
        node[""] = {}  # a phrase ends here

    def emit(node: dict) -> str:
        branches = [atom + emit(child) for atom, child in sorted(node.items()) if atom]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return body + "?" if len(branches) == 1 and len(body) == 1 else "(?:" + body + ")?"
        return body

    return emit(tree)


_CUES = _cue_pattern()
_CUE_LABEL = {**{c: "preferred" for c in PREFERRED_CUES}, **{c: "required" for c in REQUIRED_CUES}}
MANY_SPANS = 200  # more mentions than this in one posting: cue phrases found in one pass
SENTENCE_REACH = (
    2000  # characters either side, so a flattened scrape does not scan its whole text per mention
)


class StrengthRules:
    """Decides required / preferred / mentioned for the mentions of one posting.

    Cue phrases are found with one compiled regular expression over the candidate's sentence.
    (A spaCy Matcher over the same phrases gives the same answers, but importing spaCy alone takes
    2.8 s here, more than the whole budget for extracting 5,000 postings: see BENCHMARKS.md.)
    """

    def strengths(
        self,
        text: str,
        spans: list[tuple[int, int]],
        default: str | list[str] = "mentioned",
        low: str | None = None,
        glued: Sequence[int] | None = None,
    ) -> list[tuple[str, str | None]]:
        """(strength, section heading) for each (start, end) span of `text`. `default` (one for
        all spans, or one per span) applies when neither a cue nor a heading decides. `low` is
        text.lower() when the caller has it; `glued`, `Folded.glued` of the text, likewise."""
        low = low if low is not None else same_length_lower(text)
        defaults = [default] * len(spans) if isinstance(default, str) else default
        sections: list[Section] | None = None  # found only if some mention has no cue
        cache: dict[tuple[int, int], list[tuple[int, int, str, bool]]] = {}
        out: list[tuple[str, str | None]] = []
        memo: list = []
        # Hundreds of mentions in one posting (a keyword-stuffed page): the cue phrases of the
        # whole text once, then each mention's window by bisection, instead of a scan each.
        every = cue_phrases(text, 0, len(text), low=low) if len(spans) > MANY_SPANS else None
        every_starts = [c[0] for c in every] if every is not None else []
        for (start, end), fallback in zip(spans, defaults, strict=True):
            lo, hi = sentence_bounds(text, start, end, memo)
            bounds = (max(lo, start - SENTENCE_REACH), min(hi, end + SENTENCE_REACH))
            if bounds not in cache:
                if every is None:
                    cache[bounds] = cue_phrases(text, *bounds, low=low)
                else:
                    i = bisect_left(every_starts, bounds[0])
                    j = bisect_left(every_starts, bounds[1])
                    cache[bounds] = [c for c in every[i:j] if c[1] <= bounds[1]]
            cue = _nearest(cache[bounds], start, end)
            if cue is not None:
                out.append((cue, None))
                continue
            if sections is None:
                sections = find_sections(text, max(s for s, _ in spans), glued, low)
            section = _section_at(sections, start)
            if section is not None and section.kind != "default":
                out.append((section.kind, section.heading))
            else:
                out.append((fallback, section.heading if section else None))
        return out


def cue_phrases(
    text: str, lo: int, hi: int, low: str | None = None
) -> list[tuple[int, int, str, bool]]:
    """(start, end, 'required' | 'preferred', local) for each cue phrase in text[lo:hi]."""
    found = []
    low = low if low is not None else same_length_lower(text)
    for m in _CUES.finditer(low, lo, hi):
        phrase = " ".join(m.group().lower().split())
        if phrase.startswith("prefer") and _FIELD_CUE.match(text, m.end()):
            continue  # "Bachelor's degree, preferably in Finance": about the field
        if phrase == "plus" and _PLUS_AMOUNT.match(text, m.end()):
            continue  # "degree plus two years of experience": one more requirement
        # "(preferred)" marks only the item right before it (labelling rules: an explicit marker
        # beats "X or Y"), so it is kept as a local cue.
        local = text[max(0, m.start() - 2) : m.start()].strip().endswith("(") and text[
            m.end() : m.end() + 2
        ].strip().startswith(")")
        found.append((m.start(), m.end(), _CUE_LABEL[phrase], local))
    return found


def _section_at(sections: list[Section], pos: int) -> Section | None:
    best = None
    for sec in sections:
        if sec.start <= pos:
            best = sec
        else:
            break
    return best


def _nearest(cues: list[tuple[int, int, str, bool]], start: int, end: int) -> str | None:
    best, best_d = None, None
    for c_start, c_end, label, local in cues:
        if c_start < end and c_end > start:
            continue  # the cue is part of the credential's own name
        if local and not (end <= c_start and c_start - end <= 3):
            continue  # "(preferred)" belongs to the item right before it
        d = start - c_end if c_end <= start else c_start - end
        if best_d is None or d < best_d:
            best, best_d = label, d
    return best
