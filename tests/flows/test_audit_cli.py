import json

from typer.testing import CliRunner

from credfloor.flows.cli import app

runner = CliRunner()


def test_audit_text_and_json(sample_db):
    db, _ = sample_db
    args = [
        "audit",
        "--role",
        "cloud-engineer",
        "--db",
        str(db),
        "--have",
        "CompTIA A+, Google IT Support Professional Certificate, Basket weaving",
    ]
    text = runner.invoke(app, [*args, "--portfolio", "no"])
    assert text.exit_code == 0, text.output
    assert "Not recognised (check spelling): Basket weaving" in text.output
    assert "[ ] AWS Certified Solutions Architect" in text.output
    assert "[overlap]" in text.output and "[no_portfolio]" in text.output
    as_json = runner.invoke(app, [*args, "--json"])
    data = json.loads(as_json.output)
    assert data["have"] == ["comptia-a-plus", "google-it-support-certificate"]
    assert data["unresolved"] == ["Basket weaving"]
    assert "no_portfolio" not in {w["code"] for w in data["warnings"]}


def test_audit_reads_a_resume(sample_db, tmp_path):
    db, _ = sample_db
    resume = tmp_path / "cv.txt"
    resume.write_text("Certifications: AWS Certified Cloud Practitioner (CLF-C02), CompTIA A+\n")
    result = runner.invoke(
        app,
        ["audit", "--role", "Cloud Engineer", "--db", str(db), "--resume", str(resume), "--json"],
    )
    assert result.exit_code == 0, result.output
    assert set(json.loads(result.output)["have"]) == {"aws-cloud-practitioner", "comptia-a-plus"}


def test_audit_user_errors(sample_db, tmp_path):
    db, _ = sample_db
    bad = runner.invoke(
        app, ["audit", "--role", "cloud-engineer", "--db", str(db), "--portfolio", "maybe"]
    )
    assert bad.exit_code == 1 and "expected yes or no" in bad.output
    missing = runner.invoke(app, ["audit", "--role", "astronaut", "--db", str(db)])
    assert missing.exit_code == 1 and "unknown role" in missing.output
