"""The rows behind `credfloor floor`'s readable tables: a role's floor in each labour market,
its specialization pick, and what the reader should be warned about (few adverts, wide
intervals). Markets are never pooled: one table per market with a floor's adverts."""

from __future__ import annotations

from dataclasses import dataclass, field

from credfloor.normalize.floor_rule import (
    FLOOR_MIN_ADVERTS,
    FLOOR_MIN_RECALL,
    WIDE_INTERVAL,
    Tier,
    is_borderline,
)
from credfloor.warehouse.export import has_view
from credfloor.warehouse.queries import resolve_role
from credfloor.warehouse.store import Warehouse
from credfloor.warehouse.tiers import current_snapshot, normalize_market, role_markets, role_tiers

__all__ = [
    "FloorRow",
    "FloorView",
    "MarketFloors",
    "current_snapshot",
    "floor_markets",
    "floor_view",
]


@dataclass(frozen=True)
class FloorRow:
    tier: str  # floor | hint (role below the minimum adverts) | specialization
    credential_id: str
    credential_name: str | None
    type: str | None
    postings_with: int
    postings_required: int
    clusters_total: int
    recall: float
    ci_low: float
    ci_high: float
    members: str | None = None  # an equivalence group's members and their shares
    # False: a credential the catalog lacks (issue 17); credential_id holds its candidate_key.
    in_catalog: bool = True

    @property
    def borderline(self) -> bool:
        return is_borderline(self.ci_low, self.ci_high)

    @property
    def wide(self) -> bool:
        return self.ci_high - self.ci_low > WIDE_INTERVAL


@dataclass
class FloorView:
    role_id: str
    role_name: str | None
    postings_total: int
    clusters_total: int
    rows: list[FloorRow] = field(default_factory=list)
    market: str | None = None  # ISO country, 'unknown', or 'all' (a snapshot from before markets)
    region: str | None = None  # a drill-down inside the market (ISO 3166-2)

    @property
    def warnings(self) -> list[str]:
        out = []
        if self.clusters_total < FLOOR_MIN_ADVERTS:
            out.append(
                f"only {self.clusters_total} adverts for this role"
                + (f" in market {self.market}" if self.market else "")
                + f": a floor needs at least "
                f"{FLOOR_MIN_ADVERTS}; rows marked 'hint' are not a floor"
            )
        wide = [r.credential_id for r in self.rows if r.wide]
        if wide:
            out.append(
                f"wide 95% interval (> {WIDE_INTERVAL:.0%}) for {', '.join(wide)}: "
                "more postings would make this a fact rather than a hint"
            )
        return out


_COLUMNS = (
    "credential_id, credential_name, type, postings_with, postings_required, clusters_total, "
    "recall, ci_low, ci_high, members, tier"
)


@dataclass
class MarketFloors:
    """A role's floor per market: a view per market with a floor's adverts (biggest first, or
    the one asked for), and the smaller markets as (market, adverts)."""

    role_id: str
    views: list[FloorView]
    others: list[tuple[str, int]] = field(default_factory=list)


def floor_markets(
    wh: Warehouse, role: str, market: str | None = None, region: str | None = None
) -> MarketFloors:
    role_id = resolve_role(wh, role)
    market = normalize_market(market)
    if region is not None:  # US-CA: inside market US
        region = region.strip().upper()
        market = market or region.split("-", 1)[0]
        candidates = _candidate_rows(wh, role_id, market, region)
        return MarketFloors(role_id, [_view(wh, role_id, market, candidates, region)])
    if market is not None:
        candidates = _candidate_rows(wh, role_id, market)
        return MarketFloors(role_id, [_view(wh, role_id, market, candidates)])
    markets = role_markets(wh, role_id) or _voter_markets(wh, role_id)
    big = [m for m, adverts, _ in markets if adverts >= FLOOR_MIN_ADVERTS]
    if not big and markets:  # no market has a floor's adverts: the biggest one's hints
        big = [markets[0][0]]
    # One read of the role's unlisted candidates for all its markets: each read scans every
    # mention, a tenth of a second on a million postings.
    candidates = _candidate_rows(wh, role_id) if big else []
    views = [_view(wh, role_id, m, [c for c in candidates if c[0] == m]) for m in big]
    others = [(m, adverts) for m, adverts, _ in markets if m not in big]
    if not views:
        views = [_view(wh, role_id, None, [])]
    return MarketFloors(role_id, views, others)


def _voter_markets(wh: Warehouse, role_id: str) -> list[tuple[str, int, int]]:
    """The role's markets counted from its adverts, for a role none of whose adverts names a
    catalog credential (its only floor rows can be unlisted candidates)."""
    return wh.con.execute(
        """SELECT market, count(DISTINCT vote_id), count(*) FROM role_voters WHERE role_id = ?
           GROUP BY market ORDER BY 2 DESC, market""",
        [role_id],
    ).fetchall()


def floor_view(wh: Warehouse, role: str, market: str | None = None) -> FloorView:
    """One market's floor (default: the role's biggest market)."""
    return floor_markets(wh, role, market).views[0]


def _view(
    wh: Warehouse,
    role_id: str,
    market: str | None,
    candidates: list[tuple],
    region: str | None = None,
) -> FloorView:
    """The floor rows (tier floor, or hint when the market has too few adverts), then the
    specialization pick, all read from role_credential_tiers (warehouse/tiers.py); then the
    market's unlisted `candidates` (rows of _candidate_rows)."""
    name_row = wh.con.execute("SELECT name FROM roles WHERE role_id = ?", [role_id]).fetchone()
    # The market's totals ride along on every row (one query: a million-posting warehouse
    # pays ~10 ms a query).
    _, rows = (
        role_tiers(
            wh,
            role_id,
            f"max(postings_total) OVER (), max(clusters_total) OVER (), {_COLUMNS}",
            market=market,
            region=region,
        )
        if market
        else (None, [])
    )
    postings_total, clusters_total = (
        (int(rows[0][0] or 0), int(rows[0][1] or 0)) if rows else (0, 0)
    )
    rows = [r[2:] for r in rows]
    candidates = [c[1:] for c in candidates]  # without the market
    if not clusters_total and candidates:
        # A market whose adverts name only credentials the catalog lacks has no catalog rows
        # to carry its totals; the candidates' rows carry the same ones.
        postings_total, clusters_total = int(candidates[0][-1]), int(candidates[0][5])
    view = FloorView(
        role_id,
        name_row[0] if name_row else None,
        postings_total,
        clusters_total,
        market=market,
        region=region,
    )
    floor = [r for r in rows if r[-1] in (Tier.FLOOR, Tier.HINT)]
    floor.sort(key=lambda r: (r[2] is None, r[2] or "", -r[6], r[0]))  # as SQL orders
    view.rows += [FloorRow(r[-1], *r[:-1]) for r in floor]
    tier = Tier.FLOOR if clusters_total >= FLOOR_MIN_ADVERTS else Tier.HINT
    view.rows += [FloorRow(tier, *r[:-1], in_catalog=False) for r in candidates]
    picks = sorted((r for r in rows if r[-1] == Tier.SPECIALIZATION), key=lambda r: (-r[6], r[0]))
    view.rows += [FloorRow(r[-1], *r[:-1]) for r in picks]
    return view


def _candidate_rows(
    wh: Warehouse, role_id: str, market: str | None = None, region: str | None = None
) -> list[tuple]:
    """Unlisted candidates at the floor's threshold, as (market, candidate_key, surface, ...),
    of one market or region of it, or of all the role's markets; read live (a snapshot holds
    catalog credentials only); none from a warehouse made before the view existed."""
    view = "role_candidate_counts" if region is None else "role_region_candidate_counts"
    given = [(col, v) for col, v in (("market", market), ("region", region)) if v is not None]
    where = "".join(f" AND {col} = ?" for col, _ in given)
    params = [role_id, *(v for _, v in given)]
    if not has_view(wh, view):
        return []
    return wh.con.execute(
        f"""SELECT market, candidate_key, surface, type, postings_with, postings_required,
                   clusters_total, recall, ci_low, ci_high, postings_total
            FROM {view} WHERE role_id = ?{where} AND recall >= ?
            ORDER BY recall DESC, candidate_key""",
        [*params, FLOOR_MIN_RECALL],
    ).fetchall()
