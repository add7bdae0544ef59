"""Extraction quality against the hand labels: per-type precision/recall, strength agreement,
and every false positive and false negative with its context, so regressions are visible.
Exits 1 when a score is below its level in tests/extraction_levels.json (the ratchet the test
tests/test_extraction_quality.py also enforces).

    uv run python bench/extraction_quality.py [--gold ../shared/corpus/gold/dev.jsonl] [--quiet]

The scoring is credfloor.flows.quality (shared with the test): it reproduces
../shared/tools/score_extraction.py in process, so it is quick to iterate; the shared scorer
(through the CLI) stays the judge.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from credfloor.flows.quality import below, load_levels, score_files

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", type=Path, default=SHARED / "gold" / "dev.jsonl")
    ap.add_argument("--corpus", type=Path, default=SHARED / "postings.jsonl.gz")
    ap.add_argument("--levels", type=Path, default=ROOT / "tests" / "extraction_levels.json")
    ap.add_argument("--quiet", action="store_true", help="figures only")
    a = ap.parse_args()
    if not a.gold.exists():
        print(f"skip: {a.gold} not found")
        return 0
    quality = score_files(a.gold, a.corpus)
    print("\n".join(quality.lines()))
    print(
        "strength confusion (gold -> got): "
        + ", ".join(f"{g}->{p}: {n}" for (g, p), n in sorted(quality.confusion.items()))
    )
    if not a.quiet:
        for p in sorted(quality.problems, key=lambda p: (p.kind, p.group, p.credential_id)):
            print(f"\n{p}")
    failing = below(quality, load_levels(a.levels))
    for line in failing:
        print(f"BELOW LEVEL: {line}")
    print(f"levels ({a.levels.name}): {'all reached' if not failing else 'NOT reached'}")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
