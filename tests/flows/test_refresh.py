import json

from credfloor.flows.refresh import refresh
from credfloor.warehouse.store import Warehouse
from tests.conftest import write_jsonl


def _row_counts(db):
    with Warehouse.open(db, read_only=True) as wh:
        return {k: v for k, v in wh.counts().items() if k != "refreshes"}


def test_sample_refresh_finds_the_intended_floors(sample_db):
    db, summary = sample_db
    assert summary["read"] == 72 and summary["loaded"] == 72
    assert summary["read"] == summary["loaded"] + summary["quarantined"] + summary["duplicates"]
    assert summary["roles"] >= 5 and summary["floors"] >= 5
    with Warehouse.open(db, read_only=True) as wh:
        floors = set(wh.con.execute("SELECT role_id, credential_id FROM floor_signals").fetchall())
        (rows,) = wh.con.execute("SELECT count(*) FROM floor_signals").fetchone()
        assert summary["floors"] == rows  # counted in the snapshot, the live view agrees
        # Floors are per labour market (issue 18): the samples' 12 cloud engineers are 9 US
        # and 3 GB adverts, too few in either for a floor, so Solutions Architect is a hint.
        hints = set(
            wh.con.execute(
                "SELECT role_id, credential_id FROM role_credential_tiers WHERE tier = 'hint'"
            ).fetchall()
        )
        totals = dict(
            wh.con.execute("SELECT role_id, count(*) FROM postings GROUP BY role_id").fetchall()
        )
    assert all(n >= 10 for n in totals.values()) and len(totals) >= 5
    # The samples are written so that these are floors (extract/samples/README.md).
    for expected in [
        ("cybersecurity-analyst", "comptia-security-plus"),
        ("registered-nurse", "nursing-rn-license"),
        ("project-manager", "pmi-pmp"),
        ("it-support-specialist", "comptia-a-plus"),
        ("data-analyst", "degree-bachelor"),
    ]:
        assert expected in floors, expected
    assert ("cloud-engineer", "aws-solutions-architect-associate") in hints


def test_refresh_twice_is_idempotent(tmp_path):
    db = tmp_path / "twice.duckdb"
    first = refresh(db=db)
    counts_after_first = _row_counts(db)
    second = refresh(db=db)
    assert _row_counts(db) == counts_after_first
    assert first["new"] == 72 and second["new"] == 0 and second["unchanged"] == 72
    assert second["mentions"] == first["mentions"]
    with Warehouse.open(db, read_only=True) as wh:
        statuses = wh.con.execute("SELECT status FROM refreshes ORDER BY refresh_id").fetchall()
    assert statuses == [("finished",), ("finished",)]


def test_bad_input_is_quarantined_and_the_summary_adds_up(tmp_path):
    good = {"title": "Cloud Engineer", "description": "AWS SAA required. Bachelor's degree."}
    lines = [
        json.dumps({"id": "1", **good}),
        json.dumps({"id": "2", **good})[:30],  # truncated JSON
        "",  # blank: not a record
        json.dumps({"id": "3", "title": "Cloud Engineer", "description": ""}),
        json.dumps({"id": "4", "description": "no title here"}),
        json.dumps({"id": "1", **good}),  # same id, same text: duplicate
        json.dumps(
            {"id": "1", "title": "Cloud Engineer", "description": "Other text."}
        ),  # conflict
        json.dumps({"id": "5", "title": "Cloud Engineer", "description": "x" * 2_000_000}),
        bytes(range(128, 256)),
        json.dumps(["not", "an", "object"]),
        json.dumps(
            {
                "id": "6",
                "title": "Molnarkitekt",
                "description": "Vi söker en molnarkitekt med erfarenhet av drift och "
                "säkerhet, gärna med AWS-certifiering, som vill arbeta med oss i Stockholm.",
            }
        ),
    ]
    path = write_jsonl(tmp_path / "bad.jsonl", lines)
    db = tmp_path / "bad.duckdb"
    summary = refresh(inputs=[path], db=db, role="Cloud Engineer")
    assert summary["read"] == 10
    assert summary["loaded"] == 2
    assert summary["duplicates"] == 1
    assert summary["quarantined"] == 7
    assert summary["read"] == summary["loaded"] + summary["quarantined"] + summary["duplicates"]
    with Warehouse.open(db, read_only=True) as wh:
        reasons = [r[0] for r in wh.con.execute("SELECT reason FROM quarantine").fetchall()]
        refs = [r[0] for r in wh.con.execute("SELECT input_ref FROM quarantine").fetchall()]
        langs = dict(wh.con.execute("SELECT external_id, lang FROM postings").fetchall())
        roles = {r[0] for r in wh.con.execute("SELECT DISTINCT role_id FROM postings").fetchall()}
    assert len(reasons) == 7 and all(reasons)
    assert any("reused with different text" in r for r in reasons)
    assert any("too long" in r for r in reasons)
    assert any("UTF-8" in r for r in reasons)
    assert all(ref.startswith(str(path)) for ref in refs)
    assert langs["6"] == "other" and langs["1"] in ("en", "unknown")
    assert roles == {"cloud-engineer"}


def test_warm_up_runs_alone_when_a_prefect_api_is_configured():
    """With PREFECT_API_URL set no temporary server is started: the work just runs."""
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from credfloor.flows import refresh as refresh_mod

    before = dict(SubprocessASGIServer._instances)
    ran = []
    with temporary_settings(updates={PREFECT_API_URL: "http://127.0.0.1:9/api"}):
        refresh_mod._while_prefect_starts(lambda: ran.append("warm"))
    assert ran == ["warm"] and SubprocessASGIServer._instances == before


def test_an_error_while_warming_up_is_raised_after_the_server_start_ends():
    import threading

    import pytest

    from credfloor.flows import refresh as refresh_mod

    def broken() -> None:
        raise ValueError("catalog entry x: bad issuer")

    with pytest.raises(ValueError, match="bad issuer"):
        refresh_mod._while_prefect_starts(broken)
    assert not any(t.name == "prefect-api-start" for t in threading.enumerate())
