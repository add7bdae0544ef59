import csv

import duckdb
import pytest
from typer.testing import CliRunner

from credfloor.flows.cli import app
from credfloor.warehouse.export import neutralize
from tests.conftest import write_jsonl

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("CompTIA Security+", "CompTIA Security+"),
        ("", ""),
        (0.6, 0.6),
        (None, None),
    ],
)
def test_neutralize(value, expected):
    assert neutralize(value) == expected


def test_csv_cells_are_neutralised_against_formulas(tmp_path):
    inputs = write_jsonl(
        tmp_path / "p.jsonl",
        [
            '{"id": "1", "title": "Nurse", "description": "Registered Nurse license required."}',
            '{"id": "2", "title": "Nurse", "description": "RN license required. BLS required."}',
        ],
    )
    db = tmp_path / "x.duckdb"
    assert (
        run("refresh", "-i", inputs, "--role", "=HYPERLINK(1)", "--db", db, "--json").exit_code == 0
    )
    out = tmp_path / "all.csv"
    result = run("export", "--out", out, "--all-tiers", "--db", db)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and {r["role_name"] for r in rows} == {"'=HYPERLINK(1)"}
    # two adverts only: nothing can be on the floor, whatever the recall (a hint, as `floor` says)
    rn = next(r for r in rows if r["credential_id"] == "nursing-rn-license")
    assert (rn["tier"], rn["postings_with"], rn["clusters_total"], rn["recall"]) == (
        "hint",
        "2",
        "2",
        "1.0",
    )


def test_export_parquet_matches_csv(sample_db, tmp_path):
    db, _ = sample_db
    pq, as_csv = tmp_path / "floors.parquet", tmp_path / "floors.csv"
    assert run("export", "--out", pq, "--db", db).exit_code == 0
    assert run("export", "--out", as_csv, "--db", db).exit_code == 0
    assert pq.read_bytes()[:4] == b"PAR1"
    con = duckdb.connect()
    from_pq = con.execute(f"SELECT role_id, credential_id, recall FROM '{pq}'").fetchall()
    from_csv = [
        (r["role_id"], r["credential_id"], float(r["recall"]))
        for r in csv.DictReader(as_csv.open(encoding="utf-8"))
    ]
    assert from_pq == from_csv and len(from_pq) > 6


def test_export_all_tiers(sample_db, tmp_path):
    db, _ = sample_db
    out = tmp_path / "all.parquet"
    result = run("export", "--out", out, "--all-tiers", "--role", "registered-nurse", "--db", db)
    assert result.exit_code == 0, result.output
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT role_id, credential_id, tier, recall, clusters_total FROM '{out}'"
    ).fetchall()
    assert {r[0] for r in rows} == {"registered-nurse"}
    tiers = {r[2] for r in rows}
    assert "floor" in tiers and "other" in tiers
    for _, _, tier, recall, clusters in rows:
        assert (tier == "floor") == (recall >= 0.6 and clusters >= 10)
    floor = con.execute(
        f"SELECT credential_id FROM '{out}' WHERE tier = 'floor' ORDER BY 1"
    ).fetchall()
    floor_csv = tmp_path / "floor.csv"
    run("export", "--out", floor_csv, "--role", "registered-nurse", "--db", db)
    assert sorted((r["credential_id"],) for r in csv.DictReader(floor_csv.open())) == floor
    spec = con.execute(f"SELECT count(*) FROM '{out}' WHERE tier = 'specialization'").fetchone()
    assert spec[0] <= 1  # one specialization pick per role at most


def test_export_refuses_other_suffixes(sample_db, tmp_path):
    db, _ = sample_db
    result = run("export", "--out", tmp_path / "floors.xlsx", "--db", db)
    assert result.exit_code == 1
    assert ".csv or .parquet" in result.output and "Traceback" not in result.output


def test_export_to_a_missing_folder_is_one_line(sample_db, tmp_path):
    db, _ = sample_db
    for name in ("floors.parquet", "floors.csv"):
        result = run("export", "--out", tmp_path / "no-such-dir" / name, "--db", db)
        assert result.exit_code == 1, name
        assert result.output.startswith("error:") and "Traceback" not in result.output
