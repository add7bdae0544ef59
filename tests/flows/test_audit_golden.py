"""Golden tests of the full `credfloor audit` text for two personas on the bundled samples.

After an intended change of wording or data, regenerate with
    CREDFLOOR_UPDATE_GOLDEN=1 uv run pytest tests/flows/test_audit_golden.py
and review the diff like code.
"""

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from credfloor.flows.cli import app

GOLDEN = Path(__file__).parent / "golden"
PERSONAS = {
    # An IT help-desk worker moving to cloud.
    "helpdesk_to_cloud": [
        "--role",
        "cloud-engineer",
        "--portfolio",
        "yes",
        "--level",
        "entry",
        "--have",
        "CompTIA A+ (2018), CompTIA Network+, Google IT Support Professional Certificate",
    ],
    # A senior holder of credentials whose issuers only recommend the steps below (AWS
    # Professional, CISSP) and one that asks for its prerequisite (CKS needs the CKA).
    "senior_ladders": [
        "--role",
        "cloud-engineer",
        "--have",
        "AWS Certified Solutions Architect - Professional, CISSP, Certified Kubernetes Security "
        "Specialist",
    ],
    # A career changer without a degree aiming at data analysis.
    "no_degree_to_data_analyst": [
        "--role",
        "Data Analyst",
        "--portfolio",
        "no",
        "--have",
        "Google Data Analytics Certificate, Tableau Desktop Specialist",
    ],
}


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_audit_golden(sample_db, persona):
    db, _ = sample_db
    result = CliRunner().invoke(app, ["audit", "--db", str(db), *PERSONAS[persona]])
    assert result.exit_code == 0, result.output
    path = GOLDEN / f"audit_{persona}.txt"
    if os.environ.get("CREDFLOOR_UPDATE_GOLDEN"):
        path.write_text(result.output, encoding="utf-8")
    assert result.output == path.read_text(encoding="utf-8")
