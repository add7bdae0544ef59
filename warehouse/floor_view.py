"""The rows behind `credfloor floor`'s readable table: a role's floor, its specialization pick,
and what the reader should be warned about (few adverts, wide intervals)."""

from __future__ import annotations

from dataclasses import dataclass, field

from credfloor.normalize.floor_rule import (
    FLOOR_MIN_ADVERTS,
    WIDE_INTERVAL,
    Tier,
    is_borderline,
)
from credfloor.warehouse.queries import resolve_role
from credfloor.warehouse.store import Warehouse
from credfloor.warehouse.tiers import current_snapshot, role_tiers

__all__ = ["FloorRow", "FloorView", "current_snapshot", "floor_view"]


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

    @property
    def warnings(self) -> list[str]:
        out = []
        if self.clusters_total < FLOOR_MIN_ADVERTS:
            out.append(
                f"only {self.clusters_total} adverts for this role: a floor needs at least "
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
    "recall, ci_low, ci_high, tier"
)


def floor_view(wh: Warehouse, role: str) -> FloorView:
    """The role's floor rows (tier floor, or hint when the role has too few adverts), then its
    specialization pick, all read from role_credential_tiers (warehouse/tiers.py)."""
    role_id = resolve_role(wh, role)
    name_row = wh.con.execute("SELECT name FROM roles WHERE role_id = ?", [role_id]).fetchone()
    _, rows = role_tiers(wh, role_id, _COLUMNS)
    _, totals = role_tiers(wh, role_id, "max(postings_total), max(clusters_total)")
    postings_total, clusters_total = (int(totals[0][0] or 0), int(totals[0][1] or 0))
    view = FloorView(role_id, name_row[0] if name_row else None, postings_total, clusters_total)
    floor = [r for r in rows if r[-1] in (Tier.FLOOR, Tier.HINT)]
    floor.sort(key=lambda r: (r[2] is None, r[2] or "", -r[6], r[0]))  # as SQL orders
    view.rows += [FloorRow(r[-1], *r[:-1]) for r in floor]
    picks = sorted((r for r in rows if r[-1] == Tier.SPECIALIZATION), key=lambda r: (-r[6], r[0]))
    view.rows += [FloorRow(r[-1], *r[:-1]) for r in picks]
    return view
