"""`credfloor export`: the floor (or every role x credential with its tier) as CSV or Parquet.

Parquet is written by DuckDB's own COPY (no extra dependency). CSV is written by Python so that
text cells a spreadsheet would read as a formula (starting with = + - @) can be neutralised.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from credfloor.warehouse.errors import WarehouseError
from credfloor.warehouse.queries import FLOOR_COLUMNS, resolve_role
from credfloor.warehouse.store import Warehouse

FORMATS = {".csv": "csv", ".parquet": "parquet"}
FORMULA_PREFIXES = ("=", "+", "-", "@")
FLOOR_MIN_RECALL = 0.60
FLOOR_MIN_ADVERTS = 10

ALL_TIERS_COLUMNS = (
    "r.role_id, r.role_name, r.credential_id, r.credential_name, r.type, r.ecosystem, "
    "{tier} AS tier, r.postings_with, r.postings_required, r.postings_total, r.clusters_total, "
    "round(r.recall, 3) AS recall, round(r.recall_required, 3) AS recall_required, "
    "round(r.ci_low, 3) AS ci_low, round(r.ci_high, 3) AS ci_high, "
    f"(r.ci_low < {FLOOR_MIN_RECALL} AND r.ci_high >= {FLOOR_MIN_RECALL}) AS borderline"
)


class ExportError(WarehouseError):
    pass


def export_format(out: Path) -> str:
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise ExportError(f"{out}: the file name must end in .csv or .parquet")
    return fmt


def neutralize(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula gets a leading single quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def has_view(wh: Warehouse, name: str) -> bool:
    (n,) = wh.con.execute(
        "SELECT count(*) FROM duckdb_views() WHERE view_name = ?", [name]
    ).fetchone()
    return n > 0


def signals_query(wh: Warehouse, role: str | None, all_tiers: bool) -> tuple[str, list]:
    """The SELECT behind an export and its parameters."""
    params: list = []
    if not all_tiers:
        where = ""
        if role:
            where, params = "WHERE role_id = ?", [resolve_role(wh, role)]
        return (
            f"SELECT {FLOOR_COLUMNS} FROM floor_signals {where} "
            "ORDER BY role_id, type, recall DESC, credential_id",
            params,
        )
    floor = f"r.recall >= {FLOOR_MIN_RECALL} AND r.clusters_total >= {FLOOR_MIN_ADVERTS}"
    join = ""
    tier = f"CASE WHEN {floor} THEN 'floor' ELSE 'other' END"
    if has_view(wh, "specialization_signals"):
        join = (
            "LEFT JOIN (SELECT DISTINCT role_id, credential_id FROM specialization_signals) s "
            "ON s.role_id = r.role_id AND s.credential_id = r.credential_id"
        )
        tier = (
            f"CASE WHEN {floor} THEN 'floor' WHEN s.credential_id IS NOT NULL "
            "THEN 'specialization' ELSE 'other' END"
        )
    where = ""
    if role:
        where, params = "WHERE r.role_id = ?", [resolve_role(wh, role)]
    sql = (
        f"SELECT {ALL_TIERS_COLUMNS.format(tier=tier)} FROM role_credential_recall r {join} "
        f"{where} ORDER BY r.role_id, CASE tier WHEN 'floor' THEN 0 WHEN 'specialization' THEN 1 "
        "ELSE 2 END, r.recall DESC, r.credential_id"
    )
    return sql, params


def export_signals(
    wh: Warehouse, out: Path, role: str | None = None, all_tiers: bool = False
) -> int:
    """Write the floor signals (or, with `all_tiers`, every role x credential with its tier) to
    `out` (.csv or .parquet); returns the number of rows written."""
    out = Path(out)
    fmt = export_format(out)
    sql, params = signals_query(wh, role, all_tiers)
    if fmt == "parquet":
        (n,) = wh.con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()
        target = str(out).replace("'", "''")
        try:
            wh.con.execute(f"COPY ({sql}) TO '{target}' (FORMAT parquet)", params)
        except duckdb.Error as exc:
            raise ExportError(f"{out}: {str(exc).splitlines()[0]}") from None
        return n
    cols, rows = wh.query(sql, params)
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(cols)
        writer.writerows([neutralize(v) for v in row] for row in rows)
    return len(rows)
