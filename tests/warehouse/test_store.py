import math

import pytest

from credfloor.warehouse.queries import UnknownRole, export_floor, floor
from credfloor.warehouse.store import (
    PostingRow,
    ReadOnlyViolation,
    Warehouse,
    WarehouseBusy,
    WarehouseError,
)
from tests.conftest import HOLD_PLAIN, holding_warehouse


def _row(i: int, role: str = "data-analyst", cluster: str | None = None) -> PostingRow:
    return PostingRow(
        posting_id=f"p{i}",
        source="test",
        external_id=str(i),
        url=None,
        title="Data Analyst",
        company="Acme",
        location=None,
        posted_at=None,
        valid_through=None,
        fetched_at=None,
        content_hash=f"h{i}",
        text=f"text {i}",
        lang="en",
        role_id=role,
        seniority="mid",
        cluster_id=cluster or f"h{i}",
        input_ref=f"test:{i}",
    )


def _mention(i: int, cred: str, strength: str = "required") -> tuple:
    return (f"p{i}", cred, "certification", strength, cred.upper(), 0, 3, "alias", 1.0, None)


@pytest.fixture
def wh(tmp_path):
    with Warehouse.open(tmp_path / "w.duckdb") as w:
        w.con.execute(
            "INSERT INTO credentials VALUES "
            "('cert-a', 'Cert A', 'Issuer', 'eco', 'certification', NULL, false, 'active', NULL),"
            "('cert-b', 'Cert B', 'Issuer', 'eco', 'certification', NULL, false, 'active', NULL)"
        )
        w.upsert_roles([("data-analyst", "Data Analyst", None)])
        yield w


def _wilson(k: int, n: int) -> tuple[float, float]:
    z = 1.96
    p = k / n
    center = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return center - half, center + half


def test_recall_and_wilson_on_hand_computed_example(wh):
    # 10 postings; cert-a in 6 (the "6 of 10" rule), cert-b in 3; one repost of p0 must not vote twice.
    rows = [_row(i) for i in range(10)] + [_row(10, cluster="h0")]
    mentions = [_mention(i, "cert-a") for i in range(6)] + [
        _mention(i, "cert-b", "preferred") for i in range(3)
    ]
    mentions.append(_mention(10, "cert-a"))
    wh.write_batch(1, rows, mentions)
    got = {
        r[0]: r[1:]
        for r in wh.con.execute(
            "SELECT credential_id, postings_with, clusters_total, recall, ci_low, ci_high, "
            "postings_required, postings_total FROM role_credential_recall"
        ).fetchall()
    }
    assert got["cert-a"][:3] == (6, 10, 0.6)
    assert got["cert-a"][6] == 11  # rows, the repost included; clusters_total counts adverts
    # 6/10: the design notes' [0.31, 0.83]
    assert got["cert-a"][3] == pytest.approx(0.3127, abs=1e-4)
    assert got["cert-a"][4] == pytest.approx(0.8318, abs=1e-4)
    assert (got["cert-a"][3], got["cert-a"][4]) == pytest.approx(_wilson(6, 10))
    assert got["cert-b"][:3] == (3, 10, 0.3)
    assert got["cert-b"][5] == 0  # preferred, not required
    floors = wh.con.execute("SELECT credential_id, borderline FROM floor_signals").fetchall()
    assert floors == [("cert-a", True)]


def test_floor_needs_ten_postings(wh):
    wh.write_batch(1, [_row(i) for i in range(9)], [_mention(i, "cert-a") for i in range(9)])
    assert wh.con.execute("SELECT count(*) FROM floor_signals").fetchone()[0] == 0
    wh.write_batch(2, [_row(9)], [_mention(9, "cert-a")])
    assert wh.con.execute("SELECT recall, borderline FROM floor_signals").fetchone() == (1.0, False)


def test_upsert_is_idempotent_and_replaces_mentions(wh):
    first = wh.write_batch(1, [_row(1), _row(2)], [_mention(1, "cert-a"), _mention(2, "cert-a")])
    again = wh.write_batch(2, [_row(1), _row(2)], [_mention(1, "cert-a"), _mention(2, "cert-a")])
    assert first == {"new": 2, "updated": 0, "unchanged": 0}
    assert again == {"new": 0, "updated": 0, "unchanged": 2}
    assert wh.counts()["postings"] == 2
    assert wh.counts()["mentions"] == 2
    changed = PostingRow(**{**_row(1).__dict__, "content_hash": "new", "text": "new text"})
    assert wh.write_batch(3, [changed], [])["updated"] == 1
    assert wh.counts()["mentions"] == 1


def test_read_only_connection_refuses_writes(tmp_path):
    path = tmp_path / "w.duckdb"
    Warehouse.open(path).close()
    with Warehouse.open(path, read_only=True) as ro:
        assert ro.query("SELECT count(*) FROM postings")[1] == [(0,)]
        with pytest.raises(ReadOnlyViolation, match="read-only"):
            ro.query("DELETE FROM postings")
        with pytest.raises(ReadOnlyViolation):
            ro.query("CREATE TABLE x (a INT)")
        with pytest.raises(WarehouseError, match="query failed"):
            ro.query("SELECT * FROM no_such_table")
        outside = tmp_path / "copied.csv"
        for stmt in (
            f"COPY postings TO '{outside}'",
            f"EXPORT DATABASE '{tmp_path / 'exported'}'",
            f"ATTACH '{tmp_path / 'other.duckdb'}' AS other",
            "SELECT 1; DELETE FROM postings",
        ):
            with pytest.raises(ReadOnlyViolation, match="read-only"):
                ro.query(stmt)
        assert not outside.exists() and not (tmp_path / "other.duckdb").exists()
        assert ro.query("DESCRIBE postings")[1]
        assert ro.query("WITH a AS (SELECT 1 AS x) SELECT x FROM a")[1] == [(1,)]


def test_missing_database_for_reading_is_a_clear_error(tmp_path):
    with pytest.raises(WarehouseError, match="no database here yet"):
        Warehouse.open(tmp_path / "nope.duckdb", read_only=True)


def test_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(WarehouseError):
        Warehouse.open(bad)


def test_second_writer_is_refused_at_once(tmp_path):
    path = tmp_path / "w.duckdb"
    Warehouse.open(path).close()
    with holding_warehouse(path, 30):
        with pytest.raises(WarehouseBusy, match=r"a refresh is in progress \(pid \d+.*refused"):
            Warehouse.open(path)


def test_reader_waits_a_bounded_time_then_says_a_refresh_is_running(tmp_path, monkeypatch):
    path = tmp_path / "r.duckdb"
    Warehouse.open(path).close()
    with holding_warehouse(path, 30):
        monkeypatch.setenv("CREDFLOOR_LOCK_WAIT", "0.3")
        with pytest.raises(
            WarehouseBusy, match=r"a refresh is in progress.*waited 0.3 s.*CREDFLOOR_LOCK_WAIT"
        ):
            Warehouse.open(path, read_only=True)


def test_reader_gets_in_once_the_writer_finishes(tmp_path):
    path = tmp_path / "later.duckdb"
    Warehouse.open(path).close()
    with holding_warehouse(path, 1.0) as holder:
        with Warehouse.open(path, read_only=True, wait=20) as wh:
            assert wh.counts()["postings"] == 0
        holder.wait()
    assert holder.returncode == 0  # it finished by itself, the reader waiting meanwhile
    assert (tmp_path / "later.duckdb.lock").read_text() == ""  # the writer took its note away


def test_a_dead_writers_note_is_ignored(tmp_path):
    import json as _json

    path = tmp_path / "dead.duckdb"
    Warehouse.open(path).close()
    (tmp_path / "dead.duckdb.lock").write_text(_json.dumps({"pid": 2**22 + 7, "purpose": "x"}))
    with Warehouse.open(path, read_only=True, wait=0) as wh:  # no lock held: opens at once
        assert wh.counts()["postings"] == 0
    with holding_warehouse(path, 30):  # overwrites the note with a live one
        with pytest.raises(WarehouseBusy, match="a refresh is in progress"):
            Warehouse.open(path, read_only=True, wait=0)


def test_other_lock_holders_are_named_by_pid(tmp_path):
    path = tmp_path / "o.duckdb"
    Warehouse.open(path).close()
    with holding_warehouse(path, 30, code=HOLD_PLAIN):
        with pytest.raises(WarehouseBusy, match=r"another process has it open \(pid \d+\)"):
            Warehouse.open(path)


def test_lock_wait_must_be_a_number(tmp_path, monkeypatch):
    monkeypatch.setenv("CREDFLOOR_LOCK_WAIT", "soon")
    path = tmp_path / "n.duckdb"
    Warehouse.open(path).close()
    with pytest.raises(WarehouseError, match="CREDFLOOR_LOCK_WAIT='soon'"):
        Warehouse.open(path, read_only=True)


def test_floor_and_export_by_role(wh, tmp_path):
    wh.write_batch(1, [_row(i) for i in range(10)], [_mention(i, "cert-a") for i in range(7)])
    cols, rows = floor(wh, "Data Analyst")
    assert rows[0][cols.index("credential_id")] == "cert-a"
    with pytest.raises(UnknownRole, match="known roles: data-analyst"):
        floor(wh, "astronaut")
    out = tmp_path / "f.csv"
    assert export_floor(wh, out, "data-analyst") == 1
    lines = out.read_text().splitlines()
    assert lines[0].startswith("role_id,market,credential_id,credential_name")
    assert lines[1].startswith("data-analyst,unknown,cert-a,Cert A,certification,7,10,0.7")


def test_ladder_kinds_are_exported_apart(tmp_path, catalog):
    """credential_requires holds every kind of the catalog's ladders, told apart by `kind`; the
    members of one any-of group share `any_of_group`."""
    from credfloor.normalize.catalog.loader import Credential

    made_up = Credential(
        "z-top", "Z Top", "Z", "certification",
        requires=("a-one",), requires_one_of=(("b-one", "b-two"), ("c-one",)),
        recommended=("d-one",),
    )  # fmt: skip
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
        wh.load_catalog([made_up])
        rows = wh.con.execute(
            "SELECT requires_id, kind, any_of_group FROM credential_requires ORDER BY ALL"
        ).fetchall()
        assert rows == [
            ("a-one", "prerequisite", None),
            ("b-one", "any_of", 1),
            ("b-two", "any_of", 1),
            ("c-one", "any_of", 2),
            ("d-one", "recommended", None),
        ]
        wh.load_catalog(catalog)
        kinds = dict(
            wh.con.execute(
                "SELECT kind, count(*) FROM credential_requires GROUP BY kind"
            ).fetchall()
        )
        devops = wh.con.execute(
            "SELECT requires_id, kind, any_of_group FROM credential_requires "
            "WHERE credential_id = 'microsoft-azure-devops-engineer-expert' ORDER BY ALL"
        ).fetchall()
        cks = wh.con.execute(
            "SELECT requires_id, kind FROM credential_requires WHERE credential_id = 'cncf-cks'"
        ).fetchall()
    creds = list(catalog)
    assert kinds == {
        "prerequisite": sum(len(c.requires) for c in creds),
        "any_of": sum(len(g) for c in creds for g in c.requires_one_of),
        "recommended": sum(len(c.recommended) for c in creds),
    }
    assert devops == [
        ("microsoft-azure-administrator-associate", "any_of", 1),
        ("microsoft-azure-developer-associate", "any_of", 1),
    ]
    assert cks == [("cncf-cka", "prerequisite")]


def test_a_warehouse_made_before_ladder_kinds_is_migrated_in_place(tmp_path):
    """Its rows (prerequisites only were exported then) read as prerequisites."""
    import duckdb

    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute(
        "CREATE TABLE credential_requires (credential_id VARCHAR NOT NULL, "
        "requires_id VARCHAR NOT NULL)"
    )
    con.execute("INSERT INTO credential_requires VALUES ('cncf-cks', 'cncf-cka')")
    con.close()
    with Warehouse.open(db) as wh:
        rows = wh.con.execute("SELECT * FROM credential_requires").fetchall()
    assert rows == [("cncf-cks", "cncf-cka", "prerequisite", None)]
