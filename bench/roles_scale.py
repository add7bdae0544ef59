"""Title resolution at the one-million scale (issue 19): what resolving titles adds to a refresh.

    .venv/bin/python bench/roles_scale.py [--n 1000000]

Draws the titles of bench/generate_postings.py's one-million benchmark (same roles and prefixes,
without writing the postings), then times: building the role table from the bundled O*NET data
(no cache), loading it from the compiled cache, resolving the distinct titles, and classifying
every posting's title (repeats hit classify_title's cache). Because the synthetic benchmark has
few distinct titles, it also resolves every distinct title of the shared corpus (when present)
and prints the per-title cost, the figure that bounds a real million-posting refresh.
Target: resolving the titles adds < 60 s.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time

from _corpus import CORPUS, corpus_records
from generate_postings import ROLES, TITLE_PREFIX


def _child(code: str, env: dict) -> float:
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    args = parser.parse_args()
    rng = random.Random(7)
    roles = list(ROLES)
    titles = [rng.choice(TITLE_PREFIX) + rng.choice(roles) for _ in range(args.n)]
    distinct = sorted(set(titles))

    timed = (
        "import time; t=time.perf_counter(); "
        "from credfloor.normalize.roles import role_table; role_table(); "
        "print(time.perf_counter()-t)"
    )
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, CREDFLOOR_CACHE=cache)
        cold = _child(timed, env)  # builds and writes the cache
        warm = min(_child(timed, env) for _ in range(3))
    print(f"role table: build {cold:.2f} s (no cache), load {warm:.2f} s (cached, best of 3)")

    from credfloor.normalize.roles import classify_title, role_table

    role_table()
    t0 = time.perf_counter()
    for t in distinct:
        classify_title(t)
    t_distinct = time.perf_counter() - t0
    t0 = time.perf_counter()
    unknown = sum(classify_title(t).role is None for t in titles)
    t_all = time.perf_counter() - t0
    print(
        f"benchmark titles: {args.n:,} postings, {len(distinct):,} distinct; distinct resolved "
        f"in {t_distinct:.3f} s; all {args.n:,} classified in {t_all:.2f} s; unknown {unknown:,}"
    )

    if CORPUS.exists():
        corpus = sorted({(r.get("title") or "") for r in corpus_records()})
        classify_title.cache_clear()
        t0 = time.perf_counter()
        for t in corpus:
            classify_title(t)
        t_corpus = time.perf_counter() - t0
        per = t_corpus / len(corpus)
        print(
            f"corpus titles: {len(corpus):,} distinct resolved in {t_corpus:.2f} s "
            f"({per * 1e3:.2f} ms/title; 60 s covers ~{60 / per:,.0f} distinct titles)"
        )
    total = warm + t_distinct + t_all
    print(f"added by titles on the benchmark: {total:.2f} s (target < 60 s)")


if __name__ == "__main__":
    main()
