import json

import pytest
from typer.testing import CliRunner

from credfloor.flows.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_floor_table_csv_json(sample_db):
    db, _ = sample_db
    table = run("floor", "--role", "Registered Nurse", "--db", db)
    assert table.exit_code == 0, table.output
    assert "nursing-rn-license" in table.output
    as_csv = run("floor", "--role", "registered-nurse", "--db", db, "--csv")
    lines = as_csv.output.strip().splitlines()
    assert lines[0].startswith("role_id,market,credential_id")
    assert any(",nursing-rn-license," in line for line in lines)
    as_json = run("floor", "--role", "registered-nurse", "--db", db, "--json")
    rows = [json.loads(line) for line in as_json.output.strip().splitlines()]
    assert {r["credential_id"] for r in rows} >= {"nursing-rn-license"}
    assert all(r["recall"] >= 0.6 for r in rows)


def test_unknown_role_is_one_clear_line(sample_db):
    db, _ = sample_db
    result = run("floor", "--role", "astronaut", "--db", db)
    assert result.exit_code == 1
    assert "unknown role 'astronaut'" in result.output
    assert "Traceback" not in result.output


def test_sql_reads_and_refuses_writes(sample_db):
    db, _ = sample_db
    ok = run("sql", "SELECT count(*) AS n FROM postings", "--db", db, "--json")
    assert ok.exit_code == 0 and json.loads(ok.output.strip()) == {"n": 72}
    for stmt in (
        "DELETE FROM postings",
        "DROP TABLE postings",
        "INSERT INTO roles VALUES ('a','b',NULL)",
    ):
        bad = run("sql", stmt, "--db", db)
        assert bad.exit_code == 1, stmt
        assert "read-only" in bad.output
    again = run("sql", "SELECT count(*) AS n FROM postings", "--db", db, "--csv")
    assert again.output.strip().splitlines() == ["n", "72"]


def test_sql_reads_nothing_outside_the_warehouse(sample_db, tmp_path):
    db, _ = sample_db
    secret = tmp_path / "secret.csv"
    secret.write_text("a,b\n1,2\n")
    for stmt in (
        f"SELECT * FROM read_csv('{secret}')",
        f"SELECT * FROM '{secret}'",
        f"SELECT * FROM read_text('{secret}')",
        f"SELECT * FROM glob('{tmp_path}/*')",
        "SELECT * FROM read_parquet('https://example.org/x.parquet')",
    ):
        bad = run("sql", stmt, "--db", db)
        assert bad.exit_code == 1, stmt
        assert "reads only the warehouse" in bad.output, (stmt, bad.output)
        assert "1,2" not in bad.output
    for stmt in ("SET enable_external_access = true", "RESET lock_configuration"):
        bad = run("sql", stmt, "--db", db)
        assert bad.exit_code == 1 and "error:" in bad.output, stmt
    still = run("sql", "SELECT count(*) AS n FROM floor_signals", "--db", db, "--csv")
    assert still.exit_code == 0, still.output


def test_export_writes_csv(sample_db, tmp_path):
    db, _ = sample_db
    out = tmp_path / "floors.csv"
    result = run("export", "--out", out, "--db", db)
    assert result.exit_code == 0, result.output
    lines = out.read_text().splitlines()
    assert lines[0].split(",")[:4] == ["role_id", "market", "credential_id", "credential_name"]
    assert len(lines) > 6
    one = tmp_path / "one.csv"
    run("export", "--out", one, "--role", "project-manager", "--db", db)
    assert all(line.startswith("project-manager,") for line in one.read_text().splitlines()[1:])


def test_user_errors_have_no_traceback(tmp_path):
    missing_db = run("sql", "SELECT 1", "--db", tmp_path / "none.duckdb")
    assert missing_db.exit_code == 1 and "no database here yet" in missing_db.output
    missing_input = run(
        "refresh", "--input", tmp_path / "nope.jsonl", "--db", tmp_path / "x.duckdb"
    )
    assert missing_input.exit_code == 1 and "no such file" in missing_input.output
    bad_col = run("refresh", "--column", "oops", "--db", tmp_path / "x.duckdb")
    assert bad_col.exit_code == 1 and "FIELD=HEADER" in bad_col.output
    for r in (missing_db, missing_input, bad_col):
        assert "Traceback" not in r.output


def test_refresh_json_last_line_adds_up(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        "Position,Body\nHelp Desk Technician,CompTIA A+ required.\nHelp Desk Technician,\n",
        encoding="utf-8",
    )
    result = run(
        "refresh",
        "--input",
        path,
        "--column",
        "title=Position",
        "--column",
        "text=Body",
        "--db",
        tmp_path / "c.duckdb",
        "--json",
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    for key in ("read", "loaded", "quarantined", "duplicates", "mentions", "roles", "floors"):
        assert key in summary
    assert summary["read"] == 2 and summary["loaded"] == 1 and summary["quarantined"] == 1
    assert summary["read"] == summary["loaded"] + summary["quarantined"] + summary["duplicates"]


# Every command and option documented: tests/test_docs.py (docs/cli.md).


@pytest.mark.parametrize("names", [["CompTIA Security+", "Sec+", "no such thing at all"]])
def test_catalog_resolve_prints_tab_lines(names):
    result = run("catalog", "resolve", *names)
    lines = result.output.strip("\n").split("\n")
    assert [line.split("\t")[0] for line in lines] == names
    assert lines[0].split("\t")[1] == "comptia-security-plus"
    assert lines[1].split("\t")[1] == "comptia-security-plus"
    assert lines[2].split("\t")[1] == ""


def test_catalog_validate_and_stats():
    assert "catalog OK" in run("catalog", "validate").output
    stats = json.loads(run("catalog", "stats", "--json").output)
    assert stats["credentials"] >= 60
    assert set(stats["by_type"]) == {"certification", "license", "degree", "clearance"}


def test_readers_answer_and_a_second_refresh_is_refused_while_a_refresh_writes(
    sample_db, tmp_path, monkeypatch
):
    from tests.conftest import HOLD_REFRESH, holding_warehouse

    db, _ = sample_db
    monkeypatch.setenv("CREDFLOOR_LOCK_WAIT", "0")
    before = runner.invoke(app, ["sql", "SELECT count(*) FROM roles", "--db", str(db)]).output
    with holding_warehouse(db, 60, code=HOLD_REFRESH):
        for args in (
            ["sql", "SELECT count(*) FROM roles", "--db", str(db)],
            ["floor", "--role", "cloud-engineer", "--db", str(db)],
            ["export", "--db", str(db), "--out", str(tmp_path / "x.csv")],
        ):
            result = runner.invoke(app, args)
            assert result.exit_code == 0, (args, result.output)
        assert result.output.startswith("wrote ")
        # The refresh's copy has no roles left; the warehouse readers open still has them.
        assert (
            before
            == runner.invoke(app, ["sql", "SELECT count(*) FROM roles", "--db", str(db)]).output
        )
        again = runner.invoke(app, ["refresh", "--db", str(db)])
        assert again.exit_code == 1
        assert "a refresh is in progress" in again.output and "refused" in again.output
        assert "Traceback" not in again.output
