"""`credfloor floor`'s readable table (rich), from warehouse/floor_view.py's FloorView."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table

from credfloor.warehouse.floor_view import FloorView


def recall_cell(k: int, n: int) -> str:
    return f"{k}/{n} ({k / n:.0%})" if n else f"{k}/0"


def render_floor(view: FloorView, width: int | None = None) -> str:
    """The table as plain text (no colour codes when not printing to a terminal)."""
    buf = io.StringIO()
    # Wide enough that rich never folds a cell: the table is only as wide as its content.
    console = Console(file=buf, width=width or 400, highlight=False, soft_wrap=True)
    title = f"Floor of {view.role_id}"
    if view.role_name and view.role_name != view.role_id:
        title += f" ({view.role_name})"
    console.print(
        f"{title}: {view.clusters_total} adverts, {view.postings_total} postings. "
        "Floor: named in >= 60% of adverts."
    )
    if not view.rows:
        console.print("  (no credential reaches 60%)")
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
            table.add_row(
                r.tier,
                r.credential_name or r.credential_id,
                r.credential_id if r.in_catalog else f"({r.credential_id})",
                r.type or "",
                recall_cell(r.postings_with, r.clusters_total),
                f"{r.ci_low:.0%}-{r.ci_high:.0%}",
                f"{r.postings_required}/{r.postings_with}",
                ", ".join(notes),
            )
        console.print(table)
        if any(r.borderline and r.tier != "specialization" for r in view.rows):
            console.print("borderline: the 95% interval straddles 60%.")
        if any(not r.in_catalog for r in view.rows):
            console.print(
                "not in catalog: a credential the catalog lacks, shown by its candidate key in "
                "brackets (`credfloor catalog suggest` lists them all)."
            )
    for warning in view.warnings:
        console.print(f"warning: {warning}")
    return "\n".join(line.rstrip() for line in buf.getvalue().rstrip("\n").splitlines())
