"""Crash safety: a refresh killed with SIGKILL at any point (copying the warehouse, fetching a
board, extracting and writing a batch, clustering, snapshotting, replacing the warehouse with its
copy) leaves the last finished warehouse, which readers keep opening meanwhile and afterwards,
and the next refresh gives exactly the rows a clean run gives: nothing lost, nothing counted twice.

Each run is a real `credfloor refresh` process in its own session, killed with its children
(Prefect's ephemeral server included), as a power cut would.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
import yaml

from credfloor.warehouse.store import Warehouse
from tests.extract.faultserver import FaultServer, ok, slow
from tests.extract.webhelpers import fixture_bytes
from tests.flows.refreshproc import kill_refresh, refresh_argv, start_refresh, write_inputs


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Inputs, a board on 127.0.0.1 that answers slowly, a warehouse with one finished refresh
    (of fewer postings) that each run starts from, and a clean run's rows to compare to."""
    root = tmp_path_factory.mktemp("crash")
    inputs = write_inputs(root)
    (root / "earlier").mkdir()
    earlier = write_inputs(root / "earlier", 120)
    with FaultServer() as srv:
        srv.route("/v1/boards/crashcorp/jobs", slow(1.0, ok(fixture_bytes("greenhouse_jobs.json"))))
        sources = root / "sources.yaml"
        sources.write_text(
            yaml.safe_dump(
                {
                    "http": {"min_interval": 0, "contact": "tests@localhost", "retries": 0},
                    "sources": [{"kind": "greenhouse", "token": "crashcorp", "base_url": srv.url}],
                }
            )
        )
        world = {"root": root, "inputs": inputs, "sources": sources, "server": srv}
        base_db = world["base_db"] = root / "base.duckdb"
        base = subprocess.run(
            refresh_argv("--db", str(base_db), "--input", str(earlier)),
            env=env_for(world),
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert base.returncode == 0, base.stderr
        world["base"] = warehouse_rows(base_db)
        clean_db = root / "clean.duckdb"
        shutil.copyfile(base_db, clean_db)
        t0 = time.monotonic()
        finished = run_refresh(world, clean_db)
        world["clean_seconds"] = time.monotonic() - t0
        assert finished.returncode == 0, finished.stderr
        world["clean"] = warehouse_rows(clean_db)
        yield world


def refresh_args(world, db: Path) -> list[str]:
    return [
        "--db",
        str(db),
        "--input",
        str(world["inputs"]),
        "--sources",
        str(world["sources"]),
        "--batch-size",
        "200",
    ]


def env_for(world) -> dict:
    # Each run its own HTTP cache (a crash must not leave a cache that changes what is fetched)
    # and Prefect home shared by the runs, like one machine's.
    return {
        **os.environ,
        "PREFECT_HOME": str(world["root"] / "prefect"),
        "CREDFLOOR_DATA": str(world["root"] / "data"),
    }


def run_refresh(world, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        refresh_argv(*refresh_args(world, db)),
        env=env_for(world),
        capture_output=True,
        text=True,
        timeout=600,
    )


def kill_when(world, db: Path, trigger, readers: list | None = None) -> bool:
    """Start a refresh and SIGKILL its whole process group once `trigger(state)` is true; state
    has `lines` (progress lines on stderr so far), `hits` (requests the board received) and
    `elapsed`. Meanwhile, every 0.5 s, what a reader finds in `db` goes to `readers`. False when
    the run finished before the trigger fired."""
    proc = start_refresh(*refresh_args(world, db), env=env_for(world))
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stderr), daemon=True)
    reader.start()
    hits0 = sum(world["server"].hits.values())
    t0 = last_read = time.monotonic()
    try:
        while proc.poll() is None:
            if readers is not None and time.monotonic() - last_read > 0.5:
                readers.append(reader_view(db))
                last_read = time.monotonic()
            state = {
                "lines": list(lines),
                "hits": sum(world["server"].hits.values()) - hits0,
                "elapsed": time.monotonic() - t0,
            }
            if trigger(state):
                kill_refresh(proc)
                break
            time.sleep(0.01)
    finally:
        kill_refresh(proc)
        proc.wait(timeout=60)
        reader.join(timeout=10)
    assert proc.returncode in (0, -signal.SIGKILL), "".join(lines)
    return proc.returncode == -signal.SIGKILL


def warehouse_rows(db: Path) -> dict:
    with Warehouse.open(db, read_only=True) as wh:
        q = wh.con.execute

        def rows(sql):
            return q(sql).fetchall()

        last = "(SELECT max(refresh_id) FROM refreshes)"
        (status, counts) = q(
            f"SELECT status, counts FROM refreshes WHERE refresh_id = {last}"
        ).fetchone()
        summary = json.loads(counts)
        return {
            "refresh": q(
                "SELECT refresh_id, status, (SELECT count(*) FROM postings) FROM refreshes "
                "ORDER BY refresh_id DESC LIMIT 1"
            ).fetchone(),
            "status": status,
            "summary": {k: summary[k] for k in ("read", "loaded", "quarantined", "duplicates")},
            "postings": rows(
                "SELECT posting_id, source, external_id, title, company, content_hash, role_id, "
                "seniority, cluster_id, inactive_since IS NULL FROM postings ORDER BY posting_id"
            ),
            "mentions": rows("SELECT * FROM mentions ORDER BY ALL"),
            "quarantine": rows(
                f"SELECT input_ref, reason FROM quarantine WHERE refresh_id = {last} ORDER BY ALL"
            ),
            "snapshot": rows(
                "SELECT role_id, credential_id, postings_with, clusters_total, tier "
                f"FROM signal_snapshots WHERE refresh_id = {last} ORDER BY ALL"
            ),
        }


def reader_view(db: Path) -> tuple:
    """What a reader finds: the last refresh, its status and the postings (never waits)."""
    with Warehouse.open(db, read_only=True, wait=0) as wh:
        return wh.con.execute(
            "SELECT refresh_id, status, (SELECT count(*) FROM postings) FROM refreshes "
            "ORDER BY refresh_id DESC LIMIT 1"
        ).fetchone()


def said(text: str):
    return lambda s: any(text in line for line in s["lines"])


def loaded_lines(state) -> int:
    return sum("loaded" in line for line in state["lines"])


KILL_POINTS = {
    # Copying the warehouse before writing anything.
    "copying": said("copying"),
    # Writing: right after the first batch committed, while the second is extracted/written.
    "writing-second-batch": lambda s: loaded_lines(s) >= 1,
    # Mid-way through the files, a moment after a batch committed.
    "writing-later-batch": lambda s: loaded_lines(s) >= 3,
    # Fetching: the board has received the request and is still answering (1 s).
    "fetching-board": lambda s: s["hits"] >= 1,
    # Everything written: clustering reposts.
    "clustering": said("clustering reposts"),
    # Clustered: the snapshot of signals is being taken.
    "snapshot": said("taking the snapshot"),
    # Finished in the copy: the copy is being synced and renamed over the warehouse.
    "swap": said("replacing"),
}


# Each kill costs two refresh processes (~15 s of CPU with Prefect's start-up): four points run
# in the default suite, the others with `-m slow`.
@pytest.mark.parametrize(
    "point",
    [
        pytest.param("copying", marks=pytest.mark.slow),
        pytest.param("writing-second-batch", marks=pytest.mark.slow),
        "writing-later-batch",
        pytest.param("fetching-board", marks=pytest.mark.slow),
        "clustering",
        pytest.param("snapshot", marks=pytest.mark.slow),
        "swap",
        pytest.param("random", marks=pytest.mark.slow),
    ],
)
def test_sigkill_then_rerun_gives_the_clean_rows(world, tmp_path, point):
    db = tmp_path / f"{point}.duckdb"
    shutil.copyfile(world["base_db"], db)
    if point.startswith("random"):
        # Anywhere in a run, clustering and snapshotting included (seeded: reproducible).
        at = random.Random(point).uniform(0.3, 0.95) * world["clean_seconds"]
        trigger = lambda s: s["elapsed"] >= at  # noqa: E731
    else:
        trigger = KILL_POINTS[point]
    readers: list = []
    killed = kill_when(world, db, trigger, readers)
    assert killed or point == "random", f"the run finished before the kill at {point}"
    # Meanwhile and afterwards, readers found the last finished refresh: the earlier one, or
    # this one if the kill came after the rename (possible only at the swap, or when random).
    base, clean = world["base"], world["clean"]
    finished = [base["refresh"]] + ([clean["refresh"]] if point in ("swap", "random") else [])
    after_kill = warehouse_rows(db)
    assert after_kill in ((base, clean) if len(finished) == 2 else (base,))
    assert readers and all(r in finished for r in readers), readers
    rerun = run_refresh(world, db)
    assert rerun.returncode == 0, rerun.stderr
    after = warehouse_rows(db)
    if after_kill == clean:  # killed after the rename: the re-run is one more refresh
        after = {**after, "refresh": clean["refresh"]}
        assert after["snapshot"] == clean["snapshot"]
    assert after["status"] == "finished"
    assert after["summary"] == clean["summary"]
    assert after["summary"]["read"] == sum(
        after["summary"][k] for k in ("loaded", "quarantined", "duplicates")
    )
    for table in ("postings", "mentions", "quarantine", "snapshot"):
        assert after[table] == clean[table], f"{table} differs after a kill at {point}"
    assert not db.with_name(db.name + ".next").exists()
