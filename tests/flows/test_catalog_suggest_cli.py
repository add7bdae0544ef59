"""`credfloor catalog suggest`: the command over a refreshed warehouse, not just its helper."""

import json

import pytest
from typer.testing import CliRunner

from credfloor.flows.cli import app
from tests.conftest import write_jsonl

runner = CliRunner()

# Our own postings: three name one unknown credential (one of them twice), one another unknown
# name, one only known credentials and an organisation's certification.
TEXTS = [
    "Quux Mesh Operator certification preferred. CompTIA Security+ certification required.",
    "Must hold the Quux Mesh Operator certification. Quux Mesh Operator certification renewals "
    "are paid for.",
    "Required: quux mesh operator Certification or equivalent.",
    "Must be a Certified Widget Engineer (CWE) and hold a valid State license.",
    "AWS Certified Solutions Architect - Associate required. We are ISO 27001 certified.",
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    from credfloor.flows.refresh import refresh

    tmp = tmp_path_factory.mktemp("suggest")
    lines = [
        json.dumps(
            {
                "id": f"s{i}",
                "source": "credfloor-test",
                "title": "Network Engineer",
                "company": "Acme",
                "description": text,
            }
        )
        for i, text in enumerate(TEXTS)
    ]
    path = tmp / "suggest.duckdb"
    refresh(inputs=[write_jsonl(tmp / "in.jsonl", lines)], db=path)
    return path


def run(*args):
    return runner.invoke(app, ["catalog", "suggest", *map(str, args)])


def test_suggest_json_ranks_unknown_phrases_by_postings(db):
    result = run("--db", db, "--json")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.strip().splitlines()]
    assert [(r["postings"], r["phrase"]) for r in rows] == [
        (2, "Quux Mesh Operator certification"),
        # the recognizer keeps the acronym the posting spells out beside the name
        (1, "Certified Widget Engineer (CWE)"),
    ]
    assert "Quux Mesh Operator" in rows[0]["example"]


def test_suggest_limit_and_table(db):
    result = run("--db", db, "--limit", 1)
    assert result.exit_code == 0, result.output
    assert "Quux Mesh Operator certification" in result.output
    assert "Widget" not in result.output
    assert run("--db", db, "--limit", 0).exit_code != 0  # --limit is at least 1


def test_suggest_without_a_database_is_one_error_line(tmp_path):
    result = run("--db", tmp_path / "none.duckdb")
    assert result.exit_code == 1
    assert result.output.startswith("error:") and "none.duckdb" in result.output
