"""Refresh the whole shared corpus into a fresh database; print wall time, postings/s, peak RSS.

    uv run python bench/refresh_corpus.py [--limit N]

Runs `credfloor refresh --json` as a whole process (Prefect ephemeral server included), the way a
user would. Target (issue 3): under 60 s and under 1.5 GB on the 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import CLI, CORPUS, machine, require_corpus, timed_run, write_slice  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, help="only the first N postings")
    a = ap.parse_args()
    require_corpus()
    with tempfile.TemporaryDirectory() as tmp:
        source = CORPUS
        if a.limit:
            source = Path(tmp) / "slice.jsonl"
            write_slice(source, a.limit)
        db = Path(tmp) / "corpus.duckdb"
        cmd = [*CLI, "refresh", "--input", str(source), "--db", str(db), "--json"]
        wall, peak, proc = timed_run(cmd, cwd=tmp)
        summary = json.loads(proc.stdout.strip().splitlines()[-1])
        size = db.stat().st_size / 2**20
    print(f"machine: {machine()}")
    print(
        f"credfloor refresh of {source.name}: read {summary['read']:,}, loaded "
        f"{summary['loaded']:,}, quarantined {summary['quarantined']:,}, duplicates "
        f"{summary['duplicates']:,}, mentions {summary['mentions']:,}, roles {summary['roles']}, "
        f"floor signals {summary['floors']}"
    )
    print(
        f"  wall {wall:.1f} s; {summary['read'] / wall:,.0f} postings/s; peak RSS {peak:.0f} MiB; "
        f"database {size:.0f} MiB"
    )
    assert summary["read"] == summary["loaded"] + summary["quarantined"] + summary["duplicates"]
    return 0


if __name__ == "__main__":
    sys.exit(main())
