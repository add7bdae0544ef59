"""A self-contained HTML report of role floors (issue 9): Jinja2 template, matplotlib SVG charts.

`render_report(db, roles, out)` reads the warehouse on a read-only connection and writes one HTML
file with no external assets: charts are inline SVG, styles are inline, nothing is fetched.
Optional sections (specialization signals, changes since the last refresh) appear only when their
views exist in the database; otherwise the report says so.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from credfloor.normalize.floor_rule import FLOOR_MIN_ADVERTS
from credfloor.normalize.floor_rule import FLOOR_MIN_RECALL as FLOOR
from credfloor.warehouse.queries import resolve_role
from credfloor.warehouse.store import Warehouse
from credfloor.warehouse.tiers import pick_market, role_tiers

TEMPLATES = Path(__file__).parent / "templates"
CHART_MAX_BARS = 12
OPTIONAL_VIEWS = ("specialization_signals", "floor_changes")
# How rows of the optional views are shown, when the view has the columns named here (else every
# column as it is): header -> a function of the row as a dict.
VIEW_COLUMNS = {
    "specialization_signals": {
        "Credential": lambda r: r["credential_name"] or r["credential_id"],
        "Id": lambda r: r["credential_id"],
        "Adverts naming it": lambda r: f"{r['postings_with']} of {r['clusters_total']}",
        "Recall": lambda r: _pct(r["recall"]),
        "95% interval": lambda r: f"{_pct(r['ci_low'])} – {_pct(r['ci_high'])}",
        "Concentration": lambda r: _pct(r["concentration"]),
        "Lift": lambda r: f"{r['lift']:.1f}×",
    },
    "floor_changes": {
        "Change": lambda r: r["change"],
        "Credential": lambda r: r.get("credential_name") or r["credential_id"],
        "Recall before": lambda r: _pct(r["recall_before"]),
        "Recall after": lambda r: _pct(r["recall_after"]),
        "Tier before → after": lambda r: (
            f"{r.get('tier_before') or '–'} → {r.get('tier_after') or '–'}"
        ),
    },
}


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]


@dataclass
class RoleSection:
    role_id: str
    role_name: str
    postings: int
    adverts: int
    first_posted: str | None
    last_posted: str | None
    chart_svg: Markup
    chart_alt: str
    floor: Table
    floor_note: str
    specialization: Table | None = None
    changes: Table | None = None
    education: Table | None = None
    notes: list[str] = field(default_factory=list)
    market: str | None = None  # the labour market the section reads (issue 18)


def render_report(
    db: Path | str | None, roles: Sequence[str], out: Path, market: str | None = None
) -> dict:
    """Write the report for `roles` (ids, names or job titles) to `out`, each read in `market`
    (default: the role's biggest market, never all pooled); returns a summary."""
    if not roles:
        raise ValueError("at least one --role is needed")
    with Warehouse.open(db, read_only=True) as wh:
        views = _existing_views(wh)
        sections = [_role_section(wh, resolve_role(wh, name), views, market) for name in roles]
        data = _data_summary(wh, _postings_source(views))
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    html = env.get_template("report.html.j2").render(
        sections=sections,
        data=data,
        floor_pct=int(FLOOR * 100),
        missing_views=[v for v in OPTIONAL_VIEWS if v not in views],
        generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )
    out.write_text(html, encoding="utf-8")
    return {"out": str(out), "roles": [s.role_id for s in sections], "bytes": len(html.encode())}


# -- reading -----------------------------------------------------------------------------------
def _existing_views(wh: Warehouse) -> set[str]:
    rows = wh.con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_type = 'VIEW'"
    ).fetchall()
    return {r[0] for r in rows}


def _postings_source(views: set[str]) -> str:
    """The views count active postings only when the warehouse has `active_postings`."""
    return "active_postings" if "active_postings" in views else "postings"


def _data_summary(wh: Warehouse, source: str) -> dict:
    (postings, adverts, first, last), *_ = wh.con.execute(
        "SELECT count(*), count(DISTINCT coalesce(cluster_id, posting_id)), "
        f"min(posted_at), max(posted_at) FROM {source}"
    ).fetchall()
    refresh = wh.con.execute(
        "SELECT refresh_id, finished_at FROM refreshes WHERE status = 'finished' "
        "ORDER BY refresh_id DESC LIMIT 1"
    ).fetchall()
    refresh = refresh[0] if refresh else None
    return {
        "db": wh.path.name,
        "active_only": source == "active_postings",
        "postings": postings,
        "adverts": adverts,
        "first_posted": first,
        "last_posted": last,
        "refresh_id": refresh[0] if refresh else None,
        "refreshed_at": refresh[1].strftime("%Y-%m-%d %H:%M") if refresh and refresh[1] else None,
    }


def _role_section(
    wh: Warehouse, role_id: str, views: set[str], market: str | None = None
) -> RoleSection:
    source = _postings_source(views)
    market, market_note = pick_market(wh, role_id, market)
    ((name, postings, adverts, first, last),) = wh.con.execute(
        f"""SELECT coalesce(r.name, ?), count(p.posting_id),
                  count(DISTINCT coalesce(p.cluster_id, p.posting_id)),
                  min(p.posted_at), max(p.posted_at)
           FROM {source} p LEFT JOIN roles r USING (role_id)
           WHERE p.role_id = ? AND (CAST(? AS VARCHAR) IS NULL
                                     OR coalesce(p.country, 'unknown') = ?)
           GROUP BY r.name""",
        [role_id, role_id, market, market],
    ).fetchall() or [(role_id, 0, 0, None, None)]
    # Both read role_credential_tiers (warehouse/tiers.py), as `credfloor floor` does.
    _, recall = role_tiers(
        wh,
        role_id,
        "credential_name, credential_id, postings_with, clusters_total, recall, ci_low, ci_high",
        order="recall DESC, credential_id",
        limit=CHART_MAX_BARS,
        market=market or "",
    )
    _, floor_rows = role_tiers(
        wh,
        role_id,
        "credential_name, credential_id, type, postings_with, clusters_total, recall, ci_low, "
        "ci_high, borderline",
        "tier = 'floor'",
        "type, recall DESC, credential_id",
        market=market or "",
    )
    floor = Table(
        ["Credential", "Id", "Type", "Adverts naming it", "Recall", "95% interval", "Borderline"],
        [
            [
                cname or cid,
                cid,
                ctype,
                f"{k} of {n}",
                _pct(rec),
                f"{_pct(lo)} – {_pct(hi)}",
                f"borderline (interval crosses {FLOOR:.0%})" if border else "no",
            ]
            for cname, cid, ctype, k, n, rec, lo, hi, border in floor_rows
        ],
    )
    if adverts < FLOOR_MIN_ADVERTS:
        floor_note = (
            f"Only {adverts} adverts: a floor needs at least {FLOOR_MIN_ADVERTS}, "
            "so none is computed."
        )
    elif not floor_rows:
        floor_note = f"No credential is named in {int(FLOOR * 100)}% or more of the adverts."
    else:
        floor_note = ""
    svg, alt = _floor_chart(role_id, name, recall)
    section = RoleSection(
        role_id=role_id,
        role_name=name,
        postings=postings,
        adverts=adverts,
        first_posted=first,
        last_posted=last,
        chart_svg=svg,
        chart_alt=alt,
        floor=floor,
        floor_note=floor_note,
        market=market,
        notes=[market_note] if market_note else [],
    )
    if "specialization_signals" in views:
        section.specialization = _view_table(wh, "specialization_signals", role_id, market)
    if "floor_changes" in views:
        section.changes = _view_table(wh, "floor_changes", role_id, market)
    if "role_degree_reference" in views:
        section.education = _education_table(wh, role_id, market)
    return section


def _education_table(wh: Warehouse, role_id: str, market: str | None) -> Table | None:
    """Degree levels: adverts naming each beside O*NET's share of surveyed workers saying the
    job requires it (view role_degree_reference); None when O*NET has no survey."""
    from credfloor.warehouse.occupations import degree_reference

    rows = [r for r in degree_reference(wh, role_id, market) if r[2] > 0 or r[5] >= 0.05]
    if not rows:
        return None
    return Table(
        ["Degree", "O*NET level", "Adverts naming it", "Recall", "O*NET: required by"],
        [
            [cid, level, f"{k} of {n}", _pct(rec), _pct(share)]
            for cid, level, k, n, rec, share in rows
        ],
    )


def _view_table(
    wh: Warehouse, view: str, role_id: str, market: str | None = None, limit: int = 20
) -> Table | None:
    """The columns of an optional view for one role, as the view defines them (its columns are
    documented in docs/sql.md), so the report follows the view without changes here. Rows whose
    `change` is 'same' are left out; None when the view has no `role_id` column."""
    cols = [
        r[0]
        for r in wh.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
            "ORDER BY ordinal_position",
            [view],
        ).fetchall()
    ]
    if "role_id" not in cols:
        return None
    where = "role_id = ?" + (" AND change IS DISTINCT FROM 'same'" if "change" in cols else "")
    params: list = [role_id]
    if market and "market" in cols:
        where += " AND market = ?"
        params.append(market)
    order = "ORDER BY move_rank" if "move_rank" in cols else ""
    cur = wh.con.execute(f'SELECT * FROM "{view}" WHERE {where} {order} LIMIT {int(limit)}', params)
    rows = [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
    shown = VIEW_COLUMNS.get(view, {})
    try:
        return Table(list(shown), [[str(f(r)) for f in shown.values()] for r in rows])
    except (KeyError, TypeError, ValueError):  # shaped differently from what we know: as it is
        keep = [c for c in cols if c not in ("role_id", "role_name", "market")]
        return Table(keep, [[_cell(r[c]) for c in keep] for r in rows])


def _pct(x: float | None) -> str:
    return "" if x is None else f"{x * 100:.0f}%"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


# -- the chart ---------------------------------------------------------------------------------
def _floor_chart(role_id: str, role_name: str, rows: list[tuple]) -> tuple[Markup, str]:
    """Horizontal recall bars with 95% Wilson intervals and the 60% line, as inline SVG.

    Floor bars are solid, bars below the line hatched, and every bar is labelled with its
    count, so the chart reads without colour.
    """
    import matplotlib
    from matplotlib.figure import Figure

    title = f"Recall of the most named credentials for {role_name}"
    if not rows:
        alt = f"{title}: no credential is named in its postings."
    else:
        parts = [f"{r[0] or r[1]} {r[2]} of {r[3]} ({_pct(r[4])})" for r in rows]
        alt = f"{title}, with the {int(FLOOR * 100)}% floor line: " + "; ".join(parts) + "."
    rows = list(reversed(rows))  # matplotlib draws the first bar at the bottom
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": role_id, "font.size": 10}):
        fig = Figure(figsize=(7.5, 0.45 * max(len(rows), 1) + 1.3))
        ax = fig.subplots()
        if rows:
            labels = [_short(r[0] or r[1]) for r in rows]
            recall = [r[4] for r in rows]
            # Clamped: floating point can put an interval end a hair inside the recall.
            err = [[max(r[4] - r[5], 0.0) for r in rows], [max(r[6] - r[4], 0.0) for r in rows]]
            on_floor = [r[4] >= FLOOR for r in rows]
            ys = list(range(len(rows)))  # positions, not labels: two names may shorten alike
            bars = ax.barh(
                ys,
                recall,
                xerr=err,
                color=["#1f4e79" if f else "#9dc3e6" for f in on_floor],
                edgecolor="#1f4e79",
                error_kw={"ecolor": "#222222", "capsize": 3, "linewidth": 1},
            )
            ax.set_yticks(ys, labels)
            for bar, floor in zip(bars, on_floor, strict=True):
                if not floor:
                    bar.set_hatch("///")
            for i, r in enumerate(rows):
                ax.text(1.04, i, f"{r[2]}/{r[3]}", va="center", fontsize=9)
        ax.axvline(FLOOR, color="#c00000", linestyle="--", linewidth=1.5)
        ax.text(
            FLOOR,
            1.01,
            f"{FLOOR:.0%} floor",
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=9,
            color="#c00000",
        )
        ax.set_xlim(0, 1.15)
        ax.set_xticks([0, 0.2, 0.4, 0.6, 0.8, 1.0], ["0%", "20%", "40%", "60%", "80%", "100%"])
        ax.set_xlabel("recall (whiskers: 95% Wilson interval)")
        ax.spines[["top", "right"]].set_visible(False)
        fig.tight_layout()
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return Markup(_accessible_svg(buf.getvalue(), role_id, title, alt)), alt


def _short(name: str, width: int = 42) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def _accessible_svg(svg: str, role_id: str, title: str, desc: str) -> str:
    """Drop the XML prologue (the SVG goes inline) and add <title>/<desc> with an img role."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, count=1, flags=re.S)  # RDF, unused
    slug = re.sub(r"[^a-z0-9-]", "-", role_id.lower())
    # matplotlib numbers its ids per figure (figure_1, patch_1...): several charts inline in one
    # page would repeat them, so each chart's ids and references get the role as a prefix.
    ids = set(re.findall(r'\sid="([^"]+)"', svg))
    svg = re.sub(
        r'(\sid="|url\(#|href="#)([^")]+)',
        lambda m: m[1] + (f"{slug}-{m[2]}" if m[2] in ids else m[2]),
        svg,
    )
    head_end = svg.index(">") + 1
    head = svg[:head_end].replace("<svg", f'<svg role="img" aria-labelledby="t-{slug} d-{slug}"', 1)
    inner = f'<title id="t-{slug}">{_esc(title)}</title><desc id="d-{slug}">{_esc(desc)}</desc>'
    return head + inner + svg[head_end:]


def _esc(text: str) -> str:
    return str(Markup.escape(text))
