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
from credfloor.warehouse.tiers import normalize_market, tiers_source

FORMATS = {".csv": "csv", ".parquet": "parquet"}
FORMULA_PREFIXES = ("=", "+", "-", "@")
ALL_TIERS_COLUMNS = (
    "role_id, market, role_name, credential_id, credential_name, type, ecosystem, tier, postings_with, "
    "postings_required, postings_total, clusters_total, round(recall, 3) AS recall, "
    "round(recall_required, 3) AS recall_required, round(ci_low, 3) AS ci_low, "
    "round(ci_high, 3) AS ci_high, borderline, members"
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


def signals_query(
    wh: Warehouse, role: str | None, all_tiers: bool, market: str | None = None
) -> tuple[str, list]:
    """The SELECT behind an export and its parameters: rows of role_credential_tiers (the floor
    tier, or every tier), each with its market."""
    rel, params = tiers_source(wh)
    where = [] if all_tiers else ["tier = 'floor'"]
    if role:
        where.append("role_id = ?")
        params = [*params, resolve_role(wh, role)]
    if market:
        where.append("market = ?")
        params = [*params, normalize_market(market)]
    cond = f"WHERE {' AND '.join(where)}" if where else ""
    if not all_tiers:
        return (
            f"SELECT {FLOOR_COLUMNS} FROM {rel} t {cond} "
            "ORDER BY role_id, market, type, recall DESC, credential_id",
            params,
        )
    return (
        f"SELECT {ALL_TIERS_COLUMNS} FROM {rel} t {cond} "
        "ORDER BY role_id, market, tier_order(tier), recall DESC, credential_id",
        params,
    )


def export_signals(
    wh: Warehouse,
    out: Path,
    role: str | None = None,
    all_tiers: bool = False,
    market: str | None = None,
) -> int:
    """Write the floor signals (or, with `all_tiers`, every role x credential with its tier) to
    `out` (.csv or .parquet); returns the number of rows written."""
    out = Path(out)
    fmt = export_format(out)
    sql, params = signals_query(wh, role, all_tiers, market)
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
