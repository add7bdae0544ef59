"""Fold text for matching while keeping a way back to the original character offsets.

Folding lowercases, turns punctuation and dashes into spaces (keeping + # / & ' which are part of
credential names: Security+, TS/SCI), drops a space before '+' ("Security +") and collapses runs
of spaces. Catalog aliases are folded the same way, so one comparison rule serves both.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_KEEP = "+#/&'"
_TRANSLATE = str.maketrans(
    {"\n": " ", "\r": " ", "\t": " ", "\u2019": "'", "\u2018": "'", "\u00a0": " "}
)
_NON_WORD = re.compile(r"[^\w\s" + re.escape(_KEEP) + r"]")
_SQUEEZE = re.compile(r"  +| (?=\+)")


@dataclass(frozen=True)
class Folded:
    text: str
    _points: tuple[int, ...]  # folded positions where characters were dropped before them
    _shift: tuple[int, ...]  # characters dropped up to and including that point

    def to_original(self, pos: int) -> int:
        i = bisect_right(self._points, pos) - 1
        return pos + (self._shift[i] if i >= 0 else 0)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        return self.to_original(start), self.to_original(end - 1) + 1


def fold(text: str) -> Folded:
    low = text.lower()
    if len(low) != len(text):  # a few characters (e.g. 'İ') lowercase to two
        low = "".join(ch.lower()[0] for ch in text)
    low = _NON_WORD.sub(" ", low.translate(_TRANSLATE))
    points: list[int] = []
    shift: list[int] = []
    pieces: list[str] = []
    last = dropped = 0
    for m in _SQUEEZE.finditer(low):
        keep = 1 if m.group().endswith(" ") and not low.startswith("+", m.end()) else 0
        start_drop = m.start() + keep
        pieces.append(low[last:start_drop])
        dropped += m.end() - start_drop
        points.append(start_drop - (dropped - (m.end() - start_drop)))
        shift.append(dropped)
        last = m.end()
    if not points:
        return Folded(low, (), ())
    pieces.append(low[last:])
    return Folded("".join(pieces), tuple(points), tuple(shift))


def fold_key(text: str) -> str:
    """The comparison key of a catalog name or alias."""
    return fold(text).text.strip()
