"""Stack audit: a person's credentials against a role's signals and the known stacking mistakes.

Takes plain data (the role's recall rows and a list of credential ids), so it runs and is tested
without a database; `credfloor audit` feeds it from the warehouse.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date

from credfloor.normalize.catalog import Catalog, Credential
from credfloor.normalize.floor_rule import FLOOR_MIN_RECALL as FLOOR

JOB_READY = (3, 5)
PADDING_ABOVE = 7
LEVEL_ORDER = {
    "foundational": 0,
    None: 1,
    "associate": 1,
    "specialty": 2,
    "professional": 2,
    "expert": 3,
}
# The entry levels, which the catalog does not order (none requires another: a bachelor's
# needs no associate degree). Every other degree ranks one above the highest degree it
# comes after in the catalog (master, MBA, JD, MD: bachelor + 1; doctorate: master + 1), so a
# degree added to the catalog is ranked without a list here to keep in step.
ENTRY_DEGREE_RANK = {"degree-high-school": 0, "degree-associate": 1, "degree-bachelor": 2}


@dataclass(frozen=True)
class Signal:
    """One row of role_credential_recall."""

    credential_id: str
    postings_with: int
    postings_total: int
    recall: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    evidence: str = ""


@dataclass
class Audit:
    role_id: str
    have: list[str]
    unresolved: list[str]
    floor_have: list[Signal] = field(default_factory=list)
    floor_missing: list[Signal] = field(default_factory=list)
    next_steps: list[tuple[str, str]] = field(default_factory=list)
    specialization: Signal | None = None
    warnings: list[Finding] = field(default_factory=list)
    level: str | None = None  # entry | mid | senior: the postings the signals were read from
    earned: dict[str, int] = field(default_factory=dict)  # credential id -> year earned
    notes: list[str] = field(default_factory=list)  # how the signals were chosen

    def as_dict(self) -> dict:
        return asdict(self)


_EARNED = re.compile(r"\s*[\(\[]\s*(?:earned\s*)?((?:19|20)\d\d)\s*[\)\]]\s*$", re.I)
_YEAR_AFTER = re.compile(r"[^\n]{0,40}?\b((?:19|20)\d\d)\b")


def split_earned_year(name: str) -> tuple[str, int | None]:
    """ "Security+ (2019)" -> ("Security+", 2019); a name without a year in brackets is kept whole."""
    m = _EARNED.search(name)
    if not m:
        return name.strip(), None
    return name[: m.start()].strip(), int(m.group(1))


def earned_year_after(text: str, end: int) -> int | None:
    """A year on the same line shortly after a mention in a résumé ("Security+, 2019")."""
    m = _YEAR_AFTER.match(text, end)
    return int(m.group(1)) if m else None


def _ladder_below(catalog: Catalog, cid: str) -> set[str]:
    """Everything below `cid` on its ladder, of any kind (prerequisite or recommended)."""
    seen: set[str] = set()
    todo = list(catalog[cid].ladder_ids()) if cid in catalog.credentials else []  # a group: none
    while todo:
        nxt = todo.pop()
        if nxt in seen or nxt not in catalog.credentials:
            continue
        seen.add(nxt)
        todo.extend(catalog[nxt].ladder_ids())
    return seen


def degree_ranks(catalog: Catalog) -> dict[str, int]:
    """Degree id -> its rank (see ENTRY_DEGREE_RANK); a degree whose rank the catalog cannot
    tell (no entry level below it) is left out and covers only itself."""
    ranks: dict[str, int] = {}

    def rank(cid: str, path: frozenset = frozenset()) -> int | None:
        if cid in ranks:
            return ranks[cid]
        if cid in ENTRY_DEGREE_RANK:
            return ENTRY_DEGREE_RANK[cid]
        cred = catalog.credentials.get(cid)
        if cred is None or cred.type != "degree" or cid in path:
            return None
        # A level's place on the ladder: what it requires or comes after (a doctorate is
        # recommended after a master's, not required, and still ranks above it).
        steps = [*cred.requires, *(i for g in cred.requires_one_of for i in g), *cred.recommended]
        below = [r for req in steps if (r := rank(req, path | {cid})) is not None]
        return max(below) + 1 if below else None

    for cred in catalog:
        if cred.type == "degree" and (r := rank(cred.id)) is not None:
            ranks[cred.id] = r
    return ranks


def steps_below(
    catalog: Catalog, cid: str, held: set[str], ranks: dict[str, int] | None = None
) -> dict[str, str]:
    """The steps below `cid` not yet covered by `held`: id -> 'prerequisite' when every edge
    on the way there is one the issuer asks for, else 'recommended'. Of an any-of group none of
    which is held, the first option stands for the group."""
    ranks = degree_ranks(catalog) if ranks is None else ranks
    out: dict[str, str] = {}
    todo = [(cid, "prerequisite")]
    while todo:
        cur, kind = todo.pop()
        cred = catalog.credentials.get(cur)
        if cred is None:
            continue
        edges = [(r, kind) for r in cred.requires]
        edges += [(g[0], kind) for g in cred.requires_one_of if not _held_any(held, g, ranks)]
        edges += [(r, "recommended") for r in cred.recommended]
        for nxt, k in edges:
            if nxt not in catalog.credentials or _covers(held, nxt, ranks) or nxt == cid:
                continue
            if nxt in out and (out[nxt] == "prerequisite" or k == "recommended"):
                continue
            out[nxt] = k
            todo.append((nxt, k))
    return out


def missing_prerequisites(
    catalog: Catalog, cid: str, held: set[str], ranks: dict[str, int] | None = None
) -> list[tuple[tuple[str, ...], bool]]:
    """What the issuer of `cid` asks for first and `held` does not meet, following unmet
    prerequisites down: (ids, any_of) items; any one id of an any-of group would do (one of
    one: that or a route the catalog does not list). Recommended steps are not prerequisites."""
    ranks = degree_ranks(catalog) if ranks is None else ranks
    out: list[tuple[tuple[str, ...], bool]] = []
    todo = [cid]
    seen = {cid}
    while todo:
        cred = catalog.credentials.get(todo.pop())
        if cred is None:
            continue
        for group in ((r,) for r in cred.requires):
            if not _held_any(held, group, ranks) and (group, False) not in out:
                out.append((group, False))
                if group[0] not in seen:
                    seen.add(group[0])
                    todo.append(group[0])
        for group in cred.requires_one_of:
            if not _held_any(held, group, ranks) and (group, True) not in out:
                out.append((group, True))
    return out


def _held_any(held: set[str], ids, ranks: dict[str, int]) -> bool:
    return any(_covers(held, i, ranks) for i in ids)


def _level(catalog: Catalog, cid: str) -> int:
    """Rank of a credential's level (an equivalence group ranks as associate)."""
    return LEVEL_ORDER.get(catalog[cid].level, 1) if cid in catalog.credentials else 1


def _covers(have: set[str], cid: str, ranks: dict[str, int]) -> bool:
    """A degree at or above a floor degree's rank covers it (a master's, a JD or an MD covers a
    bachelor's floor); otherwise only the credential itself."""
    if cid in ranks:
        return any(ranks.get(h, -1) >= ranks[cid] for h in have)
    return cid in have


def audit(
    catalog: Catalog,
    role_id: str,
    signals: list[Signal],
    have: list[str],
    unresolved: list[str] | None = None,
    portfolio: bool | None = None,
    left_floor: set[str] | None = None,
    earned: dict[str, int] | None = None,
    as_of: int | None = None,
    level: str | None = None,
) -> Audit:
    """`left_floor`: credentials that were on the role's floor in the previous snapshot and are
    not in the latest one (the market moved away from them). `earned`: the year each credential
    was earned, where known, checked against its renewal cycle as of the year `as_of` (default:
    this year). `level` (entry | mid | senior): the seniority the signals were read for; an
    entry-level specialization pick stays at foundational or associate level."""
    held = set(have)
    ranks = degree_ranks(catalog)
    # Holding any member of an equivalence group covers the group (catalog/groups/*.yaml).
    held |= {g.id for g in catalog.groups if held & set(g.members)}
    result = Audit(
        role_id,
        list(dict.fromkeys(have)),
        list(unresolved or []),
        level=level,
        earned={c: y for c, y in (earned or {}).items() if c in held},
    )
    floor = sorted((s for s in signals if s.recall >= FLOOR), key=lambda s: -s.recall)
    for s in floor:
        covered = _covers(held, s.credential_id, ranks)
        (result.floor_have if covered else result.floor_missing).append(s)

    # Next steps: missing floor credentials, each preceded by the ladder below it, foundations
    # first; each step says whether its issuer asks for it or only recommends it.
    steps: list[tuple[str, str]] = []
    # A recommended step below something already held is behind the person, not ahead.
    passed = set().union(*(_ladder_below(catalog, h) for h in held if h in catalog.credentials))
    for s in result.floor_missing:
        below = steps_below(catalog, s.credential_id, held, ranks)
        for cid in sorted(below, key=lambda c: _level(catalog, c)):
            if below[cid] == "recommended" and cid in passed:
                continue
            if cid not in (c for c, _ in steps):
                word = "required" if below[cid] == "prerequisite" else "recommended"
                steps.append((cid, f"{word} before {s.credential_id}"))
        steps.append((s.credential_id, f"floor: {s.postings_with}/{s.postings_total} postings"))
    result.next_steps = sorted(dict.fromkeys(steps), key=lambda st: _level(catalog, st[0]))
    below_floor = [
        s
        for s in signals
        if s.recall < FLOOR
        and s.credential_id not in held
        and catalog.credentials.get(s.credential_id)
        and catalog[s.credential_id].type == "certification"
        and not catalog[s.credential_id].generic
    ]
    if level == "entry":
        below_floor = [
            s for s in below_floor if LEVEL_ORDER.get(catalog[s.credential_id].level, 1) <= 1
        ]
    if below_floor:
        result.specialization = max(below_floor, key=lambda s: (s.recall, s.postings_with))
    result.warnings = _warnings(
        catalog,
        result,
        held,
        floor,
        signals,
        portfolio,
        left_floor or set(),
        as_of or date.today().year,
    )
    return result


def past_renewal(cred: Credential, earned_year: int, as_of: int) -> int | None:
    """The year a credential earned in `earned_year` lapsed unless renewed (None: still valid,
    does not expire, or its cycle is not recorded)."""
    if not cred.renewal_years:
        return None
    due = earned_year + cred.renewal_years
    return due if due < as_of else None


def _renewals(catalog: Catalog, earned: dict[str, int], as_of: int) -> list[Finding]:
    out = []
    for cid, year in sorted(earned.items()):
        cred = catalog[cid]
        due = past_renewal(cred, year, as_of)
        if due is not None:
            out.append(
                Finding(
                    "stale",
                    f"{cred.name} (earned {year}) renews every {cred.renewal_years} "
                    f"year{'s' if cred.renewal_years > 1 else ''}: it lapsed in {due} unless you "
                    "renewed it; list the renewal date.",
                    f"{cid}: renewal_years {cred.renewal_years}",
                )
            )
    return out


def _group_text(catalog: Catalog, group: tuple[str, ...], any_of: bool) -> str:
    names = [catalog[i].name if i in catalog.credentials else i for i in group]
    if not any_of:
        return names[0]
    if len(names) == 1:
        return f"{names[0]} (or an equivalent the issuer accepts)"
    return "one of " + ", ".join(names[:-1]) + " or " + names[-1]


def _warnings(  # noqa: PLR0912 - one check after another, in the order they are printed
    catalog, result, held, floor, signals, portfolio, left_floor, as_of
) -> list[Finding]:
    out: list[Finding] = []
    known = [catalog[c] for c in held if c in catalog.credentials]
    certs = [c for c in known if c.type == "certification"]
    ecosystems = {c.ecosystem for c in certs if c.ecosystem}
    laddered = any(set(c.ladder_ids()) & held for c in certs)
    if len(ecosystems) >= 3 and not laddered:
        out.append(
            Finding(
                "scatter",
                "Your certifications spread over many platforms without climbing any one ladder.",
                f"{len(ecosystems)} ecosystems: {', '.join(sorted(ecosystems))}",
            )
        )
    # Only what an issuer asks for first: a recommended order (AWS Associate before
    # Professional) is no gap, and a degree asked for by a licence is the degree check's job.
    for c in certs:
        missing = [
            (g, any_of)
            for g, any_of in missing_prerequisites(catalog, c.id, held)
            if not all(catalog[i].type == "degree" for i in g if i in catalog.credentials)
        ]
        if missing:
            out.append(
                Finding(
                    "missing_prerequisite",
                    f"{c.name} requires "
                    + "; ".join(_group_text(catalog, g, any_of) for g, any_of in missing)
                    + ", which you do not list: its issuer asks for it first, so list it.",
                    f"prerequisites of {c.id}: " + ", ".join("|".join(g) for g, _ in missing),
                )
            )
    role_ecos = {}
    for s in signals:
        cred = catalog.credentials.get(s.credential_id)
        if cred and cred.type == "certification" and cred.ecosystem:
            role_ecos[cred.ecosystem] = role_ecos.get(cred.ecosystem, 0) + s.postings_with
    if role_ecos:
        top = max(role_ecos, key=role_ecos.get)
        on_ladders = set()
        for s in signals:
            cred = catalog.credentials.get(s.credential_id)
            if cred and cred.ecosystem == top:
                on_ladders |= _ladder_below(catalog, cred.id)
        foundations = [
            c for c in catalog if c.ecosystem == top and c.level == "foundational" and not c.generic
        ]
        # Prefer the foundations that lead to what this role's postings name.
        foundations = [c for c in foundations if c.id in on_ladders] or foundations
        if foundations and not any(c.ecosystem == top for c in certs):
            out.append(
                Finding(
                    "missing_foundation",
                    f"The role's main ecosystem is {top} and you hold nothing from it yet.",
                    f"{top} named {role_ecos[top]} times in this role's postings; start with "
                    + ", ".join(sorted(c.id for c in foundations)[:3]),
                )
            )
    for group_name, group_ids in catalog.overlaps:
        both = sorted(held & set(group_ids))
        if len(both) >= 2:
            out.append(
                Finding(
                    "overlap",
                    f"These cover the same ground ({group_name}); the second adds little.",
                    ", ".join(both),
                )
            )
    floor_ids = {s.credential_id for s in floor}
    for c in known:
        if c.status == "retired":
            out.append(
                Finding(
                    "stale",
                    f"{c.name} is retired"
                    + (f"; its successor is {c.successor}." if c.successor else "."),
                    c.id,
                )
            )
    for cid in sorted(held & left_floor):
        out.append(
            Finding(
                "stale",
                f"{catalog[cid].name if cid in catalog.credentials else cid} left this role's floor "
                "since the previous refresh.",
                cid,
            )
        )
    out += _renewals(catalog, result.earned, as_of)
    n = len(certs)
    if n > PADDING_ABOVE:
        out.append(
            Finding(
                "padding",
                f"{n} certifications read as padding; keep the 3-5 that the role names.",
                str(n),
            )
        )
    elif not JOB_READY[0] <= n <= JOB_READY[1]:
        out.append(
            Finding("count", f"{n} certifications: 3-5 read as job-ready for most roles.", str(n))
        )
    ranks = degree_ranks(catalog)
    degree_floor = [s for s in floor if s.credential_id in ranks]
    for s in degree_floor:
        if not _covers(held, s.credential_id, ranks):
            out.append(
                Finding(
                    "degree_gap",
                    f"{catalog[s.credential_id].name} is on this role's floor; certificates do not replace it.",
                    f"{s.postings_with}/{s.postings_total} postings ({s.recall:.0%})",
                )
            )
    if portfolio is False:
        out.append(
            Finding(
                "no_portfolio",
                "Credentials prove exposure; projects prove application. Add work you can show.",
            )
        )
    # Completion without a proctored exam: learning-platform certificates, and courses assessed
    # by attendance or coursework alone. Unless the role's own floor names them.
    weak = sorted(
        c.id
        for c in certs
        if c.id not in floor_ids
        and (c.issuer_kind == "learning_platform" or c.assessment in ("attendance", "coursework"))
    )
    if weak:
        out.append(
            Finding(
                "weak_signal",
                "Completion certificates without a proctored exam carry little weight on their own.",
                ", ".join(weak),
            )
        )
    if result.unresolved:
        out.append(
            Finding(
                "weak_signal",
                "Credentials from issuers we do not know carry little weight unless your field "
                "knows the issuer; name the issuer, or check the spelling.",
                ", ".join(result.unresolved),
            )
        )
    return out
