"""The floor rule is declared once (normalize/floor_rule.py) and every command reads its tiers
from role_credential_tiers: the SQL macros are the module's, and two commands agree."""

from __future__ import annotations

import csv

from credfloor.normalize import floor_rule
from credfloor.normalize.roles import SENIORITY_LEVELS
from credfloor.warehouse.store import HERE, Warehouse


def test_rule_sql_is_generated_from_the_module():
    assert (HERE / "rule.sql").read_text(encoding="utf-8") == floor_rule.sql_macros(), (
        "warehouse/rule.sql is stale: python -m credfloor.normalize.floor_rule > warehouse/rule.sql"
    )


def test_seniority_vocabulary_is_the_title_classifiers():
    assert [s.value for s in floor_rule.Seniority] == list(SENIORITY_LEVELS)
    assert set(floor_rule.SENIORITY_BAND) == set(floor_rule.Seniority)


def test_python_and_sql_rules_agree(tmp_path):
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
        for recall, adverts in [(0.6, 10), (0.59, 10), (0.6, 9), (1.0, 200), (0.0, 0)]:
            (sql,) = wh.con.execute("SELECT is_floor(?, ?)", [recall, adverts]).fetchone()
            assert sql == floor_rule.is_floor(recall, adverts)
        for lo, hi in [(0.5, 0.7), (0.6, 0.7), (0.4, 0.59), (0.4, 0.6)]:
            (sql,) = wh.con.execute("SELECT is_borderline(?, ?)", [lo, hi]).fetchone()
            assert sql == floor_rule.is_borderline(lo, hi)
        for s in floor_rule.Seniority:
            (band,) = wh.con.execute("SELECT seniority_band(?)", [s.value]).fetchone()
            assert band == floor_rule.SENIORITY_BAND[s]
        (tiers,) = wh.con.execute(
            "SELECT list(credential_tier(r, a, p) ORDER BY i) FROM (VALUES "
            "(1, 0.7, 10, false), (2, 0.7, 9, false), (3, 0.3, 10, true), (4, 0.3, 10, false)) "
            "t(i, r, a, p)"
        ).fetchone()
        assert tiers == ["floor", "hint", "specialization", "other"]


def test_floor_export_report_and_snapshot_agree(sample_db, tmp_path):
    """`floor --csv`, `export`, the table, the report's rows and the snapshot name the same floor."""
    from credfloor.flows.report import _existing_views, _role_section
    from credfloor.warehouse.export import export_signals
    from credfloor.warehouse.floor_view import floor_view
    from credfloor.warehouse.queries import floor

    db, summary = sample_db
    out = tmp_path / "floor.csv"
    with Warehouse.open(db, read_only=True) as wh:
        export_signals(wh, out)
        exported = {(r["role_id"], r["credential_id"]) for r in csv.DictReader(out.open())}
        views = _existing_views(wh)
        seen = set()
        for role in summary["top_roles"]:
            cols, rows = floor(wh, role)
            by_floor = {(role, r[cols.index("credential_id")]) for r in rows}
            by_table = {
                (role, r.credential_id) for r in floor_view(wh, role).rows if r.tier == "floor"
            }
            by_report = {(role, r[1]) for r in _role_section(wh, role, views).floor.rows}
            (snap,) = wh.con.execute(
                "SELECT list(credential_id) FROM signal_snapshots WHERE role_id = ? "
                "AND tier = 'floor' AND refresh_id = ?",
                [role, summary["refresh_id"]],
            ).fetchone()
            assert by_floor == by_table == by_report == {(role, c) for c in snap or []}
            seen |= by_floor
        assert seen and seen <= exported
        (live,) = wh.con.execute(
            "SELECT count(*) FROM role_credential_tiers WHERE tier = 'floor'"
        ).fetchone()
        assert live == len(exported)


def test_an_old_warehouse_read_only_says_to_refresh(tmp_path):
    from credfloor.warehouse.errors import WarehouseError
    from credfloor.warehouse.tiers import tiers_source

    db = tmp_path / "old.duckdb"
    with Warehouse.open(db) as wh:  # as a warehouse from before markets: the old view
        wh.con.execute("CREATE OR REPLACE VIEW role_credential_tiers AS SELECT 1 AS role_id")
    with Warehouse.open(db, read_only=True) as wh:
        try:
            tiers_source(wh)
        except WarehouseError as exc:
            assert "run `credfloor refresh` once to migrate it" in str(exc)
        else:
            raise AssertionError("no error")
    with Warehouse.open(db) as wh:  # a writer migrates it
        assert tiers_source(wh)[0]
