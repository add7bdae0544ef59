"""`credfloor floor`'s readable table (rich), from warehouse/floor_view.py's FloorView."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from credfloor.normalize.floor_rule import FLOOR_MIN_ADVERTS, FLOOR_MIN_RECALL
from credfloor.warehouse.floor_view import FloorView, MarketFloors


def recall_cell(k: int, n: int) -> str:
    return f"{k}/{n} ({k / n:.0%})" if n else f"{k}/0"


def render_floor(view: FloorView, width: int | None = None, reference: Sequence = ()) -> str:
    """The table as plain text (no colour codes when not printing to a terminal). `reference`:
    rows of warehouse/occupations.degree_reference, shown as the degree rows beside O*NET's."""
    buf = io.StringIO()
    # Wide enough that rich never folds a cell: the table is only as wide as its content.
    console = Console(file=buf, width=width or 400, highlight=False, soft_wrap=True)
    title = f"Floor of {view.role_id}"
    if view.role_name and view.role_name != view.role_id:
        title += f" ({view.role_name})"
    if view.market:
        title += f" in market {view.market}"
    if view.region:
        title += f", region {view.region}"
    console.print(
        f"{title}: {view.clusters_total} adverts, {view.postings_total} postings. "
        f"Floor: named in >= {FLOOR_MIN_RECALL:.0%} of adverts."
    )
    if not view.rows:
        console.print(f"  (no credential reaches {FLOOR_MIN_RECALL:.0%})")
    else:
        table = Table(show_lines=False, pad_edge=False, box=None, header_style="bold")
        table.add_column("tier", no_wrap=True)
        table.add_column("credential", overflow="fold")
        table.add_column("id", no_wrap=True)
        table.add_column("type", no_wrap=True)
        table.add_column("recall", justify="right", no_wrap=True)
        table.add_column("95% interval", justify="right", no_wrap=True)
        table.add_column("required", justify="right", no_wrap=True)
        table.add_column("", no_wrap=True)
        for r in view.rows:
            notes = ["borderline"] if r.borderline and r.tier != "specialization" else []
            if not r.in_catalog:
                notes.append("not in catalog")
            name = r.credential_name or r.credential_id
            table.add_row(
                r.tier,
                escape(f"{name} [{r.members}]") if r.members else escape(name),
                r.credential_id if r.in_catalog else f"({r.credential_id})",
                r.type or "",
                recall_cell(r.postings_with, r.clusters_total),
                f"{r.ci_low:.0%}-{r.ci_high:.0%}",
                f"{r.postings_required}/{r.postings_with}",
                ", ".join(notes),
            )
        console.print(table)
        if any(r.borderline and r.tier != "specialization" for r in view.rows):
            console.print(f"borderline: the 95% interval straddles {FLOOR_MIN_RECALL:.0%}.")
        if any(not r.in_catalog for r in view.rows):
            console.print(
                "not in catalog: a credential the catalog lacks, shown by its candidate key in "
                "brackets (`credfloor catalog suggest` lists them all)."
            )
    if reference:
        _degree_reference(console, reference)
    for warning in view.warnings:
        console.print(f"warning: {warning}")
    return "\n".join(line.rstrip() for line in buf.getvalue().rstrip("\n").splitlines())


def _degree_reference(console: Console, reference: Sequence) -> None:
    """Degree levels: the share of adverts naming each beside O*NET's share of surveyed workers
    saying the job requires it (O*NET 27.0, USDOL/ETA, CC BY 4.0)."""
    console.print(
        "\nDegrees: adverts naming the level vs O*NET, share of surveyed workers saying the job "
        "requires it (O*NET 27.0, CC BY 4.0):"
    )
    table = Table(show_lines=False, pad_edge=False, box=None, header_style="bold")
    for name, justify in (
        ("degree", "left"),
        ("O*NET level", "left"),
        ("adverts", "right"),
        ("O*NET", "right"),
    ):
        table.add_column(name, justify=justify, no_wrap=True)
    for cid, level, k, n, _recall, share in reference:
        if k == 0 and share < 0.05:  # neither side names it: noise
            continue
        table.add_row(cid, level, recall_cell(k, n), f"{share:.0%}")
    console.print(table)


def render_markets(
    floors: MarketFloors,
    width: int | None = None,
    reference: Callable[[FloorView], Sequence] | None = None,
) -> str:
    """One table per market, biggest first, then one line for the smaller markets. `reference`:
    a view's O*NET degree reference rows, printed under its table."""
    out = [
        render_floor(v, width, reference=reference(v) if reference else None) for v in floors.views
    ]
    if floors.others:
        out.append(
            f"other markets (fewer than {FLOOR_MIN_ADVERTS} adverts each, not pooled): "
            + ", ".join(f"{m} {n}" for m, n in floors.others)
        )
    return "\n\n".join(out)
