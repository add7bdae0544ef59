"""`credfloor sources list|add|check` and `credfloor refresh --sources` against a local server."""

from __future__ import annotations

import json

import pytest
import yaml
from typer.testing import CliRunner

from credfloor.extract.sources.config import example_sources_path, load_sources
from credfloor.flows.cli import app
from tests.extract.faultserver import FaultServer, ok, status
from tests.extract.webhelpers import fixture_bytes

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def server():
    with FaultServer() as srv:
        srv.route("/v1/boards/vaulttec/jobs", ok(fixture_bytes("greenhouse_jobs.json")))
        srv.route("/v0/postings/leverdemo", ok(fixture_bytes("lever_postings.json")))
        srv.route("/v1/boards/broken/jobs", status(500))
        yield srv


def write_sources(tmp_path, server, *, broken=True):
    entries = [
        {"kind": "greenhouse", "token": "vaulttec", "base_url": server.url},
        {"kind": "lever", "token": "leverdemo", "base_url": server.url, "role": "Registered Nurse"},
    ]
    if broken:
        entries.append({"kind": "greenhouse", "token": "broken", "base_url": server.url})
    path = tmp_path / "sources.yaml"
    http = {"min_interval": 0, "retries": 1, "backoff": 0.01, "cache_dir": str(tmp_path / "cache")}
    path.write_text(yaml.safe_dump({"http": http, "sources": entries}), encoding="utf-8")
    return path


def test_bundled_example_is_valid_package_data():
    settings, specs = load_sources(example_sources_path())
    assert {s.kind for s in specs} == {
        "greenhouse",
        "lever",
        "ashby",
        "smartrecruiters",
        "workable",
        "jsonld",
    }
    assert settings.contact


def test_add_creates_then_appends_keeping_comments(tmp_path):
    path = tmp_path / "s.yaml"
    assert run("sources", "add", "greenhouse", "acme", "--file", path).exit_code == 0
    text = path.read_text() + "# my note\n"
    path.write_text(text)
    added = run("sources", "add", "lever", "beta", "--file", path, "--role", "Data Analyst")
    assert added.exit_code == 0, added.output
    assert "# my note" in path.read_text()
    _, specs = load_sources(path)
    assert [(s.kind, s.token, s.role) for s in specs] == [
        ("greenhouse", "acme", None),
        ("lever", "beta", "Data Analyst"),
    ]
    listed = run("sources", "list", "--file", path)
    assert listed.exit_code == 0 and "beta" in listed.output and "Data Analyst" in listed.output


def test_add_refuses_duplicates_and_unknown_kinds(tmp_path):
    path = tmp_path / "s.yaml"
    run("sources", "add", "ashby", "acme", "--file", path)
    again = run("sources", "add", "ashby", "acme", "--file", path)
    assert again.exit_code == 1 and "already listed" in again.output
    bad = run("sources", "add", "monster", "acme", "--file", path)
    assert bad.exit_code == 1 and "is not one of" in bad.output
    missing = run("sources", "list", "--file", tmp_path / "none.yaml")
    assert missing.exit_code == 1 and "sources add" in missing.output
    for r in (again, bad, missing):
        assert "Traceback" not in r.output


def test_check_reports_each_source_and_fails_on_a_broken_one(tmp_path, server):
    path = write_sources(tmp_path, server)
    result = run("sources", "check", "--file", path, "--json")
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.strip().splitlines()]
    by_token = {r["token"]: r for r in rows}
    assert by_token["vaulttec"]["status"] == "ok" and by_token["vaulttec"]["postings"] == 2
    assert by_token["vaulttec"]["rejected"] == 1
    assert by_token["leverdemo"]["postings"] == 2
    assert by_token["broken"]["status"] == "failed" and "HTTP 500" in by_token["broken"]["error"]


def test_refresh_sources_loads_and_reports_failures(tmp_path, server):
    path = write_sources(tmp_path, server)
    db = tmp_path / "w.duckdb"
    first = run("refresh", "--sources", path, "--db", db, "--json")
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout.strip().splitlines()[-1])
    assert summary["read"] == 5 and summary["loaded"] == 4 and summary["quarantined"] == 1
    assert summary["read"] == summary["loaded"] + summary["quarantined"] + summary["duplicates"]
    assert [e["source"] for e in summary["source_errors"]] == ["greenhouse:broken"]
    assert summary["fetch"]["full_bodies"] == 2

    second = run("refresh", "--sources", path, "--db", db, "--json")
    again = json.loads(second.stdout.strip().splitlines()[-1])
    assert again["loaded"] == 4 and again["new"] == 0 and again["unchanged"] == 4
    assert again["fetch"]["full_bodies"] == 0 and again["fetch"]["not_modified"] == 2

    rows = run(
        "sql",
        "SELECT source, role_id FROM postings ORDER BY source, external_id",
        "--db",
        db,
        "--json",
    )
    got = [json.loads(line) for line in rows.stdout.strip().splitlines()]
    assert {r["source"] for r in got} == {"greenhouse:vaulttec", "lever:leverdemo"}
    assert {r["role_id"] for r in got if r["source"] == "lever:leverdemo"} == {"registered-nurse"}


def test_refresh_with_a_bad_sources_file_is_one_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("sources:\n  - kind: greenhouse\n", encoding="utf-8")
    result = run("refresh", "--sources", path, "--db", tmp_path / "x.duckdb")
    assert result.exit_code == 1 and "missing token" in result.output
    assert "Traceback" not in result.output
