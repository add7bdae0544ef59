"""What a refresh pays for never writing the file readers open (issue 21): copying the warehouse
before it writes, and syncing + renaming the copy over it when it has finished
(warehouse/swap.py, the same code a refresh runs).

    uv run python bench/warehouse_copy.py                    # a 1.8 GB file (the 1M warehouse)
    uv run python bench/warehouse_copy.py --db credfloor.duckdb   # a real warehouse (it is
                                                             # replaced by its own copy)

Without --db it writes a file of random bytes of --size-gb (not timed; the bytes do not matter
to copy_file_range, which copies in the kernel and never parses them) in a temporary folder
beside the current one (same filesystem as a warehouse here). Prints the copy time, the
sync+rename time, and the extra disk (one copy of the warehouse while a refresh runs). The source
is in the page cache after being written: a warehouse just queried is too; a cold one adds its
read time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from credfloor.warehouse.lock import WriterLock
from credfloor.warehouse.swap import Staging


def make_file(path: Path, size: int) -> None:
    chunk = os.urandom(1 << 24)
    with open(path, "wb") as fh:
        left = size
        while left > 0:
            fh.write(chunk[: min(left, len(chunk))])
            left -= len(chunk)
        fh.flush()
        os.fsync(fh.fileno())


def one_swap(db: Path) -> tuple[float, float]:
    with WriterLock(db, "bench"):
        stage = Staging(db)
        t0 = time.perf_counter()
        stage.prepare()
        copied = time.perf_counter() - t0
        t0 = time.perf_counter()
        stage.publish()
        return copied, time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size-gb", type=float, default=1.8)
    ap.add_argument("--db", type=Path, help="time copying this warehouse instead")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    fs = subprocess.run(["df", "-T", "."], capture_output=True, text=True).stdout.splitlines()[-1]
    print(f"filesystem: {fs.split()[1]} ({fs.split()[0]})")
    with tempfile.TemporaryDirectory(dir=".") as tmp:
        db = a.db or Path(tmp) / "big.duckdb"
        if a.db is None:
            make_file(db, int(a.size_gb * 1e9))
        size = db.stat().st_size
        runs = [one_swap(db) for _ in range(a.repeat)]
        copy = statistics.median(r[0] for r in runs)
        publish = statistics.median(r[1] for r in runs)
        print(
            f"warehouse {size / 1e9:.2f} GB: copy median {copy:.2f} s "
            f"({size / 1e6 / copy:,.0f} MB/s), sync+rename median {publish:.2f} s; "
            f"runs {[(round(c, 2), round(p, 2)) for c, p in runs]}"
        )
        print(f"extra disk while a refresh runs: {size / 1e9:.2f} GB (one copy) + its WAL")
    return 0


if __name__ == "__main__":
    sys.exit(main())
