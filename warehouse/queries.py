"""Read-side helpers over the public views (floor, roles, export)."""

from __future__ import annotations

from pathlib import Path

from credfloor.warehouse.errors import WarehouseError
from credfloor.warehouse.store import Warehouse

FLOOR_COLUMNS = (
    "role_id, credential_id, credential_name, type, postings_with, postings_total, "
    "round(recall, 3) AS recall, round(ci_low, 3) AS ci_low, round(ci_high, 3) AS ci_high, borderline"
)


class UnknownRole(WarehouseError):
    pass


def resolve_role(wh: Warehouse, name: str) -> str:
    """A role id from an id or a name (case-insensitive); unknown roles list the known ones."""
    rows = wh.con.execute(
        "SELECT role_id FROM roles WHERE lower(role_id) = lower(?) OR lower(name) = lower(?)",
        [name.strip(), name.strip()],
    ).fetchall()
    if rows:
        return rows[0][0]
    known = ", ".join(wh.role_ids()[:30]) or "none yet"
    raise UnknownRole(f"unknown role {name!r}; known roles: {known}")


def floor(wh: Warehouse, role: str) -> tuple[list[str], list[tuple]]:
    role_id = resolve_role(wh, role)
    return wh.query(
        f"SELECT {FLOOR_COLUMNS} FROM floor_signals WHERE role_id = ? "
        "ORDER BY type, recall DESC, credential_id",
        [role_id],
    )


def biggest_roles(wh: Warehouse, limit: int = 8, min_postings: int = 10) -> list[tuple[str, int]]:
    return wh.con.execute(
        """SELECT role_id, count(DISTINCT coalesce(cluster_id, posting_id)) AS n FROM postings
           WHERE role_id IS NOT NULL GROUP BY role_id HAVING n >= ?
           ORDER BY n DESC, role_id LIMIT ?""",
        [min_postings, limit],
    ).fetchall()


def export_floor(wh: Warehouse, out: Path, role: str | None = None) -> int:
    where, params = "", []
    if role:
        where, params = "WHERE role_id = ?", [resolve_role(wh, role)]
    return wh.copy_to_csv(
        f"SELECT {FLOOR_COLUMNS} FROM floor_signals {where} ORDER BY role_id, type, recall DESC, "
        "credential_id",
        params,
        out,
    )
