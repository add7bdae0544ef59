"""`credfloor roles ...`, titles accepted by `floor --role`, and repost clusters in a refresh."""

import json

from typer.testing import CliRunner

from credfloor.flows.cli import app
from credfloor.warehouse.store import Warehouse

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_roles_resolve_prints_tab_lines():
    titles = ["Sr. Cloud Engineer II (AWS) - Remote", "Various Positions"]
    result = run("roles", "resolve", *titles)
    assert result.exit_code == 0, result.output
    lines = [line.split("\t") for line in result.output.strip("\n").split("\n")]
    assert lines[0] == [titles[0], "cloud-engineer", "Cloud Engineer", "senior", "100"]
    assert lines[1][:3] == [titles[1], "", ""] and lines[1][4] == "0"


def test_roles_list_counts_postings(sample_db):
    db, _ = sample_db
    result = run("roles", "list", "--db", db, "--json")
    assert result.exit_code == 0, result.output
    rows = {r["role_id"]: r for r in map(json.loads, result.output.strip().splitlines())}
    assert len(rows) >= 40
    assert rows["registered-nurse"]["postings"] >= 10
    assert rows["registered-nurse"]["soc_code"] == "29-1141.00"
    missing = run("roles", "list", "--db", db.parent / "none.duckdb")
    assert missing.exit_code == 1 and "no database here yet" in missing.output


def test_floor_accepts_a_title(sample_db):
    db, _ = sample_db
    by_id = run("floor", "--role", "registered-nurse", "--db", db, "--csv")
    by_title = run("floor", "--role", "Sr. Staff Nurse - Nights", "--db", db, "--csv")
    assert by_title.exit_code == 0, by_title.output
    assert by_title.output == by_id.output


def test_refresh_reports_clusters_and_views_count_them(sample_db):
    db, summary = sample_db
    assert summary["clustered"] >= 0
    with Warehouse.open(db, read_only=True) as wh:
        rows = wh.con.execute(
            "SELECT postings_total, clusters_total, postings_with, recall "
            "FROM role_credential_recall"
        ).fetchall()
        n, clusters = wh.con.execute(
            "SELECT count(*), count(DISTINCT cluster_id) FROM postings"
        ).fetchone()
    assert rows and all(p >= c >= w and abs(r - w / c) < 1e-9 for p, c, w, r in rows)
    assert n - clusters == summary["clustered"]
