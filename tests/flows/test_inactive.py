"""Postings that disappear from a job board are marked inactive, not deleted (issue 5)."""

import credfloor.flows.refresh as refresh_mod
from credfloor.extract.records import Posting, SourceError
from credfloor.warehouse.store import Warehouse


def _posting(n: int, source: str = "greenhouse:acme") -> Posting:
    return Posting(
        source=source,
        external_id=str(n),
        title="Cloud Engineer",
        text=f"Posting {n}. Requirements: AWS Certified Solutions Architect - Associate required.",
        input_ref=f"{source}/{n}",
    )


def _run(monkeypatch, db, items):
    monkeypatch.setattr(refresh_mod, "read_inputs", lambda *a, **kw: iter(items))
    return refresh_mod.refresh_flow(inputs=[], db=str(db))


def _state(db):
    with Warehouse.open(db, read_only=True) as wh:
        rows = dict(
            wh.con.execute(
                "SELECT external_id, inactive_since IS NOT NULL FROM postings"
            ).fetchall()
        )
        active = wh.con.execute("SELECT count(*) FROM active_postings").fetchone()[0]
    return rows, active


def test_missing_from_a_board_becomes_inactive_and_comes_back(tmp_path, monkeypatch):
    db = tmp_path / "boards.duckdb"
    first = _run(monkeypatch, db, [_posting(1), _posting(2), _posting(3)])
    assert first["inactive"] == 0
    second = _run(monkeypatch, db, [_posting(1), _posting(2)])
    assert second["inactive"] == 1
    rows, active = _state(db)
    assert rows == {"1": False, "2": False, "3": True} and active == 2
    third = _run(monkeypatch, db, [_posting(1), _posting(2), _posting(3)])
    assert third["inactive"] == 0
    assert _state(db) == ({"1": False, "2": False, "3": False}, 3)


def test_failed_board_and_files_never_mark_inactive(tmp_path, monkeypatch):
    db = tmp_path / "failed.duckdb"
    _run(monkeypatch, db, [_posting(1), _posting(2), _posting(7, source="file:a.jsonl")])
    # The board fails half-way: what it did not list cannot be called taken down.
    failed = _run(monkeypatch, db, [_posting(1), SourceError("greenhouse:acme", "HTTP 503")])
    assert failed["inactive"] == 0
    # A file without posting 7 says nothing about 7 either.
    later = _run(monkeypatch, db, [_posting(1), _posting(2)])
    assert later["inactive"] == 0
    rows, _ = _state(db)
    assert not any(rows.values())
