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
    assert lines[0] == [
        titles[0],
        "cloud-engineer",
        "Cloud Engineer",
        "senior",
        "100",
        "15-1241.00",
        "",
    ]
    assert lines[1][:3] == [titles[1], "", ""] and lines[1][4] == "0"
    swedish = run("roles", "resolve", "Kundansvarig inom försäkring")
    assert swedish.output.rstrip("\n").split("\t")[1:2] == [""]
    assert swedish.output.rstrip("\n").split("\t")[-1] == "sv"


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


def test_floor_accepts_soc_codes_and_groups(sample_db):
    db, _ = sample_db
    by_id = run("floor", "--role", "registered-nurse", "--db", db, "--csv")
    by_code = run("floor", "--role", "29-1141", "--db", db, "--csv")
    assert by_code.exit_code == 0, by_code.output
    assert by_code.output == by_id.output
    group = run("floor", "--role", "29-1140", "--db", db, "--json")
    assert group.exit_code == 0, group.output
    rows = [json.loads(line) for line in group.output.strip().splitlines()]
    assert rows and {r["soc_group"] for r in rows} == {"29-1140"}
    assert all(r["recall"] >= 0.6 and r["clusters_total"] >= 10 for r in rows)
    table = run("floor", "--role", "29-0000", "--db", db)
    assert table.exit_code == 0, table.output
    assert "Floor of 29-0000" in table.output and "O*NET" in table.output
    bad = run("floor", "--role", "99-9990", "--db", db)
    assert bad.exit_code != 0


def test_floor_shows_the_onet_degree_reference(sample_db):
    db, _ = sample_db
    result = run("floor", "--role", "registered-nurse", "--db", db)
    assert result.exit_code == 0, result.output
    assert "Degrees: adverts naming the level vs O*NET" in result.output
    line = next(x for x in result.output.splitlines() if x.startswith("degree-bachelor"))
    assert "Bachelor's degree" in line and line.rstrip().endswith("%")
    view = run(
        "sql",
        "SELECT * FROM role_degree_reference WHERE role_id = 'registered-nurse'",
        "--db",
        db,
        "--json",
    )
    rows = [json.loads(x) for x in view.output.strip().splitlines()]
    bachelor = next(r for r in rows if r["credential_id"] == "degree-bachelor")
    assert 0 < bachelor["onet_share"] <= 1 and bachelor["soc_code"] == "29-1141.00"


def test_roles_list_shows_the_soc_hierarchy(sample_db):
    db, _ = sample_db
    result = run("roles", "list", "--db", db, "--json")
    rows = [json.loads(x) for x in result.output.strip().splitlines()]
    levels = [r["level"] for r in rows]
    assert {"major", "minor", "broad", "curated"} <= set(levels)
    major = next(r for r in rows if r["code"] == "29-0000")
    inside = [r for r in rows if r["role_id"] and (r["soc_code"] or "").startswith("29-")]
    assert major["postings"] == sum(r["postings"] for r in inside) > 0
    everything = run("roles", "list", "--db", db, "--all", "--json")
    assert len(everything.output.strip().splitlines()) > 1016
