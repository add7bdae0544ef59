"""Floors per role and labour market (issue 18): never pooled, groups as rows of their own."""

from __future__ import annotations

import csv
import json
import random

import pytest
from typer.testing import CliRunner

from credfloor.flows.cli import app
from tests.conftest import write_jsonl

runner = CliRunner()


def _filler(seed: int) -> str:
    """Words of our own that differ from advert to advert, so no two are taken for reposts."""
    rng = random.Random(seed)
    words = ["".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3))
             for _ in range(40)]  # fmt: skip
    return " ".join(words).capitalize() + "."


def _postings() -> list[str]:
    out = []
    for i in range(12):  # US nurses: RN licence and BLS (or CPR)
        life = "BLS certification required." if i % 3 else "CPR certification required."
        out.append(json.dumps({
            "id": f"us{i}", "title": "Registered Nurse", "location": f"Town {i}, OH",
            "description": f"{_filler(i)} Registered Nurse license required. {life}",
        }))  # fmt: skip
    for i in range(11):  # UK nurses: "Registered Nurse" there means NMC registration
        out.append(json.dumps({
            "id": f"gb{i}", "title": "Registered Nurse", "location": f"Ward {i}, Leeds, UK",
            "description": f"{_filler(100 + i)} You will be a Registered Nurse with current registration.",
        }))  # fmt: skip
    for i in range(4):  # a market too small for a floor
        out.append(json.dumps({
            "id": f"se{i}", "title": "Registered Nurse", "location": "Stockholm, Sverige",
            "description": f"{_filler(200 + i)} Registered Nurse license required.",
        }))  # fmt: skip
    return out


@pytest.fixture(scope="module")
def nurses_db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("markets")
    inputs = write_jsonl(tmp / "nurses.jsonl", _postings())
    db = tmp / "m.duckdb"
    result = runner.invoke(app, ["refresh", "-i", str(inputs), "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    return db


def test_floor_prints_one_table_per_market(nurses_db):
    result = runner.invoke(app, ["floor", "--role", "registered-nurse", "--db", str(nurses_db)])
    assert result.exit_code == 0, result.output
    text = result.output
    us = text.index("in market US: 12 adverts")
    gb = text.index("in market GB: 11 adverts")
    assert us < gb  # biggest first
    assert text.rstrip().endswith("other markets (fewer than 10 adverts each, not pooled): SE 4")
    us_table, gb_table = text[us:gb], text[gb:]
    assert "nursing-rn-license" in us_table and "uk-nmc-registration" not in us_table
    assert "uk-nmc-registration" in gb_table and "nursing-rn-license" not in gb_table
    # the group is a floor row of its own, with its members' shares
    assert "rn-licensure" in us_table and "bls-cpr" in us_table
    assert "aha-bls 67%" in us_table and "aha-cpr 33%" in us_table


def test_market_option_narrows_and_export_carries_the_column(nurses_db, tmp_path):
    result = runner.invoke(
        app,
        ["floor", "--role", "registered-nurse", "--market", "gb", "--db", str(nurses_db), "--csv"],
    )
    rows = list(csv.DictReader(result.output.splitlines()))
    assert rows and {r["market"] for r in rows} == {"GB"}
    assert {r["credential_id"] for r in rows} == {"uk-nmc-registration", "rn-licensure"}
    out = tmp_path / "all.csv"
    assert (
        runner.invoke(
            app, ["export", "--out", str(out), "--all-tiers", "--db", str(nurses_db)]
        ).exit_code
        == 0
    )
    exported = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["market"] for r in exported} == {"US", "GB", "SE"}
    bls = next(r for r in exported if r["market"] == "US" and r["credential_id"] == "bls-cpr")
    assert (bls["tier"], bls["type"], bls["postings_with"]) == ("floor", "group", "12")


def test_audit_reads_one_market_and_a_group_member_covers_the_group(nurses_db):
    result = runner.invoke(
        app,
        ["audit", "--role", "registered-nurse", "--have", "CPR", "--market", "US",
         "--db", str(nurses_db), "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    audit = json.loads(result.output)
    have = {s["credential_id"] for s in audit["floor_have"]}
    missing = {s["credential_id"] for s in audit["floor_missing"]}
    assert "bls-cpr" in have  # CPR is a member of bls-cpr
    assert "nursing-rn-license" in missing and "rn-licensure" in missing
    default = runner.invoke(
        app, ["audit", "--role", "registered-nurse", "--db", str(nurses_db)]
    ).output
    assert "read from market US, the role's biggest (12 adverts)" in default


def test_report_reads_one_market(nurses_db, tmp_path):
    out = tmp_path / "r.html"
    result = runner.invoke(
        app,
        ["report", "--role", "registered-nurse", "--market", "GB", "--out", str(out),
         "--db", str(nurses_db)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "market <code>GB</code>" in html and "11 distinct adverts" in html


def test_region_drills_down_inside_a_market(nurses_db):
    result = runner.invoke(
        app, ["floor", "--role", "registered-nurse", "--region", "us-oh", "--db", str(nurses_db)]
    )
    assert result.exit_code == 0, result.output
    assert "in market US, region US-OH: 12 adverts" in result.output
    assert "nursing-rn-license" in result.output
    # the market table's group rows, with their members' shares among the region's adverts
    assert "rn-licensure" in result.output and "bls-cpr" in result.output
    assert "aha-bls 67%" in result.output and "aha-cpr 33%" in result.output


def test_region_rows_are_the_market_views_counted_in_the_region(nurses_db):
    """Every US advert is in Ohio: the region's rows are the market's, numbers and all."""
    import duckdb

    cols = (
        "role_id, market, credential_id, credential_name, type, postings_with, postings_required, "
        "postings_total, clusters_total, recall, recall_required, ci_low, ci_high, members"
    )
    con = duckdb.connect(str(nurses_db), read_only=True)
    try:
        region = con.execute(
            f"SELECT {cols}, tier FROM role_region_credential_tiers WHERE region = 'US-OH' "
            "ORDER BY ALL"
        ).fetchall()
        market = con.execute(
            f"SELECT {cols}, tier FROM role_credential_tiers WHERE market = 'US' ORDER BY ALL"
        ).fetchall()
        voters = con.execute(
            "SELECT DISTINCT region FROM role_voters WHERE market = 'US'"
        ).fetchall()
    finally:
        con.close()
    assert voters == [("US-OH",)]
    assert {r[4] for r in region} == {"group", "license", "certification"}
    assert [r[:-1] for r in region] == [r[:-1] for r in market]
    # the same tiers, but for the market's specialization pick (none at the region's grain)
    assert [r[-1] for r in region] == [
        "other" if r[-1] == "specialization" else r[-1] for r in market
    ]
