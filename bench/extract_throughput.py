"""Throughput of `credfloor extract` over corpus postings, and its ratio to a plain
Aho-Corasick scan of the same aliases, and to spaCy's own tokenizer, over the same texts.

    uv run python bench/extract_throughput.py [--postings 5000] [--runs 5]

--postings above the corpus size (~13,000) reads the corpus again (ids suffixed '#2').

Prints: the machine (processor, cores: the same work costs a third more CPU on some), then
whole-process wall time and postings/s of `credfloor extract` (the fastest and the
median of --runs, after one warm-up run that also builds the compiled-catalog cache; the
machine is shared, so the fastest run is the one least disturbed), the same for a one-posting
run (start-up: interpreter, imports, cached catalog), the in-process extraction rate, the
in-process rate of a plain scan (lowercase text, one automaton of every folded alias,
word-boundary check), their ratio, the in-process rate of spaCy's tokenizer alone (blank
English, nothing else in the pipeline) over the same full texts and extract's ratio to it
(issue 17: >= 2x), and a check that batching does not change the mentions.
In-process rates are the best of --runs passes.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ahocorasick_rs import BytesAhoCorasick, Implementation

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import CLI, ROOT, machine, require_corpus, timed_run, write_slice  # noqa: E402

from credfloor.extract.sources.files import read_path  # noqa: E402
from credfloor.normalize.extractor import load_extractor  # noqa: E402
from credfloor.normalize.textfold import fold_keys  # noqa: E402


def plain_scan_rate(texts: list[str], extractor) -> tuple[float, int]:
    keys = {
        key.encode()
        for cred in extractor.catalog
        for form in cred.surface_forms()
        for key in fold_keys(form)
    }
    # The same library and automaton kind as the extractor's matcher, over UTF-8 bytes (byte
    # offsets: the boundary check below reads bytes too).
    automaton = BytesAhoCorasick(sorted(keys), implementation=Implementation.ContiguousNFA)
    t0 = time.perf_counter()
    hits = 0
    for text in texts:
        low = text.lower().encode()
        n = len(low)
        for _, start, end in automaton.find_matches_as_indexes(low, overlapping=True):
            if (start == 0 or not low[start - 1 : start].isalnum()) and (
                end >= n or not low[end : end + 1].isalnum()
            ):
                hits += 1
    return len(texts) / (time.perf_counter() - t0), hits


def spacy_tokenizer_rate(texts: list[str]) -> float:
    """Postings/s of spaCy's blank-English tokenizer over the full texts (what running spaCy on
    every posting would cost at the least, before any matching)."""
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    tokenizer(texts[0])  # lexemes are created on first sight: one warm-up text
    t0 = time.perf_counter()
    for text in texts:
        tokenizer(text)
    return len(texts) / (time.perf_counter() - t0)


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _list(seconds: list[float]) -> str:
    return ", ".join(f"{s:.2f}" for s in seconds)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--postings", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    require_corpus()
    with tempfile.TemporaryDirectory() as tmp:
        inp = Path(tmp) / "slice.jsonl"
        n = write_slice(inp, a.postings, cycle=True)
        out = Path(tmp) / "mentions.jsonl"
        cmd = [*CLI, "extract", "--input", str(inp), "--output", str(out)]
        one = Path(tmp) / "one.jsonl"
        write_slice(one, 1)
        # Bytecode for the project's own modules, as the first run writes it on a usual machine
        # (uv's --compile-bytecode covers only the dependencies; with PYTHONDONTWRITEBYTECODE
        # set, as on our benchmark machine, every run would otherwise compile them: ~0.02 s).
        packages = [str(ROOT / d) for d in ("extract", "normalize", "warehouse", "flows")]
        subprocess.run([sys.executable, "-m", "compileall", "-q", *packages], check=True)
        timed_run(cmd)  # warm-up: page cache and the compiled-catalog cache
        walls, peaks, starts, cpus = [], [], [], []
        for _ in range(a.runs):
            before = _child_cpu()
            wall, peak, _ = timed_run(cmd)
            cpus.append(_child_cpu() - before)
            walls.append(wall)
            peaks.append(peak)
            starts.append(timed_run([*CLI, "extract", "-i", str(one), "-o", str(out) + ".1"])[0])
        best, median = min(walls), statistics.median(walls)
        mentions = sum(1 for _ in out.open(encoding="utf-8"))
        print(f"machine: {machine()}")
        print(f"credfloor extract, whole process: {n} postings, {mentions} mentions")
        print(f"  wall: fastest {best:.2f} s, median {median:.2f} s (runs: {_list(walls)})")
        print(
            f"  {n / best:,.0f} postings/s (fastest run), {n / median:,.0f} postings/s (median); "
            f"peak RSS {max(peaks):.0f} MiB"
        )
        # CPU seconds (user + system) of the process: less disturbed than wall time by the
        # other processes of a shared machine, though not immune (caches, frequency).
        print(
            f"  CPU: median {statistics.median(cpus):.2f} s = "
            f"{n / statistics.median(cpus):,.0f} postings per CPU-second (runs: {_list(cpus)})"
        )
        print(f"  one-posting run (start-up): fastest {min(starts):.2f} s (runs: {_list(starts)})")

        extractor = load_extractor()
        texts = [p.text for p in read_path(inp) if hasattr(p, "text")]
        passes = []
        for _ in range(a.runs):
            t0 = time.perf_counter()
            in_process = [extractor.extract(str(i), t) for i, t in enumerate(texts)]
            passes.append(time.perf_counter() - t0)
        rate = len(texts) / min(passes)
        scan_rate, scan_hits = max(plain_scan_rate(texts, extractor) for _ in range(a.runs))
        print(
            f"in process: extract {rate:,.0f} postings/s; plain Aho-Corasick scan "
            f"{scan_rate:,.0f} postings/s ({scan_hits} raw hits); ratio {scan_rate / rate:.2f}x"
        )
        spacy_rate = max(spacy_tokenizer_rate(texts) for _ in range(min(a.runs, 3)))
        print(
            f"in process: spaCy tokenizer alone {spacy_rate:,.0f} postings/s; extract is "
            f"{rate / spacy_rate:.2f}x it"
        )
        unlisted = sum(m.credential_id is None for ms in in_process for m in ms)
        print(f"unlisted mentions: {unlisted} of {sum(map(len, in_process))}")

        batched = []
        for i in range(0, len(texts), 7):
            batched.extend(
                extractor.extract_many((str(j), texts[j]) for j in range(i, min(i + 7, len(texts))))
            )
        print(f"same mentions in batches of 7 as one by one: {batched == in_process}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
