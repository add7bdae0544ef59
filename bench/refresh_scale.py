"""A refresh at scale (issue 10): N synthetic postings through `credfloor refresh`, whole process.

    uv run python bench/refresh_scale.py              # one million postings (~16 min, ~4 GB disk)
    uv run python bench/refresh_scale.py --n 100000   # smaller

Writes N postings with bench/generate_postings.py (not timed), runs `credfloor refresh --input
FILE --db DB --json` as a subprocess, then times the floor query on the result: the
floor of the biggest role three ways: `floor_markets` (what `credfloor floor` computes, in
process, median of 5 after a warm-up), `credfloor floor --role ...` as a whole process (median of
3), and the live `floor_signals` view (one query: it works the specialization pick out over every
role, which is why `floor` reads the refresh's snapshot instead). Prints wall time, postings/s, peak RSS of the
refresh process (getrusage of children) and the database size. Target: 1,000,000 postings in
under 20 minutes, peak RSS under 2 GB, floor query under 1 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import CLI, ROOT, machine, timed_run  # noqa: E402

from credfloor.warehouse.floor_view import floor_markets  # noqa: E402
from credfloor.warehouse.store import Warehouse  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--workdir", type=Path, help="keep the postings file and database here")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = a.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        postings = work / f"postings-{a.n}.jsonl"
        if not postings.exists():
            gen = ROOT / "bench" / "generate_postings.py"
            subprocess.run(
                [sys.executable, str(gen), "--n", str(a.n), "--out", str(postings)], check=True
            )
        db = work / f"scale-{a.n}.duckdb"
        db.unlink(missing_ok=True)
        cmd = [*CLI, "refresh", "--input", str(postings), "--db", str(db), "--json"]
        print(f"machine: {machine()}")
        print("$", " ".join(cmd), flush=True)
        wall, peak, proc = timed_run(cmd, cwd=work)
        summary = json.loads(proc.stdout.strip().splitlines()[-1])
        print(
            f"refresh: read {summary['read']:,}, loaded {summary['loaded']:,}, quarantined "
            f"{summary['quarantined']:,}, duplicates {summary['duplicates']:,}, mentions "
            f"{summary['mentions']:,}, clustered {summary['clustered']:,}, floors "
            f"{summary['floors']}"
        )
        print(
            f"  wall {wall:.1f} s ({wall / 60:.1f} min); {summary['read'] / wall:,.0f} postings/s; "
            f"peak RSS {peak:.0f} MiB; database {db.stat().st_size / 2**20:,.0f} MiB"
        )
        role = summary["top_roles"][0]
        with Warehouse.open(db, read_only=True) as wh:
            times = []
            for _ in range(6):
                t0 = time.perf_counter()
                floors = floor_markets(wh, role)
                times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            rows = wh.con.execute(
                "SELECT * FROM floor_signals WHERE role_id = ?", [role]
            ).fetchall()
            live = time.perf_counter() - t0
        print(
            f"floor_markets for {role}: {len(floors.views)} markets, median "
            f"{statistics.median(times[1:]):.3f} s (first {times[0]:.3f} s)"
        )
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run(
                [*CLI, "floor", "--role", role, "--db", str(db)], check=True, capture_output=True
            )
            runs.append(time.perf_counter() - t0)
        print(
            f"`credfloor floor --role {role}` whole process: median {statistics.median(runs):.2f} s "
            f"({min(runs):.2f}-{max(runs):.2f})"
        )
        print(f"live floor_signals view for {role}: {len(rows)} rows, {live:.2f} s")
        assert summary["read"] == summary["loaded"] + summary["quarantined"] + summary["duplicates"]
    return 0


if __name__ == "__main__":
    sys.exit(main())
