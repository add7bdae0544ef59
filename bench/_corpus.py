"""Shared helpers for the benchmarks: where the corpus is, and small slices of it."""

from __future__ import annotations

import gzip
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "postings.jsonl.gz"
CLI = [str(ROOT / ".venv" / "bin" / "credfloor")]


def machine() -> str:
    """The machine a figure was taken on: the same work took 9.7 CPU-seconds on one 2-core
    machine and 11.5-17 on another, so a figure means little without it."""
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():  # Linux: the processor's own name, family and model
        info = dict(
            line.split(":", 1) for line in cpuinfo.read_text().splitlines()[:30] if ":" in line
        )
        info = {k.strip(): v.strip() for k, v in info.items()}
        if "model name" in info:
            model = (
                f"{info['model name']} (family {info.get('cpu family')}, model {info.get('model')})"
            )
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def require_corpus() -> None:
    if not CORPUS.exists():
        print(f"skip: {CORPUS} not found (the benchmarks need ../shared beside the checkout)")
        sys.exit(0)


def corpus_records(limit: int | None = None):
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit is not None and i >= limit:
                return
            yield json.loads(line)


def write_slice(path: Path, limit: int, cycle: bool = False) -> int:
    """The first `limit` corpus postings; with `cycle`, the corpus read again (ids suffixed
    '#2', '#3', ...) until `limit` are written, for runs larger than the corpus."""
    n = 0
    with path.open("w", encoding="utf-8") as out:
        round_ = 1
        while n < limit:
            before = n
            for rec in corpus_records(limit - n):
                if round_ > 1:
                    rec = {**rec, "id": f"{rec.get('id')}#{round_}"}
                out.write(json.dumps(rec) + "\n")
                n += 1
            if not cycle or n == before:
                break
            round_ += 1
    return n


def timed_run(cmd: list[str], **kw) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall seconds and peak RSS (MiB, largest child process) of one whole-process run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode != 0:
        print(proc.stdout[-2000:], proc.stderr[-2000:])
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {proc.returncode}")
    return wall, max(peak, before) / 1024, proc
