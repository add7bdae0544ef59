"""Fold text for matching while keeping a way back to the original character offsets.

Folding lowercases; turns punctuation, dashes and slashes into spaces (keeping + # & and
apostrophes inside words, which are part of names: Security+, C#, Bachelor's); collapses runs
of spaces; and puts a space where scraped text glued
two words together at a lower->upper case change ("collaborativelyBachelor's") or after a '+'
that ends a name ("CompTIA A+Accreditation", "Server+ITIL"). Catalog aliases
are folded the same way, so one comparison rule serves both.

Speed matters here (every posting passes through): each step is one C-level regex or string
operation. Dropped characters become '\\x00' and inserted spaces '\\x01' in a same-length
"padded" copy, so an offset is mapped back only for the few spans that matched, by counting
markers, instead of building a full offset table for every posting.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from ahocorasick_rs import BytesAhoCorasick, Implementation

# Byte tables over the ASCII form of the text (every non-ASCII code point becomes one '?', so
# offsets are kept): punctuation, controls and non-ASCII become spaces; letters, digits and
# + # & ' stay. Catalog names go through the same table, so "(ISC)²" and "–" fold alike.
_KEEP = frozenset(b"+#&'")
_TO_SPACE = bytes(c if (chr(c).isalnum() or c in _KEEP or c == 32) else 32 for c in range(256))
# Letter classes, to find glued words ("collaborativelyBachelor") without a regex scan.
_CASE_CLASS = bytes(
    ord("a") if chr(c).islower() else ord("A") if chr(c).isupper() else 32 for c in range(256)
)
_SPACE_FLAGS = bytes(1 if c == 32 else 0 for c in range(256))
_LOWER_UPPER = BytesAhoCorasick([b"aA"])  # in the class bytes: a lowercase letter, then a capital
# A possessive whose apostrophe a bad decoding turned into U+FFFD ("Driver\ufffds License").
_LOST_APOSTROPHE = re.compile(r"(?<=[A-Za-z])\ufffd(?=s\b)")


@dataclass(frozen=True)
class Folded:
    text: str  # lowercased, for matching
    cased: str  # the same characters before lowercasing, for case-sensitive checks
    _padded: str  # original length plus inserted '\x01'; dropped characters are '\x00'
    # Original offsets of each ASCII lowercase letter followed by an ASCII capital: where a
    # space was inserted (as after a '+' glued to a capital), and where a glued heading can
    # end (context.find_sections).
    glued: tuple[int, ...] = ()
    # The text as ASCII bytes, one per character: '?' for each non-ASCII one, quotes as "'".
    ascii: bytes = b""
    # (char, position, count of char in _padded[:position]) of the last count: mentions come in
    # text order, so each count resumes there instead of from 0 (a posting with 100,000
    # mentions made counting from 0 quadratic).
    _counted: dict = field(default_factory=dict, compare=False, repr=False)

    def _count_before(self, ch: str, pos: int) -> int:
        last = self._counted.get(ch)
        if last is not None and last[0] <= pos:
            n = last[1] + self._padded.count(ch, last[0], pos)
        else:
            n = self._padded.count(ch, 0, pos)
        self._counted[ch] = (pos, n)
        return n

    def to_original(self, pos: int) -> int:
        q, _ = self._to_padded(pos, pos, self._padded.count("\x00", 0, pos + 1))
        return q - self._padded.count("\x01", 0, q) if "\x01" in self._padded else q

    def _to_padded(self, pos: int, q: int, drops: int) -> tuple[int, int]:
        """The padded offset of folded offset `pos`: the least q >= the start `q` with
        q == pos + (drops up to q). `drops` counts the drops in padded[:q + 1]; only the stretch
        added at each step is counted, so no character is counted twice."""
        padded = self._padded
        while True:
            nq = pos + drops
            if nq == q:
                return q, drops
            drops += padded.count("\x00", q + 1, nq + 1)
            q = nq

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of a folded span, in one pass: the end's search resumes where
        the start's stopped."""
        padded = self._padded
        q1, drops = self._to_padded(start, start, self._count_before("\x00", start + 1))
        last = end - 1
        if last > q1:
            drops += padded.count("\x00", q1 + 1, last + 1)
        q2, _ = self._to_padded(last, max(q1, last), drops)
        if "\x01" in padded:
            inserted = self._count_before("\x01", q1)
            return q1 - inserted, q2 - inserted - padded.count("\x01", q1, q2) + 1
        return q1, q2 + 1


def fold(text: str) -> Folded:
    t = text.replace("\u2019", "'").replace("\u2018", "'")
    if "\ufffd" in t:
        t = _LOST_APOSTROPHE.sub("'", t)
    raw = t.encode("ascii", "replace")
    t = raw.translate(_TO_SPACE).decode("ascii")
    t = _unquote(t)
    # Cut at each lower->upper change (a regex lookaround tried at every position costs ~15x
    # more) and after a '+' glued to a capital. raw has the text's offsets: every non-ASCII
    # code point is one '?'.
    glued = _lower_upper(raw)
    cuts = _plus_upper(raw, glued) if b"+" in raw else glued
    if cuts:
        parts, prev = [], 0
        for glue in cuts:
            parts.append(t[prev : glue + 1])
            prev = glue + 1
        parts.append(t[prev:])
        t = "\x01".join(parts)
    padded = _drop_repeated_spaces(t)
    scan = padded.replace("\x00", "")
    if "\x01" in scan:
        scan = scan.replace("\x01", " ")
    return Folded(scan.lower(), scan, padded, tuple(glued), raw)


def lower_upper_changes(text: str) -> list[int]:
    """Offsets of each ASCII lowercase letter that an ASCII capital follows ("fieldBachelor")."""
    return _lower_upper(text.encode("ascii", "replace"))


def _lower_upper(ascii_text: bytes) -> list[int]:
    # Found in the case-class bytes with one Rust substring search: bytes.find of b"aA" steps
    # one byte at a time through runs of lowercase (0.037 -> 0.006 s per 5,000 postings).
    classes = ascii_text.translate(_CASE_CLASS)
    return [start for _, start, _ in _LOWER_UPPER.find_matches_as_indexes(classes)]


def _plus_upper(ascii_text: bytes, glued: list[int]) -> list[int]:
    """`glued` with the offset of each '+' that ends a word and is glued to a capital: scraped
    lists run "CompTIA A+Accreditation in Server+ITIL Foundation" together. Kept apart from
    `glued` (the lower->upper changes), which the heading rules read. '+' is rare: a find loop."""
    seams = []
    pos = ascii_text.find(b"+")
    while pos >= 0:
        if (
            pos > 0
            and pos + 1 < len(ascii_text)
            and 65 <= ascii_text[pos + 1] <= 90
            and (chr(ascii_text[pos - 1]).isalnum() or ascii_text[pos - 1] == 43)
        ):
            seams.append(pos)
        pos = ascii_text.find(b"+", pos + 1)
    if not seams:
        return glued
    return sorted(glued + seams)


def _drop_repeated_spaces(t: str) -> str:
    """`t` (ASCII) with every space that another space follows turned into '\\x00': what
    re.sub(" (?= )", "\\x00", t) gives, at ~2/3 of its cost (the regex stops at every space).
    Read as one little-endian integer, the bytes that are spaces have flag bits at 8*i; a
    flag whose next byte's flag is set marks a space to drop, and subtracting 0x20 there turns
    it into 0 (no borrow: the byte is exactly 0x20)."""
    data = t.encode("ascii")
    spaces = int.from_bytes(data.translate(_SPACE_FLAGS), "little")
    drop = spaces & (spaces >> 8)
    if not drop:
        return t
    return (int.from_bytes(data, "little") - 0x20 * drop).to_bytes(len(data), "little").decode()


def _unquote(t: str) -> str:
    """Quotes, not apostrophes, become spaces: "'CISSP'" -> " CISSP ". A quote is a run of '
    at either end or beside a space: the whole run goes, so "''CISSP" does not leave a quote
    that a second fold would drop (fold is idempotent). Found by stepping through the few '
    with str.find: replacing " '" and "' " scanned for a pattern that ends or starts with a
    space, ~6x slower."""
    pos = t.find("'")
    if pos < 0:
        return t
    last = len(t) - 1
    parts, prev = [], 0
    while pos >= 0:
        end = pos  # the run's last '
        while end < last and t[end + 1] == "'":
            end += 1
        if pos == 0 or end == last or t[pos - 1] == " " or t[end + 1] == " ":
            parts.append(t[prev:pos])
            parts.extend([""] * (end - pos))
            prev = end + 1
        pos = t.find("'", end + 1)
    if not parts:
        return t
    parts.append(t[prev:])
    return " ".join(parts)


_NUMBERS = re.compile(r"\d+")


def numbers(text: str) -> list[str]:
    """The numbers a name writes, in order. Numbers are never typos: a near match of keys must
    write the same ones ("Level 4 Diploma" is not "Level 5 Diploma"; "Series 2" not "Series 22")."""
    return _NUMBERS.findall(text)


def fold_key(text: str) -> str:
    """The comparison key of a catalog name or alias. A lone '&' is the word 'and': "Health &
    Safety" and "Health and Safety" have one key, so every comparison of keys (the catalog's
    index, the fuzzy and resolver matches, candidate keys) treats them alike; the scan of
    posting text, which does not fold '&', gets both spellings from `fold_keys`. An '&' inside
    a word ("AT&T", "C&G") is kept."""
    key = fold(text).text.strip()
    if "&" in key:
        key = " ".join("and" if w == "&" else w for w in key.split(" "))
    return key


def fold_keys(text: str) -> set[str]:
    """Every key a name can appear under: 'ServiceNow' is written 'ServiceNow' (folds to
    'service now', split at the case change) and 'Servicenow' (folds to 'servicenow')."""
    text = unicodedata.normalize("NFKC", text)  # "OSCE³" is OSCE3, not OSCE
    keys = {fold_key(text), fold_key(text.lower())}
    keys.discard("")
    # "Security +" is a common way to write "Security+" (but "A +" is not one for "A+").
    keys |= {k[:-1].rstrip() + " +" for k in keys if k.endswith("+") and len(k) > 4}
    # Folded posting text keeps '&': each 'and' of a key may be written '&' there.
    keys |= {v for k in keys if "and" in k for v in _ampersand_spellings(k)}
    return keys


AMPERSAND_COMBINATIONS_UP_TO = 3  # 'and's in a key; beyond, only all-'&' is added


def _ampersand_spellings(key: str) -> list[str]:
    """`key` with its word 'and' written '&', each one or not ("NVQ Level 5 Leadership and
    Management in Health & Social Care" mixes them)."""
    words = key.split(" ")
    at = [i for i, w in enumerate(words) if w == "and"]
    if not at:
        return []
    if len(at) > AMPERSAND_COMBINATIONS_UP_TO:
        return [" ".join("&" if w == "and" else w for w in words)]
    out = []
    for mask in range(1, 2 ** len(at)):
        spelled = list(words)
        for bit, i in enumerate(at):
            if mask >> bit & 1:
                spelled[i] = "&"
        out.append(" ".join(spelled))
    return out


class Literals:
    """Where each of a fixed set of literals occurs in a lowercased text, all found in one scan.

    The rules that start at a literal (degrees, fuzzy names, scoped generics) need eight of
    them: one str.find pass over the text for each cost ~0.1 s per 5,000 postings, one
    Aho-Corasick scan (a DFA, for so few literals) about half that."""

    def __init__(self, literals: Iterable[str]):
        self.literals = tuple(sorted(set(literals)))
        self._automaton = self._build()

    def _build(self) -> BytesAhoCorasick:
        # ASCII with no ' or ?, which stand for other characters in the bytes scanned
        if not all(lit.isascii() and "'" not in lit and "?" not in lit for lit in self.literals):
            raise ValueError(f"literals must be ASCII, with no ' or ?: {self.literals}")
        return BytesAhoCorasick(
            [lit.encode("ascii") for lit in self.literals], implementation=Implementation.DFA
        )

    def __getstate__(self) -> dict:
        return {"literals": self.literals}  # the automaton cannot be pickled

    def __setstate__(self, state: dict) -> None:
        self.literals = state["literals"]
        self._automaton = self._build()

    def find(self, low: str, data: bytes | None = None) -> dict[str, list[int]]:
        """literal -> its start offsets in `low`, in order, overlaps included (as repeated
        str.find gives them). `data`: `ascii_lower` of the text, when the caller has it."""
        found: dict[str, list[int]] = {lit: [] for lit in self.literals}
        # Scanned as bytes, one per character ('?' for each non-ASCII one, which no literal
        # holds), so byte offsets are the text's.
        if data is None:
            data = low.encode("ascii", "replace")  # a lone surrogate too becomes '?'
        matches = self._automaton.find_matches_as_indexes(data, overlapping=True)
        literals = self.literals
        for i, start, _ in matches:
            found[literals[i]].append(start)
        return found


def literal_hits(
    low: str,
    literals: tuple[str, ...],
    pattern,
    lo: int = 0,
    hi: int | None = None,
    found: dict[str, list[int]] | None = None,
):
    """Matches of `pattern` (anchored, case-sensitive, over lowercased text) that start where one
    of `literals` occurs at a word start. str.find runs at memory speed, while a regex scanning
    every position (worse with IGNORECASE) costs ~100 µs per posting; this is the fast path.
    `found`: the literals' offsets when a `Literals` scan already has them."""
    hi = len(low) if hi is None else hi
    starts = set()
    for lit in literals:
        if found is not None and lit in found:
            offsets = [p for p in found[lit] if lo <= p and p + len(lit) <= hi]
        else:
            offsets = []
            pos = low.find(lit, lo, hi)
            while pos >= 0:
                offsets.append(pos)
                pos = low.find(lit, pos + 1, hi)
        for pos in offsets:
            if pos == 0 or not (low[pos - 1].isalnum() or low[pos - 1] == "_"):
                starts.add(pos)
    for pos in sorted(starts):
        m = pattern.match(low, pos, hi)
        if m:
            yield m


# The only characters that lowercase to ASCII letters (İ -> i, the Kelvin sign -> k).
_LOWER_TO_ASCII = ("\u0130", "\u212a")


def ascii_lower(text: str, folded: Folded) -> bytes:
    """same_length_lower(text) as ASCII bytes: '?' for each non-ASCII character, but "'" for
    the quotes ’ and ‘. Made from the ASCII form fold() made of the text: lowering those bytes
    costs ~1 µs, encoding the lowered text with replacements ~7 µs a posting (a loop over
    every character of a non-ASCII text)."""
    if any(ch in text for ch in _LOWER_TO_ASCII):
        quoted = text.replace("\u2019", "'").replace("\u2018", "'")
        return same_length_lower(quoted).encode("ascii", "replace")
    return folded.ascii.lower()


_ASCII_BYTES = bytes(range(128))


def same_length_lower(text: str) -> str:
    """text.lower(), keeping offsets: characters that lowercase to two keep their first."""
    if not text.isascii():
        # str.lower looks every character of a non-ASCII text up in the Unicode tables (~4 ns
        # a character). Most postings are ASCII but for a few quotes and bullets, which have
        # no lowercase: when no non-ASCII character changes, lowering the ASCII bytes of the
        # UTF-8 form (which only ASCII letters are) gives the same text in half the time.
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate
            data = None
        if data is not None:
            others = data.translate(None, _ASCII_BYTES).decode("utf-8")
            if others.lower() == others:
                return data.lower().decode("utf-8")
    low = text.lower()
    return low if len(low) == len(text) else "".join(ch.lower()[0] for ch in text)
