from typer.testing import CliRunner

from credfloor.flows.cli import app
from credfloor.flows.floor_table import recall_cell, render_floor
from credfloor.warehouse.floor_view import FloorRow, FloorView

runner = CliRunner()


def row(tier, cid, k, n, lo, hi, req=None):
    return FloorRow(
        tier, cid, cid.upper(), "certification", k, k if req is None else req, n, k / n, lo, hi
    )


def test_recall_cell():
    assert recall_cell(7, 10) == "7/10 (70%)"
    assert recall_cell(12, 12) == "12/12 (100%)"
    assert recall_cell(0, 0) == "0/0"


def test_render_marks_borderline_and_warns_on_few_adverts():
    view = FloorView(
        "tiny-role",
        "Tiny Role",
        6,
        6,
        [
            row("hint", "a-cert", 4, 6, 0.30, 0.90, req=3),
            row("specialization", "b-cert", 2, 6, 0.1, 0.7),
        ],
    )
    text = render_floor(view)
    lines = text.splitlines()
    a = next(line for line in lines if "a-cert" in line)
    assert "hint" in a and "4/6 (67%)" in a and "30%-90%" in a and "3/4" in a and "borderline" in a
    b = next(line for line in lines if "b-cert" in line)
    assert b.startswith("specialization") and "borderline" not in b
    warnings = [line for line in lines if line.startswith("warning:")]
    assert any("only 6 adverts" in w for w in warnings)
    assert any("wide 95% interval" in w and "a-cert" in w for w in warnings)


def test_render_no_warning_for_a_solid_floor():
    view = FloorView("big", "Big", 400, 200, [row("floor", "c-cert", 180, 200, 0.85, 0.93)])
    text = render_floor(view)
    assert "180/200 (90%)" in text and "warning" not in text and "borderline" not in text


def test_floor_table_on_samples(sample_db):
    db, _ = sample_db
    result = runner.invoke(app, ["floor", "--role", "cloud-engineer", "--db", str(db)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    # the samples' cloud engineers: 9 US adverts and 3 GB ones, never pooled into 12
    assert lines[0].startswith("Floor of cloud-engineer (Cloud Engineer) in market US: 9 adverts")
    sa = next(line for line in lines if "aws-solutions-architect-associate" in line)
    assert sa.split()[0] == "hint" and "7/9 (" in sa
    assert lines[-1] == "other markets (fewer than 10 adverts each, not pooled): GB 3"


def test_floor_view_reads_the_current_snapshot_like_the_live_views(sample_db, tmp_path):
    """After a finished refresh, `floor` reads its snapshot (fast on big warehouses): the same
    rows as the live views; after a newer refresh that failed, the live views."""
    import shutil

    import credfloor.warehouse.floor_view as fv
    import credfloor.warehouse.tiers as tiers_module
    from credfloor.warehouse.store import Warehouse

    db, summary = sample_db
    with Warehouse.open(db, read_only=True) as wh:
        assert fv.current_snapshot(wh) == summary["refresh_id"]
        tiers = set()
        for role in summary["top_roles"]:
            snap = fv.floor_view(wh, role)
            original = tiers_module.current_snapshot
            try:
                tiers_module.current_snapshot = lambda _wh: None
                live = fv.floor_view(wh, role)
            finally:
                tiers_module.current_snapshot = original
            assert (snap.postings_total, snap.clusters_total) == (
                live.postings_total,
                live.clusters_total,
            )
            assert [r.tier for r in snap.rows] == [r.tier for r in live.rows]
            for a, b in zip(snap.rows, live.rows, strict=True):
                assert a.credential_id == b.credential_id and a.postings_with == b.postings_with
                assert abs(a.recall - b.recall) < 1e-9 and abs(a.ci_low - b.ci_low) < 1e-9
            tiers |= {r.tier for r in snap.rows}
        assert {"floor", "specialization"} <= tiers <= {"floor", "hint", "specialization"}

    copy = tmp_path / "copy.duckdb"
    shutil.copy(db, copy)
    with Warehouse.open(copy) as wh:
        rid = wh.start_refresh({}, "c", "e")
        wh.finish_refresh(rid, {}, status="failed")
        assert fv.current_snapshot(wh) is None
        assert fv.floor_view(wh, summary["top_roles"][0]).rows
