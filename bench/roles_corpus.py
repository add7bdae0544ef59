"""Roles and reposts over the whole corpus: known-role share, top roles, seniority, clusters.

    .venv/bin/python bench/roles_corpus.py [--limit N] [--unknown 40] [--no-dedup]

Prints the share of postings whose title resolves to a role and the share left unknown (target
<= 10%, issue 19) with the most frequent unknown titles and their languages, how titles were
resolved (curated alias, O*NET title, foreign table...), the 20 biggest roles, the seniority
mix, the number of repost clusters and the wall time of normalize/dedup.py over the corpus
(target: under 30 s on 2 cores). Skips cleanly when ../shared/corpus is absent.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

from _corpus import corpus_records, require_corpus

from credfloor.normalize.dedup import DedupItem, cluster_postings
from credfloor.normalize.roles import classify_title, role_table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N postings")
    parser.add_argument("--unknown", type=int, default=40, help="how many unknown titles to list")
    parser.add_argument("--no-dedup", action="store_true", help="skip the repost clustering")
    args = parser.parse_args()
    require_corpus()
    records = list(corpus_records(args.limit))
    role_table()
    t0 = time.perf_counter()
    matches = [classify_title(r.get("title") or "") for r in records]
    t_roles = time.perf_counter() - t0
    known = [m for m in matches if m.role is not None]
    n = len(records)
    print(f"postings: {n:,}")
    print(f"known role: {len(known):,} ({len(known) / n:.1%}); title resolution {t_roles:.2f} s")
    by_method = Counter(m.method for m in matches)
    print("  by method: " + ", ".join(f"{k} {v:,}" for k, v in by_method.most_common()))
    unknown = [m for m in matches if m.role is None]
    print(f"unknown: {len(unknown):,} ({len(unknown) / n:.1%}; target <= 10%)")
    langs = Counter(m.language or "en/unknown" for m in unknown)
    print("  unknown by language: " + ", ".join(f"{k} {v:,}" for k, v in langs.most_common()))
    occupations = Counter(m.role.kind for m in known)
    print("  known by kind: " + ", ".join(f"{k} {v:,}" for k, v in occupations.most_common()))
    print(f"\ntop {args.unknown} unknown titles:")
    for title, count in Counter(m.title.strip() for m in unknown).most_common(args.unknown):
        print(f"  {count:6,}  {title}")
    print("\ntop 20 roles by postings:")
    for role_id, count in Counter(m.role_id for m in known).most_common(20):
        print(f"  {count:6,}  {role_id}")
    print(
        "\nseniority: "
        + ", ".join(f"{k} {v:,}" for k, v in Counter(m.seniority for m in matches).most_common())
    )

    if args.no_dedup:
        return
    items = [
        DedupItem(
            str(i), r.get("description") or r.get("text") or "", r.get("company"), r.get("title")
        )
        for i, r in enumerate(records)
    ]
    t0 = time.perf_counter()
    clusters = cluster_postings(items)
    t_dedup = time.perf_counter() - t0
    sizes = Counter(clusters.values())
    multi = [s for s in sizes.values() if s > 1]
    print(f"\nclusters: {len(sizes):,} for {n:,} postings; {n - len(sizes):,} postings folded")
    print(f"  clusters with reposts: {len(multi):,}; largest: {max(sizes.values())}")
    print(f"dedup wall time: {t_dedup:.1f} s (target < 30 s)")


if __name__ == "__main__":
    main()
