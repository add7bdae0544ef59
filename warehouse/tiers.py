"""Reading role_credential_tiers, the one place a role x credential gets its tier.

Every command that shows a floor (floor, report, export, audit) reads its rows through
`tiers_source`: the newest snapshot when it is current (it was written from the view by the
refresh that last wrote postings, so it says what the view says, read from a few hundred rows
instead of aggregating every mention), else the live view.
"""

from __future__ import annotations

from credfloor.warehouse.errors import WarehouseError
from credfloor.warehouse.store import Warehouse

# The columns of role_credential_tiers that commands read, in this order.
TIER_COLUMNS = (
    "role_id, market, role_name, credential_id, credential_name, type, ecosystem, tier, "
    "postings_with, postings_required, postings_total, clusters_total, recall, recall_required, "
    "ci_low, ci_high, borderline, concentration, lift, members"
)
# A snapshot written before markets pooled every posting: its rows read as this market.
POOLED = "all"


def current_snapshot(wh: Warehouse) -> int | None:
    """The newest refresh when it finished and recorded its signals: its snapshot then says
    what the live views say (only a refresh writes postings)."""
    row = wh.con.execute(
        """SELECT r.refresh_id FROM refreshes r
           WHERE r.refresh_id = (SELECT max(refresh_id) FROM refreshes)
             AND r.status = 'finished'
             AND EXISTS (SELECT 1 FROM signal_snapshots s WHERE s.refresh_id = r.refresh_id)"""
    ).fetchone()
    return int(row[0]) if row else None


def _check_migrated(wh: Warehouse) -> None:
    """A warehouse made before markets gets its new columns when a writer opens it; read-only
    commands cannot do that, so they say what to run instead of failing on a missing column."""
    (n,) = wh.con.execute(
        "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'role_credential_tiers' "
        "AND column_name = 'market'"
    ).fetchone()
    if not n:
        raise WarehouseError(
            f"{wh.path}: made by an older credfloor (no labour markets yet); run "
            "`credfloor refresh` once to migrate it in place"
        )


def tiers_source(wh: Warehouse) -> tuple[str, list]:
    """A relation with TIER_COLUMNS (to put after FROM) and its parameters. A reader works
    them out once per connection (`floor` reads them once per market and table)."""
    if wh.read_only and "tiers_source" in wh.reader_memo:
        return wh.reader_memo["tiers_source"]  # type: ignore[return-value]
    source = _tiers_source(wh)
    if wh.read_only:
        wh.reader_memo["tiers_source"] = source
    return source


def _tiers_source(wh: Warehouse) -> tuple[str, list]:
    _check_migrated(wh)
    snapshot = current_snapshot(wh)
    if snapshot is None:
        return f"(SELECT {TIER_COLUMNS} FROM role_credential_tiers)", []
    # The tier is worked out again from the stored numbers by the same macro, so a snapshot
    # written by an older rule reads as the view would today (only the pick is taken as stored).
    return (
        f"""(SELECT s.role_id, coalesce(s.market, '{POOLED}') AS market, rl.name AS role_name,
                   s.credential_id, coalesce(c.name, g.name) AS credential_name,
                   CASE WHEN g.group_id IS NOT NULL THEN 'group' ELSE c.type END AS type,
                   c.ecosystem,
                   credential_tier(s.recall, s.clusters_total, s.tier = 'specialization') AS tier,
                   s.postings_with, s.postings_required, s.postings_total, s.clusters_total,
                   s.recall, s.postings_required / s.clusters_total AS recall_required,
                   s.ci_low, s.ci_high, is_borderline(s.ci_low, s.ci_high) AS borderline,
                   s.concentration, s.lift, s.members
            FROM signal_snapshots s
            LEFT JOIN roles rl USING (role_id)
            LEFT JOIN credentials c USING (credential_id)
            LEFT JOIN (SELECT DISTINCT group_id, name FROM credential_groups) g
                   ON g.group_id = s.credential_id
            WHERE s.refresh_id = ?)""",
        [snapshot],
    )


def role_tiers(
    wh: Warehouse,
    role_id: str,
    columns: str = TIER_COLUMNS,
    where: str = "",
    order: str = "",
    limit: int | None = None,
    market: str | None = None,
    region: str | None = None,
) -> tuple[list[str], list[tuple]]:
    """One role's rows, of one market when given (`where`: more conditions, ANDed; `order`:
    an ORDER BY list). With a region (US-CA), its rows in role_region_credential_tiers."""
    rel, params = tiers_source(wh)
    if region is not None:  # a drill-down: live, few rows
        rel, params = "(SELECT * FROM role_region_credential_tiers WHERE region = ?)", [region]
    sql = f"SELECT {columns} FROM {rel} t WHERE role_id = ?"
    params = [*params, role_id]
    if market is not None:
        sql += " AND market = ?"
        params.append(market)
    sql += f" AND ({where})" if where else ""
    sql += f" ORDER BY {order}" if order else ""
    sql += f" LIMIT {int(limit)}" if limit is not None else ""
    return wh.query(sql, params)


def role_markets(wh: Warehouse, role_id: str) -> list[tuple[str, int, int]]:
    """The role's markets as (market, adverts, postings), biggest first."""
    rel, params = tiers_source(wh)
    return wh.con.execute(
        f"""SELECT market, max(clusters_total), max(postings_total) FROM {rel} t
            WHERE role_id = ? GROUP BY market ORDER BY 2 DESC, market""",
        [*params, role_id],
    ).fetchall()


def normalize_market(market: str | None) -> str | None:
    """`--market gb` -> "GB"; "unknown" and "all" stay lower case."""
    if market is None:
        return None
    m = market.strip()
    return m.lower() if m.lower() in ("unknown", POOLED) else m.upper()


def pick_market(wh: Warehouse, role_id: str, market: str | None) -> tuple[str | None, str | None]:
    """The market to read a single-market answer (audit, report) from, and a note saying why
    when it was not asked for: the role's biggest market, never all markets pooled."""
    market = normalize_market(market)
    if market is not None:
        return market, None
    markets = role_markets(wh, role_id)
    if not markets:
        return None, None
    m, adverts, _ = markets[0]
    others = len(markets) - 1
    note = f"read from market {m}, the role's biggest ({adverts} adverts)"
    if others:
        note += f"; {others} other market{'s' if others > 1 else ''}: use --market to choose"
    return m, note
