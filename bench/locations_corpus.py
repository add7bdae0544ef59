"""Postings' countries over the whole corpus: the share that gets one, and how.

    .venv/bin/python bench/locations_corpus.py [--limit N]

Prints the share of postings with a country (target >= 90%), the count per country, how the
country was decided (location text, text signals) and the most frequent locations left
unknown. Skips cleanly when ../shared/corpus is absent.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

from _corpus import corpus_records, require_corpus

from credfloor.normalize.locations import locate_posting


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N postings")
    args = parser.parse_args()
    require_corpus()
    records = list(corpus_records(args.limit))
    t0 = time.perf_counter()
    places = [locate_posting(r.get("location"), r.get("description")) for r in records]
    took = time.perf_counter() - t0
    n = len(records)
    known = sum(p.country is not None for p in places)
    print(f"postings {n:,}: with a country {known:,} ({known / n:.1%}); {took:.1f} s (noisy)")
    print(f"  with a region {sum(p.region is not None for p in places):,}")
    how = Counter(
        "text" if p.how == "text" else "location+text" if p.how == "location+text"
        else "location" if p.country else "unknown" for p in places
    )  # fmt: skip
    print("  decided by: " + ", ".join(f"{k} {v:,}" for k, v in how.most_common()))
    print("countries: " + ", ".join(
        f"{c or 'unknown'} {v:,}" for c, v in Counter(p.country for p in places).most_common()
    ))  # fmt: skip
    unknown = Counter(
        r.get("location") for r, p in zip(records, places, strict=True) if p.country is None
    )
    print("most frequent unknown locations:")
    for loc, v in unknown.most_common(25):
        print(f"  {v:5d}  {loc!r}  ({locate_posting(loc).how})")


if __name__ == "__main__":
    main()
