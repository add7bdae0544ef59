"""Readers never wait for a refresh: while a real `credfloor refresh` of a few thousand postings
runs in another process, `floor`, `sql` and `export` answer at once, from the last finished
refresh; once it has finished, the next call sees the new data."""

from __future__ import annotations

import json
import os
import time

from typer.testing import CliRunner

from credfloor.flows.cli import app
from credfloor.flows.refresh import refresh
from tests.flows.refreshproc import kill_refresh, start_refresh, write_inputs

runner = CliRunner()
# Every call should answer within 1 s; the machine running the suite is shared and loaded, so a
# call fails the test only past this many seconds. A reader waiting for the lock would not
# wait at all (CREDFLOOR_LOCK_WAIT=0 below): it would fail.
SLOW = float(os.environ.get("CREDFLOOR_TEST_SLOW_CALL", "5"))
STATE = (
    "SELECT max(refresh_id) AS refresh, any_value(status ORDER BY refresh_id DESC) AS status, "
    "(SELECT count(*) FROM postings) AS postings FROM refreshes"
)


def call(*args: str) -> tuple[str, float]:
    t0 = time.monotonic()
    result = runner.invoke(app, list(args))
    took = time.monotonic() - t0
    assert result.exit_code == 0, (args, result.output)
    return result.output, took


def test_floor_sql_and_export_answer_from_the_last_refresh_while_one_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("CREDFLOOR_LOCK_WAIT", "0")
    small = tmp_path / "small"
    big = tmp_path / "big"
    small.mkdir()
    big.mkdir()
    db = tmp_path / "w.duckdb"
    refresh(inputs=[write_inputs(small, 300)], db=db)
    before = json.loads(call("sql", STATE, "--db", str(db), "--json")[0])

    proc = start_refresh(
        "--db", str(db), "--input", str(write_inputs(big, 3000)), "--batch-size", "500"
    )
    seen, times, during = [], [], 0
    try:
        while proc.poll() is None:
            out, took = call("sql", STATE, "--db", str(db), "--json")
            times.append(took)
            seen.append(json.loads(out))
            _, took = call("floor", "--role", "cloud-engineer", "--db", str(db), "--json")
            times.append(took)
            out, took = call("export", "--db", str(db), "--out", str(tmp_path / "f.csv"))
            times.append(took)
            assert out.startswith("wrote ")
            during += proc.poll() is None
            time.sleep(0.1)  # leave the refresh some of this machine's two cores
    finally:
        kill_refresh(proc)
        err = proc.stderr.read()
        proc.wait(timeout=60)
    assert proc.returncode == 0, err
    after = json.loads(call("sql", STATE, "--db", str(db), "--json")[0])
    assert after != before and after["refresh"] == before["refresh"] + 1
    assert after["status"] == before["status"] == "finished"
    # Every answer came from a finished refresh: the previous one, then (once the copy was
    # renamed into place, a moment before the process ended) the new one; never a mixture.
    assert during >= 3, f"the refresh ended before readers got going: {err}"
    assert all(s in (before, after) for s in seen), seen
    flips = [i for i in range(1, len(seen)) if seen[i] != seen[i - 1]]
    assert len(flips) <= 1 and seen[0] == before
    print(
        f"{len(times)} calls while refreshing: max {max(times):.2f} s, "
        f"median {sorted(times)[len(times) // 2]:.2f} s"
    )
    assert max(times) < SLOW, times
