"""Read-side helpers over the public views (floor, roles, export)."""

from __future__ import annotations

from pathlib import Path

from credfloor.warehouse.errors import WarehouseError
from credfloor.warehouse.store import Warehouse

FLOOR_COLUMNS = (
    "role_id, market, credential_id, credential_name, type, postings_with, postings_total, "
    "round(recall, 3) AS recall, round(ci_low, 3) AS ci_low, round(ci_high, 3) AS ci_high, borderline, "
    "clusters_total, members"
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
    # Imported here: the title rules load O*NET's titles, ~0.05 s that `floor --role ID` skips.
    from credfloor.normalize.roles import role_by_id_or_name, role_for_title

    known = role_by_id_or_name(name)  # an O*NET-SOC code or occupation slug: "29-1141"
    if known is not None and known.id in wh.role_ids():
        return known.id
    titled = role_for_title(name)
    if titled is not None and titled.id in wh.role_ids():
        return titled.id
    known = ", ".join(wh.role_ids()[:30]) or "none yet"
    raise UnknownRole(f"unknown role {name!r}; known roles: {known}")


def floor(
    wh: Warehouse, role: str, market: str | None = None, region: str | None = None
) -> tuple[list[str], list[tuple]]:
    """The role's floor rows of role_credential_tiers (warehouse/tiers.py), every market's
    (biggest first) or one's; with a region (US-CA), that region's."""
    from credfloor.warehouse.tiers import normalize_market, role_tiers

    region = region.strip().upper() if region else None
    market = normalize_market(market) or (region.split("-", 1)[0] if region else None)
    return role_tiers(
        wh,
        resolve_role(wh, role),
        FLOOR_COLUMNS,
        "tier = 'floor'",
        "clusters_total DESC, market, type, recall DESC, credential_id",
        market=market,
        region=region,
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


CHANGES_COLUMNS = (
    "market, change, credential_id, credential_name, type, tier_before, tier_after, "
    "round(recall_before, 3) AS recall_before, round(recall_after, 3) AS recall_after, "
    "round(recall_delta, 3) AS recall_delta, postings_with_before, postings_with_after, "
    "clusters_total_before, clusters_total_after, from_refresh_id, to_refresh_id"
)


def snapshot_ids(wh: Warehouse) -> list[int]:
    """Refresh ids that have a signal snapshot, oldest first."""
    return [
        r[0]
        for r in wh.con.execute(
            "SELECT DISTINCT refresh_id FROM signal_snapshots ORDER BY refresh_id"
        ).fetchall()
    ]


def changes(
    wh: Warehouse, role: str, since: int | None = None, top: int = 10, market: str | None = None
) -> tuple[list[str], list[tuple]]:
    """What changed in a role's signals between two snapshots: the snapshot of refresh `since`
    (default: the one before the latest) and the latest. Every credential that entered or left
    the floor, then the `top` largest other recall moves."""
    from credfloor.warehouse.tiers import normalize_market

    role_id = resolve_role(wh, role)
    ids = snapshot_ids(wh)
    if len(ids) < 2:
        have = f"only refresh {ids[0]} has one" if ids else "none yet"
        raise WarehouseError(
            f"changes need two refresh snapshots ({have}); run `credfloor refresh` again later"
        )
    latest = ids[-1]
    if since is None:
        since = ids[-2]
    elif since not in ids or since == latest:
        earlier = ", ".join(str(i) for i in ids[:-1])
        raise WarehouseError(
            f"--since {since}: no earlier snapshot with that refresh id "
            f"(snapshots: {earlier}; latest {latest})"
        )
    return wh.query(
        f"""SELECT {CHANGES_COLUMNS} FROM (
                SELECT *, row_number() OVER (
                    PARTITION BY market, change IN ('entered', 'left')
                    ORDER BY abs(recall_delta) DESC, credential_id) AS k
                FROM floor_changes_between(?, ?) WHERE role_id = ?
                     AND (CAST(? AS VARCHAR) IS NULL OR market = ?))
            WHERE change IN ('entered', 'left') OR (change IN ('up', 'down') AND k <= ?)
            ORDER BY market, CASE change WHEN 'entered' THEN 0 WHEN 'left' THEN 1 ELSE 2 END,
                     abs(recall_delta) DESC, credential_id""",
        [since, latest, role_id, normalize_market(market), normalize_market(market), top],
    )
