"""Throughput of `credfloor extract` over corpus postings, and its ratio to a plain
Aho-Corasick scan of the same aliases over the same texts.

    uv run python bench/extract_throughput.py [--postings 5000] [--runs 3]

Prints: whole-process wall time and postings/s (median of --runs, after one warm-up run that
also builds the compiled-catalog cache), the in-process extraction rate, the in-process rate of
a plain scan (lowercase text, one automaton of every folded alias, word-boundary check), their
ratio, and a check that batching does not change the mentions.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import ahocorasick

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import CLI, require_corpus, timed_run, write_slice  # noqa: E402

from credfloor.extract.sources.files import read_path  # noqa: E402
from credfloor.normalize.extractor import load_extractor  # noqa: E402
from credfloor.normalize.textfold import fold_keys  # noqa: E402


def plain_scan_rate(texts: list[str], extractor) -> tuple[float, int]:
    automaton = ahocorasick.Automaton()
    for cred in extractor.catalog:
        for form in cred.surface_forms():
            for key in fold_keys(form):
                automaton.add_word(key, len(key))
    automaton.make_automaton()
    t0 = time.perf_counter()
    hits = 0
    for text in texts:
        low = text.lower()
        n = len(low)
        for end, length in automaton.iter(low):
            start = end - length + 1
            if (start == 0 or not low[start - 1].isalnum()) and (
                end + 1 >= n or not low[end + 1].isalnum()
            ):
                hits += 1
    return len(texts) / (time.perf_counter() - t0), hits


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--postings", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    require_corpus()
    with tempfile.TemporaryDirectory() as tmp:
        inp = Path(tmp) / "slice.jsonl"
        n = write_slice(inp, a.postings)
        out = Path(tmp) / "mentions.jsonl"
        cmd = [*CLI, "extract", "--input", str(inp), "--output", str(out)]
        timed_run(cmd)  # warm-up: page cache and the compiled-catalog cache
        walls, peaks = [], []
        for _ in range(a.runs):
            wall, peak, _ = timed_run(cmd)
            walls.append(wall)
            peaks.append(peak)
        wall = statistics.median(walls)
        mentions = sum(1 for _ in out.open(encoding="utf-8"))
        print(f"credfloor extract, whole process: {n} postings, {mentions} mentions")
        print(f"  wall {wall:.2f} s (runs: {', '.join(f'{w:.2f}' for w in walls)})")
        print(f"  {n / wall:,.0f} postings/s; peak RSS {max(peaks):.0f} MiB")

        extractor = load_extractor()
        texts = [p.text for p in read_path(inp) if hasattr(p, "text")]
        t0 = time.perf_counter()
        in_process = [extractor.extract(str(i), t) for i, t in enumerate(texts)]
        rate = len(texts) / (time.perf_counter() - t0)
        scan_rate, scan_hits = plain_scan_rate(texts, extractor)
        print(
            f"in process: extract {rate:,.0f} postings/s; plain Aho-Corasick scan "
            f"{scan_rate:,.0f} postings/s ({scan_hits} raw hits); ratio {scan_rate / rate:.2f}x"
        )

        batched = []
        for i in range(0, len(texts), 7):
            batched.extend(
                extractor.extract_many((str(j), texts[j]) for j in range(i, min(i + 7, len(texts))))
            )
        print(f"same mentions in batches of 7 as one by one: {batched == in_process}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
