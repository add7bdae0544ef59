"""Extraction quality against hand labels: the one scorer that the quality test and
bench/extraction_quality.py share.

The unit is the set of credentials per posting: (posting, credential) pairs, per type group
(certifications and licences together), after resolving each label's `name` (or `surface`) to a
catalog id the way `credfloor catalog resolve` does. Postings are read and extracted the way
`credfloor extract` does, in process. Strength is scored over the matched pairs, with the
strongest strength a posting states for a credential.

Levels are the scores a change must not fall below (a ratchet): a JSON object of
"<group> precision" / "<group> recall" / "strength" -> a number; keys starting with "_" are notes.
"""

from __future__ import annotations

import gzip
import json
import re
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from credfloor.extract.records import Rejected
from credfloor.extract.sources.files import read_path
from credfloor.flows.extraction import posting_country
from credfloor.normalize.catalog import load_catalog
from credfloor.normalize.extractor import Extractor, load_extractor
from credfloor.normalize.records import STRENGTH_RANK
from credfloor.normalize.resolve import NameResolver


def group(credential_type: str) -> str:
    return "cert+license" if credential_type in ("certification", "license") else credential_type


@dataclass(frozen=True)
class Problem:
    kind: str  # MISS (labelled, not found), EXTRA (found, not labelled), STRENGTH (disagrees)
    group: str
    posting_id: str
    credential_id: str
    what: str  # the label's or the mention's surface, or "gold=... got=..."
    context: str  # the text around it

    def __str__(self) -> str:
        return (
            f"{self.kind} [{self.group}] {self.credential_id}  ({self.what})\n"
            f"    {self.posting_id}\n    ...{self.context}..."
        )


@dataclass
class Quality:
    postings: int = 0
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    strength_ok: int = 0
    strength_n: int = 0
    confusion: Counter = field(default_factory=Counter)  # (gold, got) strength -> pairs
    problems: list[Problem] = field(default_factory=list)

    def precision(self, grp: str) -> float:
        found = self.tp[grp] + self.fp[grp]
        return self.tp[grp] / found if found else 0.0

    def recall(self, grp: str) -> float:
        labelled = self.tp[grp] + self.fn[grp]
        return self.tp[grp] / labelled if labelled else 0.0

    @property
    def strength(self) -> float:
        return self.strength_ok / self.strength_n if self.strength_n else 0.0

    def figures(self) -> dict[str, float]:
        """Every score, keyed as in a levels file."""
        out = {}
        for grp in sorted(set(self.tp) | set(self.fp) | set(self.fn)):
            out[f"{grp} precision"] = self.precision(grp)
            out[f"{grp} recall"] = self.recall(grp)
        out["strength"] = self.strength
        return out

    def lines(self) -> list[str]:
        """The summary, one line per group (the shared scorer's layout)."""
        out = [f"postings {self.postings}"]
        for grp in sorted(set(self.tp) | set(self.fp) | set(self.fn)):
            out.append(
                f"{grp:14s} P={self.precision(grp):.3f} R={self.recall(grp):.3f} "
                f"tp={self.tp[grp]} fp={self.fp[grp]} fn={self.fn[grp]}"
            )
        out.append(f"strength agreement {self.strength:.3f} over {self.strength_n} matched pairs")
        return out


def load_levels(path: Path) -> dict[str, float]:
    levels = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(levels, dict):
        raise ValueError(f"{path}: expected a JSON object of score name -> level")
    out = {}
    for key, value in levels.items():
        if key.startswith("_"):
            continue
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise ValueError(f"{path}: level {key!r} is {value!r}, not a number")
        out[key] = float(value)
    return out


def below(quality: Quality, levels: dict[str, float]) -> list[str]:
    """One line per score under its level (a level naming no score counts as 0.0 reached)."""
    got = quality.figures()
    return [
        f"{key} {got.get(key, 0.0):.3f} < level {level:.3f}"
        for key, level in sorted(levels.items())
        if got.get(key, 0.0) < level
    ]


def read_gold(path: Path) -> list[dict]:
    with Path(path).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def labelled_texts(
    ids: set[str], corpus: Path, countries: dict[str, str | None] | None = None
) -> dict[str, str]:
    """id -> text of the labelled postings, read as `credfloor extract` reads them; with
    `countries`, it is filled with id -> the country of each posting's location, as
    `credfloor extract` gives the extractor."""
    opener = gzip.open if str(corpus).endswith(".gz") else open
    with tempfile.TemporaryDirectory(prefix="credfloor-quality-") as tmp:
        subset = Path(tmp) / "labelled.jsonl"
        with opener(corpus, "rt", encoding="utf-8") as src, subset.open("w") as dst:
            for line in src:
                if json.loads(line).get("id") in ids:
                    dst.write(line if line.endswith("\n") else line + "\n")
        items = [
            item
            for item in read_path(subset, guess_language=False)
            if not isinstance(item, Rejected)
        ]
    if countries is not None:
        countries.update((item.external_id, posting_country(item.location)) for item in items)
    return {item.external_id: item.text for item in items}


def _context(text: str, needle: str, width: int = 90) -> str:
    i = text.lower().find(needle.lower()) if needle else -1
    if i < 0:
        return "(surface not found verbatim)"
    return re.sub(r"\s+", " ", text[max(0, i - width) : i + len(needle) + width])


def score(
    gold: Iterable[dict],
    texts: dict[str, str],
    extractor: Extractor | None = None,
    countries: dict[str, str | None] | None = None,
) -> Quality:
    extractor = extractor or load_extractor()
    resolver = NameResolver(load_catalog())  # as `credfloor catalog resolve` has it
    q = Quality()
    for g in gold:
        q.postings += 1
        pid = g["id"]
        text = texts.get(pid, "")
        pred: dict[str, tuple[str, str, str]] = {}  # id -> (type, strongest strength, surface)
        for m in extractor.extract(pid, text, (countries or {}).get(pid)):
            if not m.credential_id:
                continue
            old = pred.get(m.credential_id)
            if old is None or STRENGTH_RANK[m.strength] > STRENGTH_RANK[old[1]]:
                pred[m.credential_id] = (m.type, m.strength, m.surface)
        labels: dict[str, tuple[str, str, str]] = {}
        for c in g["credentials"]:
            cred = resolver.resolve(c["name"]) or resolver.resolve(c.get("surface") or "")
            cid = cred.id if cred else f"UNRESOLVED:{c['name']}"
            labels[cid] = (c["type"], c["strength"], c.get("surface") or c["name"])
        for cid, (t, s, surface) in labels.items():
            grp = group(t)
            if cid not in pred:
                q.fn[grp] += 1
                q.problems.append(Problem("MISS", grp, pid, cid, surface, _context(text, surface)))
                continue
            q.tp[grp] += 1
            got = pred[cid][1]
            q.strength_n += 1
            q.strength_ok += got == s
            q.confusion[(s, got)] += 1
            if got != s:
                ctx = _context(text, pred[cid][2])
                q.problems.append(Problem("STRENGTH", grp, pid, cid, f"gold={s} got={got}", ctx))
        for cid, (t, _s, surface) in pred.items():
            if cid not in labels:
                grp = group(t)
                q.fp[grp] += 1
                q.problems.append(Problem("EXTRA", grp, pid, cid, surface, _context(text, surface)))
    return q


def score_files(gold_path: Path, corpus: Path, extractor: Extractor | None = None) -> Quality:
    gold = read_gold(gold_path)
    countries: dict[str, str | None] = {}
    texts = labelled_texts({g["id"] for g in gold}, corpus, countries)
    return score(gold, texts, extractor, countries)
