"""A refresh writes a copy and renames it over the warehouse (warehouse/swap.py): readers keep
what they opened, new readers see the finished copy, and a crash at any step of the swap leaves
a warehouse that opens, with the last finished content."""

from __future__ import annotations

import subprocess
import sys

import pytest

import credfloor.warehouse.swap as swap
from credfloor.warehouse.store import Warehouse, WarehouseBusy
from credfloor.warehouse.swap import Staging, refreshing, staging_path, wal_path
from tests.conftest import HOLD_PLAIN, HOLD_REFRESH, holding_warehouse

# Readers are other processes: in one process DuckDB hands a second connect() to the same path
# the database it already has open (the old file).
COUNT = (
    "import sys, duckdb; c = duckdb.connect(sys.argv[1], read_only=True); "
    "print(c.execute('SELECT count(*) FROM roles').fetchone()[0])"
)


def roles_in(db) -> int:
    out = subprocess.run(
        [sys.executable, "-c", COUNT, str(db)], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    return int(out.stdout)


def add_roles(db, n: int, start: int = 0) -> None:
    with refreshing(db) as wh:
        wh.upsert_roles([(f"role-{i}", f"Role {i}", None) for i in range(start, start + n)])


class Crash(BaseException):
    """The process dying at this point (a BaseException, as SIGKILL gives no chance to clean)."""


def test_first_refresh_makes_the_warehouse_and_leaves_nothing_beside_it(tmp_path):
    db = tmp_path / "w.duckdb"
    add_roles(db, 3)
    assert roles_in(db) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.duckdb", "w.duckdb.lock"]


def test_an_open_reader_keeps_its_answers_and_new_readers_see_the_new_file(tmp_path):
    db = tmp_path / "w.duckdb"
    add_roles(db, 3)
    with Warehouse.open(db, read_only=True) as old:
        add_roles(db, 4, start=3)
        assert old.counts()["roles"] == 3  # the file it opened, renamed away but still there
        assert roles_in(db) == 7
        assert old.con.execute("SELECT count(*) FROM roles").fetchone()[0] == 3


def test_a_failed_refresh_leaves_the_warehouse_as_it_was(tmp_path):
    db = tmp_path / "w.duckdb"
    add_roles(db, 3)
    with pytest.raises(RuntimeError, match="boom"):
        with refreshing(db) as wh:
            wh.upsert_roles([("half", "Half written", None)])
            raise RuntimeError("boom")
    assert roles_in(db) == 3
    assert not staging_path(db).exists() and not wal_path(staging_path(db)).exists()


@pytest.mark.parametrize("step", ["copy", "fsync", "replace", "fsync_dir"])
def test_a_crash_at_any_step_of_the_swap_leaves_a_finished_warehouse(tmp_path, monkeypatch, step):
    db = tmp_path / "w.duckdb"
    add_roles(db, 3)

    def die(*args, **kw):
        raise Crash

    if step == "copy":
        monkeypatch.setattr(swap, "_copy", die)
    elif step == "fsync":
        monkeypatch.setattr(swap.os, "fsync", die)
    elif step == "replace":  # the old file's stale log (if any) gone, the rename not done
        monkeypatch.setattr(swap.os, "replace", die)
    else:  # renamed: the new refresh is the warehouse, its folder not yet synced
        monkeypatch.setattr(swap, "_fsync_dir", die)
    # A crash skips the clean-up of the copy: the next refresh finds it.
    monkeypatch.setattr(Staging, "discard", lambda self: None, raising=True)
    with pytest.raises(Crash):
        add_roles(db, 4, start=3)
    monkeypatch.undo()
    # Readers find the last finished warehouse: the old one, or the new one once renamed.
    assert roles_in(db) == (7 if step == "fsync_dir" else 3)
    if step in ("fsync", "replace"):
        assert staging_path(db).exists()  # the dead refresh's copy, never opened by readers
    add_roles(db, 1, start=100)
    assert roles_in(db) == (8 if step == "fsync_dir" else 4)
    assert not staging_path(db).exists()


def test_a_killed_refreshs_copy_is_replaced_not_reused(tmp_path):
    db = tmp_path / "w.duckdb"
    add_roles(db, 3)
    staging_path(db).write_bytes(b"half a database" * 1000)
    wal_path(staging_path(db)).write_bytes(b"and its log")
    assert roles_in(db) == 3  # readers never look at it
    add_roles(db, 1, start=3)
    assert roles_in(db) == 4
    assert not staging_path(db).exists() and not wal_path(staging_path(db)).exists()


DIE_WITH_A_LOG = (
    "import os, sys, duckdb; c = duckdb.connect(sys.argv[1]); "
    "c.execute('PRAGMA disable_checkpoint_on_shutdown'); "
    "c.execute(\"INSERT INTO roles VALUES ('from-the-log', 'Logged', NULL)\"); os._exit(0)"
)


def test_a_dead_writers_log_is_folded_into_the_refresh_and_not_left_beside_it(tmp_path):
    db = tmp_path / "w.duckdb"
    add_roles(db, 3)
    subprocess.run([sys.executable, "-c", DIE_WITH_A_LOG, str(db)], check=True, timeout=60)
    assert wal_path(db).exists()
    assert roles_in(db) == 4  # DuckDB reads the log with the file
    add_roles(db, 1, start=3)
    assert not wal_path(db).exists()  # paired with the new file, DuckDB would refuse to open it
    assert roles_in(db) == 5


def test_a_second_refresh_is_refused_with_one_line(tmp_path):
    db = tmp_path / "w.duckdb"
    add_roles(db, 3)
    with holding_warehouse(db, 60, code=HOLD_REFRESH):
        with pytest.raises(WarehouseBusy, match=r"a refresh is in progress \(pid \d+.*refused"):
            add_roles(db, 1)
        with pytest.raises(WarehouseBusy, match="a refresh is in progress"):
            Warehouse.open(db)  # nor may anyone write the file in place meanwhile
        assert roles_in(db) == 3


def test_a_refresh_is_refused_while_another_program_writes_the_file(tmp_path):
    db = tmp_path / "w.duckdb"
    add_roles(db, 3)
    with holding_warehouse(db, 60, code=HOLD_PLAIN):
        with pytest.raises(WarehouseBusy, match="another process has it open for writing"):
            add_roles(db, 1)
    assert not staging_path(db).exists()


def test_another_program_cannot_write_the_file_while_a_refresh_runs(tmp_path):
    """Its changes would be lost when the refresh's copy replaces the file."""
    db = tmp_path / "w.duckdb"
    add_roles(db, 3)
    with holding_warehouse(db, 60, code=HOLD_REFRESH):
        out = subprocess.run(
            [sys.executable, "-c", "import duckdb, sys; duckdb.connect(sys.argv[1])", str(db)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert out.returncode != 0 and "lock" in out.stderr.lower()


def test_sql_reads_a_database_loaded_by_hand(tmp_path):
    import duckdb
    from typer.testing import CliRunner

    from credfloor.flows.cli import app

    db = tmp_path / "by-hand.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE t AS SELECT range AS i FROM range(5)")
    con.close()
    result = CliRunner().invoke(app, ["sql", "SELECT sum(i) AS s FROM t", "--db", str(db), "--csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["s", "10"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["by-hand.duckdb"]  # readers lock nothing
