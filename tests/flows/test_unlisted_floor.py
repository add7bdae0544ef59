"""Issue 17: a credential the catalog lacks still reaches a role's floor, marked "not in
catalog", and `catalog suggest` lists it. Ten postings written for this test; the made-up
"Quorvane Process Modeler" certification is required in seven of them."""

from __future__ import annotations

import json

import duckdb
from typer.testing import CliRunner

from credfloor.flows.cli import app
from credfloor.flows.refresh import refresh

runner = CliRunner()

COMPANIES = [
    "Harbor Lane Insurance",
    "Bright Mill Foods",
    "Copperfield Logistics",
    "Northgate Clinics",
    "Tallow & Reed Retail",
    "Sable Creek Energy",
    "Marlowe Civic Bank",
    "Orchid Point Telecom",
    "Westbury Freight",
    "Juniper Ridge Schools",
]
DUTIES = [
    "map the claims intake process and write user stories for the adjusters' new portal",
    "run workshops with bakery plant managers to document recipe change approvals",
    "model warehouse slotting rules and the exceptions raised by the scanners",
    "gather requirements for a patient scheduling tool used by forty front desks",
    "analyse returns data and propose changes to the refund approval steps",
    "document the meter-reading workflow before the move to smart meters",
    "define acceptance criteria for the mortgage pre-approval web form",
    "write the fibre installation order journey from quote to activation",
    "trace invoice disputes from customs holds back to the booking system",
    "collect needs from teachers for a homework submission platform",
]


def posting(i: int, required: bool) -> dict:
    ask = (
        "The Quorvane Process Modeler certification is required for this role."
        if required
        else "A certification in a modelling method would be welcome."
    )
    return {
        "id": f"unlisted-{i}",
        "title": "Business Analyst",
        "company": COMPANIES[i],
        "location": "Leeds, UK",
        "posted": "2026-11-0" + str(1 + i % 9),
        "description": (
            f"{COMPANIES[i]} is hiring a Business Analyst to {DUTIES[i]}. "
            f"You will work with team number {i * 37 + 11} and report to the head of change.\n\n"
            f"Requirements\n- {ask}\n- Three years of analysis work."
        ),
    }


def test_unlisted_credential_required_in_7_of_10_shows_in_the_floor(tmp_path):
    src = tmp_path / "postings.jsonl"
    src.write_text(
        "".join(json.dumps(posting(i, i < 7)) + "\n" for i in range(10)), encoding="utf-8"
    )
    db = tmp_path / "w.duckdb"
    refresh([src], db=db)

    result = runner.invoke(app, ["floor", "--role", "business-analyst", "--db", str(db)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "10 adverts" in lines[0]
    (row,) = [line for line in lines if line.startswith("floor") and "quorvane" in line]
    assert "Quorvane Process Modeler certification" in row and "(quorvane process modeler)" in row
    assert "7/10 (70%)" in row and "not in catalog" in row and "7/7" in row

    # The region drill-down (all ten adverts are in Leeds) shows the same row.
    result = runner.invoke(
        app, ["floor", "--role", "business-analyst", "--region", "gb-lds", "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "in market GB, region GB-LDS: 10 adverts" in lines[0]
    (row,) = [line for line in lines if line.startswith("floor") and "quorvane" in line]
    assert "(quorvane process modeler)" in row
    assert "7/10 (70%)" in row and "not in catalog" in row

    result = runner.invoke(app, ["catalog", "suggest", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    first = json.loads(result.output.splitlines()[0])
    assert first["candidate_key"] == "quorvane process modeler" and first["postings"] == 7
    assert "Quorvane Process Modeler certification is required" in first["example"]

    # The catalog's own views do not count the unlisted mentions under a NULL credential.
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute(
            "SELECT count(*) FROM role_credential_counts WHERE credential_id IS NULL"
        ).fetchone() == (0,)
        assert con.execute(
            "SELECT count(*) FROM mentions WHERE credential_id IS NULL AND candidate_key = ?",
            ["quorvane process modeler"],
        ).fetchone() == (7,)
    finally:
        con.close()


def test_old_warehouse_is_migrated_in_place(tmp_path):
    """A mentions table made before issue 17 (credential_id NOT NULL, no candidate_key)."""
    from credfloor.warehouse.store import Warehouse

    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute(
        """CREATE TABLE mentions (posting_id VARCHAR NOT NULL, credential_id VARCHAR NOT NULL,
           type VARCHAR NOT NULL, strength VARCHAR NOT NULL, surface VARCHAR NOT NULL,
           start_char INTEGER NOT NULL, end_char INTEGER NOT NULL, method VARCHAR NOT NULL,
           score DOUBLE NOT NULL, section VARCHAR)"""
    )
    con.execute(
        "INSERT INTO mentions VALUES ('p', 'isc2-cissp', 'certification', 'required', "
        "'CISSP', 0, 5, 'name', 1.0, NULL)"
    )
    con.close()
    with Warehouse.open(db) as wh:
        wh.con.execute(
            "INSERT INTO mentions VALUES ('q', NULL, 'certification', 'required', 'X cert', 0, "
            "6, 'unlisted', 1.0, NULL, 'x')"
        )
        rows = wh.con.execute(
            "SELECT posting_id, credential_id, candidate_key FROM mentions ORDER BY 1"
        ).fetchall()
    assert rows == [("p", "isc2-cissp", None), ("q", None, "x")]


def test_extract_output_keeps_unlisted_credentials(tmp_path, extractor):
    from credfloor.flows.extraction import extract_file

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(posting(0, True)) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    extract_file(src, out, extractor)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    (rec,) = [r for r in records if r["credential_id"] is None]
    assert rec["candidate_key"] == "quorvane process modeler"
    assert (rec["type"], rec["strength"], rec["method"]) == (
        "certification",
        "required",
        "unlisted",
    )
    assert rec["posting_id"] == "unlisted-0"
