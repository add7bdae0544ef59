"""`credfloor audit`: resolve a person's credentials, read the role's signals, run the audit."""

from __future__ import annotations

from pathlib import Path

from credfloor.normalize.catalog import load_catalog
from credfloor.normalize.extractor import load_extractor
from credfloor.normalize.floor_rule import FLOOR_MIN_ADVERTS, FLOOR_MIN_RECALL, Band
from credfloor.normalize.resolve import NameResolver
from credfloor.normalize.stack import (
    Audit,
    Signal,
    audit,
    earned_year_after,
    split_earned_year,
)
from credfloor.warehouse.queries import resolve_role
from credfloor.warehouse.store import Warehouse
from credfloor.warehouse.tiers import pick_market, role_tiers

LEVELS = tuple(Band)
# Below a floor's adverts at one seniority, a level's own floor is noise: use the whole role.
MIN_LEVEL_ADVERTS = FLOOR_MIN_ADVERTS
SIGNAL_COLUMNS = "credential_id, postings_with, postings_total, recall, ci_low, ci_high"


def run_audit(
    db: Path | None,
    role: str,
    have: list[str],
    resume: Path | None = None,
    portfolio: bool | None = None,
    level: str | None = None,
    as_of: int | None = None,
    market: str | None = None,
) -> Audit:
    """`have` names may end with the year earned in brackets: "Security+ (2019)"."""
    if level is not None and level not in LEVELS:
        raise ValueError(f"--level {level!r}: expected one of {', '.join(LEVELS)}")
    catalog = load_catalog()
    resolver = NameResolver(catalog)
    ids, unresolved, earned = [], [], {}
    for entry in have:
        name, year = split_earned_year(entry)
        cred = resolver.resolve(name)
        if cred is None:
            unresolved.append(entry)
            continue
        ids.append(cred.id)
        if year is not None:
            earned[cred.id] = year
    if resume is not None:
        text = resume.read_text(encoding="utf-8", errors="replace")
        for m in load_extractor().extract("resume", text):
            ids.append(m.credential_id)
            year = earned_year_after(text, m.end)
            if year is not None:
                earned.setdefault(m.credential_id, year)
    notes = []
    with Warehouse.open(db, read_only=True) as wh:
        role_id = resolve_role(wh, role)
        # One labour market, never all pooled: the one asked for, else the role's biggest.
        market, market_note = pick_market(wh, role_id, market)
        if market_note:
            notes.append(market_note)
        rows = None
        if level is not None:
            _, rows = wh.query(
                f"SELECT {SIGNAL_COLUMNS}, clusters_total FROM role_level_credential_recall "
                "WHERE role_id = ? AND level = ? AND market = ? ORDER BY recall DESC",
                [role_id, level, market],
            )
            adverts = rows[0][-1] if rows else 0
            if adverts < MIN_LEVEL_ADVERTS:
                notes.append(
                    f"only {adverts} {level}-level advert{'' if adverts == 1 else 's'} "
                    f"for this role (fewer than "
                    f"{MIN_LEVEL_ADVERTS}): the floor below is read from all its postings"
                )
                rows = None
            else:
                notes.append(
                    f"the floor below is read from the role's {adverts} {level}-level adverts"
                )
                rows = [r[:-1] for r in rows]
        if rows is None:  # the tiers every command reads (warehouse/tiers.py)
            _, rows = role_tiers(
                wh, role_id, SIGNAL_COLUMNS, order="recall DESC", market=market or ""
            )
        _, left = wh.query(
            "SELECT credential_id FROM floor_changes WHERE role_id = ? AND change = 'left' "
            "AND market IS NOT DISTINCT FROM ?",
            [role_id, market],
        )
    result = audit(
        catalog,
        role_id,
        [Signal(*row) for row in rows],
        list(dict.fromkeys(ids)),
        unresolved,
        portfolio,
        left_floor={r[0] for r in left},
        earned=earned,
        as_of=as_of,
        level=level,
    )
    result.notes = notes
    return result


def format_audit(result: Audit) -> str:
    catalog = load_catalog()

    groups = {g.id: g.name for g in catalog.groups}

    def name(cid: str) -> str:
        return catalog[cid].name if cid in catalog.credentials else groups.get(cid, cid)

    def share(s: Signal) -> str:
        return f"{s.postings_with}/{s.postings_total} ({s.recall:.0%}, 95% CI {s.ci_low:.0%}-{s.ci_high:.0%})"

    def held(cid: str) -> str:
        year = result.earned.get(cid)
        return f"{name(cid)} ({year})" if year else name(cid)

    lines = [
        f"Stack audit for {result.role_id}" + (f" ({result.level} level)" if result.level else "")
    ]
    lines.append("You have: " + (", ".join(held(c) for c in result.have) or "nothing recognised"))
    if result.unresolved:
        lines.append("Not recognised (check spelling): " + ", ".join(result.unresolved))
    lines += [f"Note: {n}" for n in result.notes]
    lines.append(f"\nFloor coverage (credentials in >= {FLOOR_MIN_RECALL:.0%} of postings):")
    for s in result.floor_have:
        lines.append(f"  [x] {name(s.credential_id)}  {share(s)}")
    for s in result.floor_missing:
        lines.append(f"  [ ] {name(s.credential_id)}  {share(s)}")
    if not (result.floor_have or result.floor_missing):
        lines.append(f"  (no credential reaches {FLOOR_MIN_RECALL:.0%} for this role)")
    lines.append("\nNext steps:")
    for i, (cid, why) in enumerate(result.next_steps, 1):
        lines.append(f"  {i}. {name(cid)}  ({why})")
    if result.specialization:
        s = result.specialization
        lines.append(f"  then one specialization: {name(s.credential_id)}  {share(s)}")
    if result.warnings:
        lines.append("\nWarnings:")
        for w in result.warnings:
            lines.append(f"  - [{w.code}] {w.message}" + (f" ({w.evidence})" if w.evidence else ""))
    return "\n".join(lines)
