"""`credfloor report`: a self-contained HTML report (issue 9), checked by content and, when
Chromium is available, by a headless screenshot."""

import re
import shutil
import subprocess

import duckdb
import pytest
from typer.testing import CliRunner

from credfloor.flows.cli import app

runner = CliRunner()
ROLES = ("registered-nurse", "Project Manager")


@pytest.fixture(scope="module")
def report(sample_db, tmp_path_factory):
    db, _ = sample_db
    out = tmp_path_factory.mktemp("report") / "report.html"
    args = ["report", "--db", str(db), "--out", str(out)]
    for role in ROLES:
        args += ["--role", role]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "2 role(s)" in result.output
    return out


def test_report_content(report):
    html = report.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    for text in (
        "Registered Nurse",
        "Project Manager",
        "Registered Nurse (RN) license",
        "nursing-rn-license",
        "Project Management Professional (PMP)",
        "pmi-pmp",
        "How to read this",
        "Wilson",
        "borderline",
        "2026-06-02",  # the sample's first posting date
    ):
        assert text in html, text
    assert html.count("<svg") == 2
    assert html.count('role="img"') == 2 and html.count("<title id=") == 2
    for header in ("Credential", "Adverts naming it", "Recall", "95% interval", "Borderline"):
        assert f'<th scope="col">{header}</th>' in html
    # PMP is 9 of the 10 US adverts (the role's biggest market; 2 GB adverts are apart): its
    # interval crosses 60%, so it is marked borderline.
    assert "market <code>US</code>" in html
    assert re.search(r"9 of 10.*?borderline \(interval crosses 60%\)", html, re.S)
    # No external assets: nothing is loaded over the network (SVG namespace URIs are names).
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.I)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", html, re.I)
    assert "<script" not in html and "<link" not in html
    # Two charts inline in one page: no element id is repeated.
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_missing_optional_views_get_a_note(sample_db, tmp_path):
    from credfloor.flows.report import render_report

    db = tmp_path / "copy.duckdb"
    shutil.copyfile(sample_db[0], db)
    con = duckdb.connect(str(db))  # not Warehouse.open: a writer recreates the views
    con.execute("DROP VIEW IF EXISTS specialization_signals")
    con.execute("DROP VIEW IF EXISTS floor_changes")
    con.close()
    out = tmp_path / "r.html"
    render_report(db, ["registered-nurse"], out)
    html = out.read_text(encoding="utf-8")
    assert "Not in this database yet" in html
    assert "<code>specialization_signals</code>" in html and "<code>floor_changes</code>" in html
    assert "<h3>Specialization signals</h3>" not in html
    assert "<svg" in html and "nursing-rn-license" in html


def test_changes_section_shows_moves(sample_db, tmp_path):
    from credfloor.flows.report import render_report

    db = tmp_path / "copy.duckdb"
    shutil.copyfile(sample_db[0], db)
    con = duckdb.connect(str(db))
    views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views()").fetchall()}
    assert "floor_changes" in views  # warehouse/signals.sql defines it: missing is a bug
    con.execute(
        "CREATE TABLE fc AS SELECT * REPLACE (CASE WHEN credential_id = 'aha-bls' "
        "THEN 'entered' ELSE 'same' END AS change) FROM floor_changes"
    )
    if not con.execute("SELECT count(*) FROM fc WHERE change = 'entered'").fetchall()[0][0]:
        con.execute(
            "INSERT INTO fc BY NAME SELECT 'registered-nurse' AS role_id, 'US' AS market, 'aha-bls' AS "
            "credential_id, 'Basic Life Support (BLS)' AS credential_name, 'entered' AS change, "
            "0.5 AS recall_before, 0.9 AS recall_after, 'other' AS tier_before, "
            "'floor' AS tier_after"
        )
    con.execute("CREATE OR REPLACE VIEW floor_changes AS SELECT * FROM fc")
    con.close()
    out = tmp_path / "r.html"
    render_report(db, ["registered-nurse"], out)
    html = out.read_text(encoding="utf-8")
    assert "<h3>Changes since the last refresh</h3>" in html
    assert re.search(r"<td>entered</td>\s*<td>Basic Life Support \(BLS\)</td>", html)


def test_unknown_role_is_one_clear_line(sample_db, tmp_path):
    db, _ = sample_db
    out = tmp_path / "r.html"
    result = runner.invoke(
        app, ["report", "--role", "astronaut", "--out", str(out), "--db", str(db)]
    )
    assert result.exit_code == 1
    assert "unknown role 'astronaut'" in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_report_screenshot_in_headless_chromium(report, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip(
            "chromium is not on PATH (Debian package `chromium`; .ci/run tries to install it)"
        )
    png = tmp_path / "report.png"
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            f"--screenshot={png}",
            "--window-size=1200,1600",
            report.resolve().as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert png.exists(), "chromium wrote no screenshot"
    assert png.stat().st_size > 20_000
    import matplotlib.image as mpimg
    import numpy as np

    pixels = mpimg.imread(png)
    assert pixels.shape[:2] == (1600, 1200)
    rgb = pixels[..., :3]
    dark = (rgb.mean(axis=-1) < 0.5).mean()
    assert dark > 0.01, "the page looks blank"
    # The chart's floor bars are dark blue (#1f4e79): the chart rendered.
    blue = np.all(np.abs(rgb - np.array([0x1F, 0x4E, 0x79]) / 255) < 0.05, axis=-1).mean()
    assert blue > 0.002, "no floor bars visible in the screenshot"
