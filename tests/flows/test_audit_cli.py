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


def test_audit_level_must_be_known(sample_db):
    db, _ = sample_db
    bad = runner.invoke(
        app, ["audit", "--role", "cloud-engineer", "--db", str(db), "--level", "guru"]
    )
    assert bad.exit_code == 1 and "expected one of entry, mid, senior" in bad.output


def test_audit_earned_years_from_have_and_resume(sample_db, tmp_path):
    db, _ = sample_db
    resume = tmp_path / "cv.txt"
    resume.write_text("CompTIA Security+, 2019\nAWS Certified Cloud Practitioner\n")
    args = ["audit", "--role", "cloud-engineer", "--db", str(db), "--json"]
    result = runner.invoke(app, [*args, "--resume", str(resume), "--have", "CompTIA A+ (2017)"])
    data = json.loads(result.output)
    assert data["earned"] == {"comptia-a-plus": 2017, "comptia-security-plus": 2019}
    stale = [w["evidence"] for w in data["warnings"] if w["code"] == "stale"]
    assert "comptia-a-plus: renewal_years 3" in stale
    assert "comptia-security-plus: renewal_years 3" in stale
    assert not any("aws-cloud-practitioner" in e for e in stale)  # no year: nothing said


def _level_postings(path):
    """12 entry-level adverts naming the AWS foundation, 12 senior ones naming the professional
    architect exam: each level has a floor of its own."""
    import random

    rng = random.Random(7)
    words = "deploy monitor automate network storage pipeline secure scale migrate audit".split()
    lines = []
    for level, cert in (("Junior", "AWS Certified Cloud Practitioner"), ("Senior", "AWS SAP-C02")):
        for i in range(12):
            filler = " ".join(rng.choice(words) for _ in range(60))
            text = f"We need someone to {filler}. Required: {cert}. Team {level}{i} {rng.random()}."
            lines.append(
                json.dumps(
                    {
                        "id": f"{level}-{i}",
                        "title": f"{level} Cloud Engineer",
                        "company": f"Company {level} {i}",
                        "description": text,
                    }
                )
            )
    path.write_text("\n".join(lines) + "\n")
    return path


def test_audit_level_reads_the_floor_of_that_seniority(tmp_path):
    db = tmp_path / "levels.duckdb"
    refreshed = runner.invoke(
        app, ["refresh", "--db", str(db), "--input", str(_level_postings(tmp_path / "p.jsonl"))]
    )
    assert refreshed.exit_code == 0, refreshed.output

    def floor(level):
        out = runner.invoke(
            app,
            ["audit", "--role", "cloud-engineer", "--db", str(db), "--json", "--level", level],
        )
        data = json.loads(out.output)
        return {s["credential_id"] for s in data["floor_missing"]}, data["notes"]

    entry, notes = floor("entry")
    assert entry == {"aws-cloud-practitioner"}
    assert notes == [
        "read from market unknown, the role's biggest (24 adverts)",  # no locations in this file
        "the floor below is read from the role's 12 entry-level adverts",
    ]
    senior, _ = floor("senior")
    assert senior == {"aws-solutions-architect-professional"}
    everyone, notes = floor("mid")  # no mid-level adverts: the whole role, said so
    assert everyone == set() and "only 0 mid-level adverts" in notes[1]
