"""`credfloor audit`: resolve a person's credentials, read the role's signals, run the audit."""

from __future__ import annotations

from pathlib import Path

from credfloor.normalize.catalog import load_catalog
from credfloor.normalize.extractor import load_extractor
from credfloor.normalize.resolve import NameResolver
from credfloor.normalize.stack import Audit, Signal, audit
from credfloor.warehouse.queries import resolve_role
from credfloor.warehouse.store import Warehouse


def run_audit(
    db: Path | None,
    role: str,
    have: list[str],
    resume: Path | None = None,
    portfolio: bool | None = None,
) -> Audit:
    catalog = load_catalog()
    resolver = NameResolver(catalog)
    ids, unresolved = [], []
    for name in have:
        cred = resolver.resolve(name)
        (ids.append(cred.id) if cred else unresolved.append(name))
    if resume is not None:
        text = resume.read_text(encoding="utf-8", errors="replace")
        ids += [m.credential_id for m in load_extractor().extract("resume", text)]
    with Warehouse.open(db, read_only=True) as wh:
        role_id = resolve_role(wh, role)
        _, rows = wh.query(
            "SELECT credential_id, postings_with, postings_total, recall, ci_low, ci_high "
            "FROM role_credential_recall WHERE role_id = ? ORDER BY recall DESC",
            [role_id],
        )
        _, left = wh.query(
            "SELECT credential_id FROM floor_changes WHERE role_id = ? AND change = 'left'",
            [role_id],
        )
    signals = [Signal(*row) for row in rows]
    return audit(
        catalog,
        role_id,
        signals,
        list(dict.fromkeys(ids)),
        unresolved,
        portfolio,
        left_floor={r[0] for r in left},
    )


def format_audit(result: Audit) -> str:
    catalog = load_catalog()

    def name(cid: str) -> str:
        return catalog[cid].name if cid in catalog.credentials else cid

    def share(s: Signal) -> str:
        return f"{s.postings_with}/{s.postings_total} ({s.recall:.0%}, 95% CI {s.ci_low:.0%}-{s.ci_high:.0%})"

    lines = [f"Stack audit for {result.role_id}"]
    lines.append("You have: " + (", ".join(name(c) for c in result.have) or "nothing recognised"))
    if result.unresolved:
        lines.append("Not recognised (check spelling): " + ", ".join(result.unresolved))
    lines.append("\nFloor coverage (credentials in >= 60% of postings):")
    for s in result.floor_have:
        lines.append(f"  [x] {name(s.credential_id)}  {share(s)}")
    for s in result.floor_missing:
        lines.append(f"  [ ] {name(s.credential_id)}  {share(s)}")
    if not (result.floor_have or result.floor_missing):
        lines.append("  (no credential reaches 60% for this role)")
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
