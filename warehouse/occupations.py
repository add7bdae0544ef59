"""O*NET occupations in the warehouse: the education reference table and view, and floors
rolled up over a SOC group (warehouse/occupations.sql)."""

from __future__ import annotations

from importlib import resources

from credfloor.normalize.floor_rule import FLOOR_MIN_ADVERTS, FLOOR_MIN_RECALL
from credfloor.normalize.occupations import (
    DEGREE_CATEGORIES,
    EDUCATION_LEVELS,
    is_group_code,
    occupations,
    soc_prefix,
)
from credfloor.warehouse.errors import WarehouseError
from credfloor.warehouse.export import has_view
from credfloor.warehouse.floor_view import FloorRow, FloorView
from credfloor.warehouse.store import Warehouse
from credfloor.warehouse.tiers import normalize_market, role_tiers

GROUP_COLUMNS = (
    "credential_id, credential_name, type, postings_with, postings_required, clusters_total, "
    "recall, ci_low, ci_high"
)


def install(wh: Warehouse) -> None:
    """Create the tables, view and macro (idempotent); fill the O*NET tables once."""
    from credfloor.normalize.occupations import _education

    wh.con.execute(resources.files("credfloor.warehouse").joinpath("occupations.sql").read_text())
    (n,) = wh.con.execute("SELECT count(*) FROM occupation_education").fetchone()
    if n == 0:
        rows = [(c, k, v) for c, shares in _education().items() for k, v in shares.items()]
        _insert_columns(wh, "occupation_education", rows)
    (n,) = wh.con.execute("SELECT count(*) FROM occupation_degree_levels").fetchone()
    if n == 0:
        rows = [
            (cid, c, EDUCATION_LEVELS[c]) for cid, cats in DEGREE_CATEGORIES.items() for c in cats
        ]
        _insert_columns(wh, "occupation_degree_levels", rows)


def _insert_columns(wh: Warehouse, table: str, rows: list[tuple]) -> None:
    """Insert rows as one statement over column lists: executemany runs one INSERT per row
    (~10,000 rows here took seconds, paid by every new warehouse)."""
    if not rows:
        return
    columns = [list(c) for c in zip(*rows, strict=True)]
    unnest = ", ".join("unnest(?)" for _ in columns)
    wh.con.execute(f"INSERT INTO {table} SELECT {unnest}", columns)


def _has(wh: Warehouse, name: str) -> bool:
    row = wh.con.execute(
        "SELECT count(*) FROM duckdb_functions() WHERE function_name = ?", [name]
    ).fetchone()
    return bool(row[0])


def group_name(code: str) -> str:
    """A readable name for a SOC group: the single occupation's title when it has one, else its
    major group's title with the number of O*NET occupations inside."""
    from credfloor.normalize.occupations import MAJOR_GROUPS

    prefix = soc_prefix(code) or code
    inside = [o for c, o in occupations().items() if c.startswith(prefix)]
    if len(inside) == 1:
        return inside[0].title
    major = MAJOR_GROUPS.get(code[:2], "SOC")
    return f"{major}: {code} ({len(inside)} O*NET occupations)"


def _groups(soc_code: str) -> list[tuple[str, str]]:
    """(level, code) of the major, minor and broad groups above an O*NET-SOC code. SOC 2018's
    minor groups are NN-N000 except 15-1200 (computer) and 31-1100 (home health, nursing aides)."""
    major, rest = soc_code.split("-")
    minor = (
        f"{major}-{rest[:2]}00"
        if f"{major}-{rest[:2]}" in ("15-12", "31-11")
        else (f"{major}-{rest[0]}000")
    )
    return [("major", f"{major}-0000"), ("minor", minor), ("broad", f"{major}-{rest[:3]}0")]


def roles_tree(wh: Warehouse | None, everything: bool = False) -> tuple[list[str], list[tuple]]:
    """Roles in the SOC hierarchy with posting and advert counts: major, minor and broad group
    rows (counts summed over their roles), then each role under its broad group; roles without
    a SOC code (named with --role) at the end. Shown: every group and role with postings and
    every curated role; `everything`: every O*NET occupation too."""
    from credfloor.normalize.roles import all_roles, load_roles

    counts: dict[str, tuple[int, int]] = {}
    names: dict[str, tuple[str, str | None, str]] = {
        r.id: (r.name, r.soc_code, r.kind) for r in all_roles()
    }
    if wh is not None:
        for role_id, name, soc in wh.con.execute(
            "SELECT role_id, name, soc_code FROM roles"
        ).fetchall():
            names.setdefault(role_id, (name, soc, "custom"))
        for role_id, n, c in wh.con.execute(
            """SELECT role_id, count(*), count(DISTINCT coalesce(cluster_id, posting_id))
               FROM postings WHERE role_id IS NOT NULL GROUP BY role_id"""
        ).fetchall():
            counts[role_id] = (n, c)
    curated = {r.id for r in load_roles()}
    shown = {rid for rid in names if everything or rid in curated or counts.get(rid, (0, 0))[0] > 0}
    group_counts: dict[str, list[int]] = {}
    for rid in shown:
        soc = names[rid][1]
        if soc:
            for _, code in _groups(soc):
                total = group_counts.setdefault(code, [0, 0])
                n, c = counts.get(rid, (0, 0))
                total[0] += n
                total[1] += c
    empty = (None, None) if wh is None else (0, 0)
    rows: list[tuple] = []
    seen_groups: set[str] = set()
    for rid in sorted((r for r in shown if names[r][1]), key=lambda r: (names[r][1], r)):
        name, soc, kind = names[rid]
        for level, code in _groups(soc):
            if code not in seen_groups:
                seen_groups.add(code)
                g = group_counts[code] if wh is not None else empty
                rows.append((level, code, "", _group_title(level, code), None, *g))
        rows.append((kind, soc, rid, name, soc, *counts.get(rid, empty)))
    for rid in sorted(r for r in shown if not names[r][1]):
        name, soc, kind = names[rid]
        rows.append((kind, "", rid, name, None, *counts.get(rid, empty)))
    cols = ["level", "code", "role_id", "name", "soc_code", "postings", "clusters"]
    return cols, rows


def _group_title(level: str, code: str) -> str:
    from credfloor.normalize.occupations import MAJOR_GROUPS

    if level == "major":
        return MAJOR_GROUPS.get(code[:2], code)
    return group_name(code)


def group_market(wh: Warehouse, code: str, market: str | None) -> str:
    """The market a group's floor is read in: the one asked for, else the group's biggest
    (markets are never pooled)."""
    market = normalize_market(market)
    if market is not None:
        return market
    row = wh.con.execute(
        """SELECT v.market FROM role_voters v JOIN roles r USING (role_id)
           WHERE starts_with(r.soc_code, ?)
           GROUP BY v.market ORDER BY count(DISTINCT v.vote_id) DESC, v.market LIMIT 1""",
        [soc_prefix(code)],
    ).fetchone()
    return row[0] if row else "unknown"


def group_counts(
    wh: Warehouse, code: str, market: str | None = None
) -> tuple[list[str], list[tuple]]:
    """Every credential's counts over the postings of a SOC group's roles in one market."""
    if not is_group_code(code):
        raise WarehouseError(f"{code!r}: not a SOC group code (e.g. 29-1140, 15-1200, 29-0000)")
    if not any(c.startswith(soc_prefix(code) or code) for c in occupations()):
        raise WarehouseError(f"{code!r}: no O*NET-SOC occupation in this group (see `roles list`)")
    if not _has(wh, "soc_group_credential_counts"):
        raise WarehouseError("this warehouse predates SOC roll-ups; run `credfloor refresh` once")
    market = group_market(wh, code, market)
    return wh.query(
        f"SELECT '{code}' AS soc_group, ? AS market, {GROUP_COLUMNS} "
        "FROM soc_group_credential_counts(?, ?) ORDER BY type, recall DESC, credential_id",
        [market, soc_prefix(code), market],
    )


def group_floor(
    wh: Warehouse, code: str, market: str | None = None
) -> tuple[list[str], list[tuple]]:
    """The group's floor rows in one market (recall >= 60%; empty below the minimum adverts)."""
    cols, rows = group_counts(wh, code, market)
    i, n = cols.index("recall"), cols.index("clusters_total")
    return cols, [r for r in rows if r[i] >= FLOOR_MIN_RECALL and r[n] >= FLOOR_MIN_ADVERTS]


def group_floor_view(wh: Warehouse, code: str, market: str | None = None) -> FloorView:
    """The readable floor of a SOC group, over all its roles' adverts in one market."""
    market = group_market(wh, code, market)
    cols, rows = group_counts(wh, code, market)
    postings, clusters = _group_totals(wh, code, market)
    view = FloorView(code, group_name(code), postings, clusters, market=market)
    tier = "floor" if clusters >= FLOOR_MIN_ADVERTS else "hint"
    for r in rows:
        rec = dict(zip(cols, r, strict=True))
        if rec["recall"] >= FLOOR_MIN_RECALL:
            view.rows.append(
                FloorRow(
                    tier,
                    rec["credential_id"],
                    rec["credential_name"],
                    rec["type"],
                    rec["postings_with"],
                    rec["postings_required"],
                    rec["clusters_total"],
                    rec["recall"],
                    rec["ci_low"],
                    rec["ci_high"],
                )
            )
    return view


def _group_totals(wh: Warehouse, code: str, market: str) -> tuple[int, int]:
    row = wh.con.execute(
        """SELECT count(*), count(DISTINCT vote_id) FROM role_voters v JOIN roles r USING (role_id)
           WHERE starts_with(r.soc_code, ?) AND v.market = ?""",
        [soc_prefix(code), market],
    ).fetchone()
    return int(row[0]), int(row[1])


def degree_reference(wh: Warehouse, role_id: str, market: str | None) -> list[tuple]:
    """(credential_id, level, postings_with, clusters_total, recall, onet_share) for a role in
    one market, as the view role_degree_reference has them; empty when the view is missing or
    O*NET has no survey for the role's occupation. The counts come from the tiers the floor
    reads (the current snapshot): the view aggregates every role's adverts, seconds on a
    million postings, for a handful of numbers the snapshot already holds."""
    if not has_view(wh, "role_onet_degree_shares"):
        return []
    shares = wh.con.execute(
        """SELECT credential_id, level, onet_share FROM role_onet_degree_shares
           WHERE role_id = ?""",
        [role_id],
    ).fetchall()
    if not shares or market is None:
        return []
    _, rows = role_tiers(wh, role_id, "credential_id, postings_with, clusters_total", market=market)
    counts = {cid: int(k) for cid, k, _ in rows}
    clusters = max((int(n) for _, _, n in rows), default=0)
    if not rows:  # adverts that name no catalog credential: counted from the voters
        (clusters,) = wh.con.execute(
            "SELECT count(DISTINCT vote_id) FROM role_voters WHERE role_id = ? AND market = ?",
            [role_id, market],
        ).fetchone()
        if not clusters:
            return []
    out = [
        (cid, level, counts.get(cid, 0), clusters, counts.get(cid, 0) / clusters, share)
        for cid, level, share in shares
    ]
    return sorted(out, key=lambda r: (-r[5], r[0]))


def group_degree_reference(wh: Warehouse, code: str, market: str | None = None) -> list[tuple]:
    """The same for a SOC group: measured over the group's adverts in one market; O*NET's share
    averaged over the group's surveyed occupations."""
    from credfloor.normalize.occupations import group_degree_reference as onet_mean

    market = group_market(wh, code, market)
    prefix = soc_prefix(code) or code
    codes = [c for c in occupations() if c.startswith(prefix)]
    cols, rows = group_counts(wh, code, market)
    measured = {r[cols.index("credential_id")]: r for r in rows}
    _, clusters = _group_totals(wh, code, market)
    out = []
    for cid, cats in DEGREE_CATEGORIES.items():
        share = onet_mean(codes, cid)
        if share is None:
            continue
        r = measured.get(cid)
        k = r[cols.index("postings_with")] if r else 0
        out.append(
            (cid, EDUCATION_LEVELS[cats[0]], k, clusters, k / clusters if clusters else 0, share)
        )
    return sorted(out, key=lambda r: (-r[5], r[0]))
