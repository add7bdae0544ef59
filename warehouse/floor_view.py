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
    # False: a credential the catalog lacks (issue 17); credential_id holds its candidate_key.
    in_catalog: bool = True

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


def current_snapshot(wh: Warehouse) -> int | None:
    """The newest refresh when it finished and recorded its signals: its snapshot then says
    what the live views say (only a refresh writes postings), read from a few hundred rows
    instead of aggregating every mention (on a million postings, ~0.3 s per role -> ms)."""
    row = wh.con.execute(
        """SELECT r.refresh_id FROM refreshes r
           WHERE r.refresh_id = (SELECT max(refresh_id) FROM refreshes)
             AND r.status = 'finished'
             AND EXISTS (SELECT 1 FROM signal_snapshots s WHERE s.refresh_id = r.refresh_id)"""
    ).fetchone()
    return int(row[0]) if row else None


def floor_view(wh: Warehouse, role: str) -> FloorView:
    role_id = resolve_role(wh, role)
    name_row = wh.con.execute("SELECT name FROM roles WHERE role_id = ?", [role_id]).fetchone()
    snapshot = current_snapshot(wh)
    if snapshot is not None:
        rows = wh.con.execute(
            f"""SELECT {_COLUMNS}, s.tier = 'specialization' FROM signal_snapshots s
                LEFT JOIN (SELECT credential_id, name AS credential_name, type
                           FROM credentials) c USING (credential_id)
                WHERE s.refresh_id = ? AND s.role_id = ?""",
            [snapshot, role_id],
        ).fetchall()
        totals = wh.con.execute(
            "SELECT max(postings_total), max(clusters_total) FROM signal_snapshots "
            "WHERE refresh_id = ? AND role_id = ?",
            [snapshot, role_id],
        ).fetchone()
    else:
        rows = _live_rows(wh, role_id)
        totals = wh.con.execute(
            "SELECT max(postings_total), max(clusters_total) FROM role_credential_counts "
            "WHERE role_id = ?",
            [role_id],
        ).fetchone()
    candidates = _candidate_rows(wh, role_id)
    if not (totals and totals[1]) and candidates:
        # A role whose adverts name only credentials the catalog lacks has no catalog rows to
        # carry its totals; the candidates' rows carry the same ones.
        totals = (candidates[0][-1], candidates[0][5])
    postings_total, clusters_total = (int(totals[0] or 0), int(totals[1] or 0))
    view = FloorView(role_id, name_row[0] if name_row else None, postings_total, clusters_total)
    tier = "floor" if clusters_total >= FLOOR_MIN_ADVERTS else "hint"
    floor = [r for r in rows if r[6] >= FLOOR_MIN_RECALL]
    floor.sort(key=lambda r: (r[2] is None, r[2] or "", -r[6], r[0]))  # as SQL orders
    view.rows += [FloorRow(tier, *r[:-1]) for r in floor]
    view.rows += [FloorRow(tier, *r[:-1], in_catalog=False) for r in candidates]
    picks = sorted((r for r in rows if r[-1]), key=lambda r: (-r[6], r[0]))
    view.rows += [FloorRow("specialization", *r[:-1]) for r in picks]
    return view


def _candidate_rows(wh: Warehouse, role_id: str) -> list[tuple]:
    """Unlisted candidates at the floor's threshold, read live (a snapshot holds catalog
    credentials only); none from a warehouse made before the view existed."""
    if not has_view(wh, "role_candidate_counts"):
        return []
    return wh.con.execute(
        """SELECT candidate_key, surface, type, postings_with, postings_required, clusters_total,
                  recall, ci_low, ci_high, postings_total
           FROM role_candidate_counts WHERE role_id = ? AND recall >= ?
           ORDER BY recall DESC, candidate_key""",
        [role_id, FLOOR_MIN_RECALL],
    ).fetchall()


def _live_rows(wh: Warehouse, role_id: str) -> list[tuple]:
    """The role's rows from the live views, each with whether it is the specialization pick."""
    # role_credential_counts, not _recall: the same columns without spreading every credential
    # over every role, so the role filter keeps this cheap on a big warehouse.
    rows = wh.con.execute(
        f"SELECT {_COLUMNS}, false FROM role_credential_counts WHERE role_id = ? AND recall >= ?",
        [role_id, FLOOR_MIN_RECALL],
    ).fetchall()
    if has_view(wh, "specialization_signals"):
        rows += wh.con.execute(
            f"SELECT {_COLUMNS}, true FROM role_credential_recall WHERE role_id = ? AND "
            "credential_id IN (SELECT credential_id FROM specialization_signals WHERE role_id = ?)",
            [role_id, role_id],
        ).fetchall()
    return rows
