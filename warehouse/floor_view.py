"""The rows behind `credfloor floor`'s readable table: a role's floor, its specialization pick,
and what the reader should be warned about (few adverts, wide intervals)."""

from __future__ import annotations

from dataclasses import dataclass, field

from credfloor.warehouse.export import FLOOR_MIN_ADVERTS, FLOOR_MIN_RECALL, has_view
from credfloor.warehouse.queries import resolve_role
from credfloor.warehouse.store import Warehouse

WIDE_INTERVAL = 0.30  # ci_high - ci_low above this reads as "a hint, not a fact"


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
        return self.ci_low < FLOOR_MIN_RECALL <= self.ci_high

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
    "recall, ci_low, ci_high"
)


def floor_view(wh: Warehouse, role: str) -> FloorView:
    role_id = resolve_role(wh, role)
    name_row = wh.con.execute("SELECT name FROM roles WHERE role_id = ?", [role_id]).fetchone()
    totals = wh.con.execute(
        "SELECT max(postings_total), max(clusters_total) FROM role_credential_counts "
        "WHERE role_id = ?",
        [role_id],
    ).fetchone()
    postings_total, clusters_total = (int(totals[0] or 0), int(totals[1] or 0))
    view = FloorView(role_id, name_row[0] if name_row else None, postings_total, clusters_total)
    tier = "floor" if clusters_total >= FLOOR_MIN_ADVERTS else "hint"
    for row in wh.con.execute(
        # role_credential_counts, not _recall: the same columns without spreading every
        # credential over every role, so the role filter keeps this cheap on a big warehouse.
        f"SELECT {_COLUMNS} FROM role_credential_counts WHERE role_id = ? AND recall >= ? "
        "ORDER BY type, recall DESC, credential_id",
        [role_id, FLOOR_MIN_RECALL],
    ).fetchall():
        view.rows.append(FloorRow(tier, *row))
    if has_view(wh, "specialization_signals"):
        for row in wh.con.execute(
            f"SELECT {_COLUMNS} FROM role_credential_recall WHERE role_id = ? AND credential_id "
            "IN (SELECT credential_id FROM specialization_signals WHERE role_id = ?) "
            "ORDER BY recall DESC, credential_id",
            [role_id, role_id],
        ).fetchall():
            view.rows.append(FloorRow("specialization", *row))
    return view
