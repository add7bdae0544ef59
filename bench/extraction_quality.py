"""Extraction quality against the hand labels: per-type precision/recall, strength agreement,
and every false positive and false negative with its context, so regressions are visible.

    uv run python bench/extraction_quality.py [--gold ../shared/corpus/gold/dev.jsonl] [--quiet]

Scoring follows ../shared/tools/score_extraction.py: (posting, credential) pairs per posting, gold
names resolved through the same resolver as `credfloor catalog resolve`. This runs in-process so
it is quick to iterate; the shared scorer (through the CLI) stays the judge.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

from credfloor.extract.text import html_to_text, looks_like_html
from credfloor.normalize.catalog import load_catalog
from credfloor.normalize.extractor import Extractor
from credfloor.normalize.records import STRENGTH_RANK
from credfloor.normalize.resolve import NameResolver

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def group(t: str) -> str:
    return "cert+license" if t in ("certification", "license") else t


def load_postings(ids: set[str], corpus: Path) -> dict[str, str]:
    out = {}
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["id"] in ids:
                text = rec.get("description") or ""
                out[rec["id"]] = html_to_text(text) if looks_like_html(text) else text.strip()
    return out


def context(text: str, needle: str, width: int = 90) -> str:
    i = text.lower().find(needle.lower()) if needle else -1
    if i < 0:
        return "(surface not found verbatim)"
    return re.sub(r"\s+", " ", text[max(0, i - width) : i + len(needle) + width])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", type=Path, default=SHARED / "gold" / "dev.jsonl")
    ap.add_argument("--corpus", type=Path, default=SHARED / "postings.jsonl.gz")
    ap.add_argument("--quiet", action="store_true", help="figures only")
    a = ap.parse_args()
    if not a.gold.exists():
        print(f"skip: {a.gold} not found")
        return 0
    gold = [json.loads(line) for line in a.gold.open(encoding="utf-8")]
    texts = load_postings({g["id"] for g in gold}, a.corpus)
    catalog = load_catalog()
    extractor = Extractor(catalog)
    resolver = NameResolver(catalog, extractor.matcher)

    tp, fp, fn = Counter(), Counter(), Counter()
    strength_ok = strength_n = 0
    confusion: Counter = Counter()
    problems = []
    for g in gold:
        pid, text = g["id"], texts.get(g["id"], "")
        pred: dict[str, tuple[str, str, str]] = {}
        for m in extractor.extract(pid, text):
            old = pred.get(m.credential_id)
            if old is None or STRENGTH_RANK[m.strength] > STRENGTH_RANK[old[1]]:
                pred[m.credential_id] = (m.type, m.strength, m.surface)
        gset = {}
        for c in g["credentials"]:
            cred = resolver.resolve(c["name"]) or resolver.resolve(c.get("surface") or "")
            cid = cred.id if cred else f"UNRESOLVED:{c['name']}"
            gset[cid] = (c["type"], c["strength"], c.get("surface") or c["name"])
        for cid, (t, s, surface) in gset.items():
            if cid in pred:
                tp[group(t)] += 1
                strength_n += 1
                strength_ok += pred[cid][1] == s
                confusion[(s, pred[cid][1])] += 1
                if pred[cid][1] != s:
                    problems.append(
                        (
                            "STRENGTH",
                            group(t),
                            pid,
                            cid,
                            f"gold={s} got={pred[cid][1]}",
                            context(text, pred[cid][2]),
                        )
                    )
            else:
                fn[group(t)] += 1
                problems.append(("MISS", group(t), pid, cid, surface, context(text, surface)))
        for cid, (t, _s, surface) in pred.items():
            if cid not in gset:
                fp[group(t)] += 1
                problems.append(("EXTRA", group(t), pid, cid, surface, context(text, surface)))

    print(f"postings {len(gold)}")
    for k in sorted(set(tp) | set(fp) | set(fn)):
        p = tp[k] / (tp[k] + fp[k]) if tp[k] + fp[k] else 0.0
        r = tp[k] / (tp[k] + fn[k]) if tp[k] + fn[k] else 0.0
        print(f"{k:14s} P={p:.3f} R={r:.3f} tp={tp[k]} fp={fp[k]} fn={fn[k]}")
    print(
        f"strength agreement {strength_ok / max(1, strength_n):.3f} over {strength_n} matched pairs"
    )
    print(
        "strength confusion (gold -> got): "
        + ", ".join(f"{g}->{p}: {n}" for (g, p), n in sorted(confusion.items()))
    )
    if not a.quiet:
        for kind, grp, pid, cid, what, ctx in sorted(problems, key=lambda x: (x[0], x[1], x[3])):
            print(f"\n{kind} [{grp}] {cid}  ({what})\n    {pid}\n    ...{ctx}...")
    return 0


if __name__ == "__main__":
    sys.exit(main())
