"""Read-side helpers over the public views (floor, roles, export)."""

from __future__ import annotations

from pathlib import Path

from credfloor.normalize.roles import role_for_title
from credfloor.warehouse.errors import WarehouseError
from credfloor.warehouse.store import Warehouse

FLOOR_COLUMNS = (
    "role_id, credential_id, credential_name, type, postings_with, postings_total, "
    "round(recall, 3) AS recall, round(ci_low, 3) AS ci_low, round(ci_high, 3) AS ci_high, borderline, "
    "clusters_total"
)


class UnknownRole(WarehouseError):
    pass


def resolve_role(wh: Warehouse, name: str) -> str:
    """A role id from an id, a name (case-insensitive) or any job title that resolves to a role
    (normalize/roles.py: "Sr. Cloud Engineer II"); unknown roles list the known ones."""
    rows = wh.con.execute(
        "SELECT role_id FROM roles WHERE lower(role_id) = lower(?) OR lower(name) = lower(?)",
        [name.strip(), name.strip()],
    ).fetchall()
    if rows:
        return rows[0][0]
    titled = role_for_title(name)
    if titled is not None and titled.id in wh.role_ids():
        return titled.id
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


def roles_overview(wh: Warehouse | None) -> tuple[list[str], list[tuple]]:
    """Every role of the catalog (and any custom role in the warehouse) with its posting and
    cluster counts; without a warehouse, the counts are empty."""
    from credfloor.normalize.roles import load_roles

    counts: dict[str, tuple] = {}
    names: dict[str, tuple[str, str | None]] = {r.id: (r.name, r.soc_code) for r in load_roles()}
    if wh is not None:
        for role_id, name, soc in wh.con.execute(
            "SELECT role_id, name, soc_code FROM roles"
        ).fetchall():
            names.setdefault(role_id, (name, soc))
        for role_id, n, c in wh.con.execute(
            """SELECT role_id, count(*), count(DISTINCT coalesce(cluster_id, posting_id))
               FROM postings WHERE role_id IS NOT NULL GROUP BY role_id"""
        ).fetchall():
            counts[role_id] = (n, c)
    rows = [
        (rid, name, soc, *counts.get(rid, (0, 0) if wh is not None else (None, None)))
        for rid, (name, soc) in names.items()
    ]
    rows.sort(key=lambda r: (-(r[3] or 0), r[0]))
    return ["role_id", "name", "soc_code", "postings", "clusters"], rows
