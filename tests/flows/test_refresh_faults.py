"""A refresh survives transient failures (retries) and can be re-run after an interrupted one."""

import gc

import pytest

import credfloor.flows.refresh as refresh_mod
from credfloor.flows.refresh import refresh
from credfloor.warehouse.store import Warehouse, WarehouseError


def _rows(db):
    with Warehouse.open(db, read_only=True) as wh:
        counts = wh.counts()
        signals = wh.con.execute(
            "SELECT role_id, credential_id, postings_with FROM role_credential_recall ORDER BY ALL"
        ).fetchall()
    return counts["postings"], counts["mentions"], signals


@pytest.fixture
def no_retry_delay(monkeypatch):
    fast = refresh_mod.process_batch.with_options(retry_delay_seconds=0)
    monkeypatch.setattr(refresh_mod, "process_batch", fast)


@pytest.fixture
def clean(tmp_path_factory):
    db = tmp_path_factory.mktemp("clean") / "clean.duckdb"
    refresh(db=db, batch_size=20)
    return _rows(db)


def test_transient_failure_is_retried(tmp_path, monkeypatch, no_retry_delay, clean):
    real = Warehouse.write_batch
    calls = {"n": 0}

    def flaky(self, *args, **kw):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk hiccup")
        return real(self, *args, **kw)

    monkeypatch.setattr(Warehouse, "write_batch", flaky)
    db = tmp_path / "flaky.duckdb"
    summary = refresh(db=db, batch_size=20)
    assert calls["n"] == 5  # four batches, one of them twice
    assert summary["loaded"] == 72
    assert _rows(db) == clean


class Crash(BaseException):
    """Stands for the process dying mid-run: not an Exception, so no task retries it."""


def _interrupt_refresh(db, monkeypatch):
    real = Warehouse.write_batch
    calls = {"n": 0}

    def dies(self, *args, **kw):
        calls["n"] += 1
        if calls["n"] >= 2:
            raise Crash
        return real(self, *args, **kw)

    monkeypatch.setattr(Warehouse, "write_batch", dies)
    with pytest.raises(Crash) as crashed:
        refresh(db=db, batch_size=20)
    # The traceback holds the dead run's DuckDB objects; drop it so they close now, not at exit.
    crashed.value.__traceback__ = None
    del crashed
    gc.collect()
    monkeypatch.setattr(Warehouse, "write_batch", real)


def test_interrupted_first_refresh_leaves_no_database_then_rerun_gives_clean_rows(
    tmp_path, monkeypatch, clean
):
    db = tmp_path / "interrupted.duckdb"
    _interrupt_refresh(db, monkeypatch)
    # The first batch landed in the refresh's copy only, and the copy is gone.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["interrupted.duckdb.lock"]
    with pytest.raises(WarehouseError, match="no database here yet"):
        Warehouse.open(db, read_only=True)
    refresh(db=db, batch_size=20)
    assert _rows(db) == clean


def test_interrupted_refresh_leaves_the_last_finished_one(tmp_path, monkeypatch, clean):
    db = tmp_path / "interrupted.duckdb"
    refresh(db=db, batch_size=20)
    _interrupt_refresh(db, monkeypatch)
    assert _rows(db) == clean
    with Warehouse.open(db, read_only=True) as wh:
        assert wh.con.execute("SELECT refresh_id, status FROM refreshes").fetchall() == [
            (1, "finished")
        ]
    assert not (tmp_path / "interrupted.duckdb.next").exists()
    refresh(db=db, batch_size=20)
    assert _rows(db) == clean


def test_worker_process_extraction_gives_the_same_rows(tmp_path, monkeypatch, clean):
    """Big inputs are extracted in worker processes: same rows as in process."""
    monkeypatch.setattr(refresh_mod, "POOL_AFTER_POSTINGS", 20)
    monkeypatch.setattr(refresh_mod, "WORKERS", 2)
    db = tmp_path / "pool.duckdb"
    summary = refresh(db=db, batch_size=20)
    assert summary["loaded"] == 72 and summary["new"] == 72
    assert _rows(db) == clean


def test_a_big_input_is_extracted_by_workers_started_before_the_flow(tmp_path, monkeypatch, clean):
    """Past POOL_FROM_BYTES the workers start with the refresh and take every batch, the
    first included: same rows as in process, and this process extracts nothing."""
    monkeypatch.setattr(refresh_mod, "POOL_FROM_BYTES", 1)
    monkeypatch.setattr(refresh_mod, "WORKERS", 2)
    in_process = []
    monkeypatch.setattr(refresh_mod, "to_rows", lambda *a: in_process.append(a) or ())
    started = []
    real_pool = refresh_mod._started_pool
    monkeypatch.setattr(refresh_mod, "_started_pool", lambda n: started.append(n) or real_pool(n))
    db = tmp_path / "early.duckdb"
    summary = refresh(db=db, batch_size=20)
    assert started == [2] and in_process == []
    assert summary["loaded"] == 72 and summary["new"] == 72
    assert _rows(db) == clean
    assert refresh_mod._pool is None  # not left for a later refresh


def test_a_small_input_starts_no_pool(tmp_path, monkeypatch, clean):
    monkeypatch.setattr(refresh_mod, "WORKERS", 2)
    monkeypatch.setattr(refresh_mod, "_started_pool", lambda n: pytest.fail("pool started"))
    refresh(db=tmp_path / "small.duckdb", batch_size=20)
    assert _rows(tmp_path / "small.duckdb") == clean


def test_input_bytes_counts_files_and_folders(tmp_path):
    from credfloor.flows.settings import input_bytes

    (tmp_path / "a.jsonl").write_bytes(b"x" * 10)
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "b.csv").write_bytes(b"y" * 5)
    assert input_bytes([tmp_path / "a.jsonl", tmp_path / "d"]) == 15
