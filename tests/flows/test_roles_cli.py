"""`credfloor roles ...`, titles accepted by `floor --role`, and repost clusters in a refresh."""

import csv
import io
import json
import random
import re

import pytest
from typer.testing import CliRunner

from credfloor.flows.cli import app
from credfloor.warehouse.store import Warehouse
from tests.conftest import write_jsonl

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


def test_refresh_reports_clusters_and_views_count_them(sample_db, reposts_db):
    db, summary = sample_db
    assert summary["clustered"] == 0  # the samples are all different adverts
    db, summary = reposts_db
    assert summary["clustered"] > 0
    with Warehouse.open(db, read_only=True) as wh:
        rows = wh.con.execute(
            "SELECT postings_total, clusters_total, postings_with, recall "
            "FROM role_credential_recall"
        ).fetchall()
        n, clusters = wh.con.execute(
            "SELECT count(*), count(DISTINCT cluster_id) FROM postings"
        ).fetchone()
    assert rows and all(p >= c >= w and abs(r - w / c) < 1e-9 for p, c, w, r in rows)
    assert any(c < p for p, c, _, _ in rows)  # clusters_total < postings_total somewhere
    assert n - clusters == summary["clustered"]


# --- Reposts end to end: our own postings, where one advert is posted four times ---------------

_WORDS = (
    "ward unit patients families rounds charting shifts weekends nights days float team "
    "orientation mentor preceptor telemetry surgical recovery oncology cardiac pediatric clinic "
    "campus rural urban coastal valley downtown north south east west county regional community "
    "teaching research academic magnet trauma level stroke center program residency transition "
    "schedule bonus relocation parking tuition childcare wellness pension dental vision library "
    "garden riverside hillside lakeside harbor summit meadow forest canyon prairie island bridge"
).split()


def _advert(i: int, acls: bool) -> str:
    """A nurse advert of our own making: its own random sentences (so no two adverts look
    alike), BLS always, ACLS when asked."""
    rnd = random.Random(i)
    sentences = [" ".join(rnd.choices(_WORDS, k=12)).capitalize() + "." for _ in range(8)]
    needs = "Current BLS certification required."
    if acls:
        needs += " ACLS certification required."
    return "\n".join([*sentences[:4], "Requirements", needs, *sentences[4:]])


def _posting(pid: str, text: str, company: str, title: str = "Registered Nurse") -> str:
    return json.dumps(
        {
            "id": pid,
            "source": "credfloor-test",
            "title": title,
            "company": company,
            "posted": "2026-06-01",
            "url": f"https://jobs.example.com/{pid}",
            "description": text,
        }
    )


@pytest.fixture(scope="module")
def reposts_db(tmp_path_factory):
    """Ten adverts for nurses; five name ACLS, and one of those five is posted three more
    times (twice word for word, once with a line added). Counted by rows ACLS is named in 8 of
    13 postings (62%, a floor); counted by adverts in 5 of 10 (50%, not a floor). Beside them,
    three data analyst adverts naming PL-300."""
    from credfloor.flows.refresh import refresh

    tmp = tmp_path_factory.mktemp("reposts")
    lines = [_posting(f"rn-{i}", _advert(i, acls=i < 5), f"Hospital {i}") for i in range(10)]
    lines += [
        _posting("rn-0-again", _advert(0, acls=True), "Hospital 0"),
        _posting("rn-0-agency", _advert(0, acls=True), "Hospital 0"),
        _posting("rn-0-edited", _advert(0, acls=True) + "\nApply by Friday.", "Hospital 0"),
    ]
    # and three data analyst adverts: too few for a floor, so their rows are hints
    lines += [
        _posting(
            f"da-{i}", _advert(100 + i, acls=False).replace("BLS", "PL-300"), "Shop", "Data Analyst"
        )
        for i in range(3)
    ]
    db = tmp / "reposts.duckdb"
    summary = refresh(inputs=[write_jsonl(tmp / "in.jsonl", lines)], db=db)
    return db, summary


def test_refresh_folds_reposts_into_clusters(reposts_db):
    db, summary = reposts_db
    assert summary["clustered"] == 3
    with Warehouse.open(db, read_only=True) as wh:
        n, clusters = wh.con.execute(
            "SELECT count(*), count(DISTINCT cluster_id) FROM postings "
            "WHERE role_id = 'registered-nurse'"
        ).fetchone()
        recall = {
            cid: (pt, ct, w, r)
            for cid, pt, ct, w, r in wh.con.execute(
                "SELECT credential_id, postings_total, clusters_total, postings_with, recall "
                "FROM role_credential_recall WHERE role_id = 'registered-nurse'"
            ).fetchall()
        }
        rows_with_acls = wh.con.execute(
            "SELECT count(DISTINCT posting_id) FROM mentions WHERE credential_id = 'aha-acls'"
            " AND posting_id IN (SELECT posting_id FROM postings WHERE role_id = 'registered-nurse')"
        ).fetchone()[0]
    assert (n, clusters) == (13, 10)
    assert recall["aha-acls"] == (13, 10, 5, 0.5)
    assert rows_with_acls / n >= 0.6  # what counting rows would have made a floor
    # The floor counts adverts: BLS (10 of 10) is in it, ACLS (5 of 10) is not.
    floor = run("floor", "--role", "registered-nurse", "--db", db, "--csv")
    assert floor.exit_code == 0, floor.output
    ids = {row["credential_id"] for row in csv.DictReader(io.StringIO(floor.output))}
    assert "aha-bls" in ids and "aha-acls" not in ids


def test_a_role_under_ten_adverts_shows_hints_not_a_floor(reposts_db):
    from credfloor.warehouse.floor_view import floor_view

    db, _ = reposts_db
    with Warehouse.open(db, read_only=True) as wh:
        few = floor_view(wh, "data-analyst")
        many = floor_view(wh, "registered-nurse")
    assert few.clusters_total == 3
    hints = {r.credential_id for r in few.rows if r.tier == "hint"}
    assert "microsoft-power-bi-data-analyst-associate" in hints
    assert all(r.tier in ("hint", "specialization") for r in few.rows)
    assert any("only 3 adverts" in w for w in few.warnings)
    assert {r.tier for r in many.rows} <= {"floor", "specialization"} and "aha-bls" in {
        r.credential_id for r in many.rows if r.tier == "floor"
    }
    assert not any("only" in w for w in many.warnings)
    table = run("floor", "--role", "data-analyst", "--db", db)
    assert table.exit_code == 0, table.output
    assert re.search(r"^hint\s+Microsoft Certified: Power BI Data Analyst", table.output, re.M)
    assert "warning: only 3 adverts for this role" in table.output
    # the SQL floor (floor_signals) has no row for the role: hints are not a floor
    as_csv = run("floor", "--role", "data-analyst", "--db", db, "--csv")
    assert "microsoft-power-bi" not in as_csv.output


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


def test_floor_degree_reference_says_what_the_view_says(sample_db):
    # `floor` reads the counts from the snapshot it shows, the shares from
    # role_onet_degree_shares; the public view computes both live: they must agree.
    from credfloor.warehouse.occupations import degree_reference

    db, _ = sample_db
    with Warehouse.open(db, read_only=True) as wh:
        pairs = wh.con.execute(
            "SELECT DISTINCT role_id, market FROM role_degree_reference ORDER BY 1, 2"
        ).fetchall()
        assert pairs
        for role_id, market in pairs:
            view = wh.con.execute(
                """SELECT credential_id, level, postings_with, clusters_total, recall, onet_share
                   FROM role_degree_reference WHERE role_id = ? AND market = ?
                   ORDER BY onet_share DESC, credential_id""",
                [role_id, market],
            ).fetchall()
            got = degree_reference(wh, role_id, market)
            assert [r[:4] for r in got] == [r[:4] for r in view], (role_id, market)
            flat = [x for r in view for x in r[4:]]
            assert [x for r in got for x in r[4:]] == pytest.approx(flat)


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
