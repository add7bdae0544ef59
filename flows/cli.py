"""The `credfloor` command line. Each command parses arguments and calls one plain function."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from credfloor.flows.errors import USER_ERRORS
from credfloor.normalize.catalog.loader import CatalogError
from credfloor.normalize.floor_rule import FLOOR_MIN_ADVERTS, FLOOR_MIN_RECALL
from credfloor.warehouse.paths import default_db_path

app = typer.Typer(
    help="credfloor: which credentials a role's job postings name most often (the floor).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
catalog_app = typer.Typer(help="Inspect and check the credential catalog.", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")
sources_app = typer.Typer(
    help="The job boards and career pages that `refresh --sources` fetches.", no_args_is_help=True
)
app.add_typer(sources_app, name="sources")
roles_app = typer.Typer(
    help="Job titles to roles: resolve titles, list roles.", no_args_is_help=True
)
app.add_typer(roles_app, name="roles")
locations_app = typer.Typer(
    help="Where postings are: location text -> country.", no_args_is_help=True
)
app.add_typer(locations_app, name="locations")


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"credfloor {version('credfloor')}")
        raise typer.Exit()


@app.callback()
def _main(
    show_version: Annotated[
        bool,
        typer.Option("--version", is_eager=True, callback=_version, help="Print the version."),
    ] = False,
) -> None:
    """credfloor: which credentials a role's job postings name most often (the floor)."""


DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="DuckDB file (default: $CREDFLOOR_DB, else ./credfloor.duckdb)."),
]


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def _emit(cols: list[str], rows: list[tuple], fmt: str) -> None:
    if fmt == "json":
        for row in rows:
            typer.echo(json.dumps(dict(zip(cols, row, strict=True)), default=str))
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(cols)
        writer.writerows(rows)
        typer.echo(buf.getvalue(), nl=False)
    else:
        typer.echo(format_table(cols, rows))


def format_table(cols: list[str], rows: list[tuple]) -> str:
    """Plain aligned columns: nothing truncated, easy to copy into a note or a ticket."""
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(cols)]
    line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths, strict=True)).rstrip()  # noqa: E731
    out = [line(cols), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    if not rows:
        out.append("(no rows)")
    return "\n".join(out)


def _format(as_csv: bool, as_json: bool) -> str:
    if as_csv and as_json:
        _fail("choose one of --csv and --json")
    return "csv" if as_csv else "json" if as_json else "table"


def _parse_columns(specs: list[str] | None) -> dict[str, str] | None:
    if not specs:
        return None
    out = {}
    for spec in specs:
        field, sep, header = spec.partition("=")
        if not sep or not field.strip() or not header.strip():
            _fail(f"--column {spec!r}: expected FIELD=HEADER, e.g. text='Job Description'")
        out[field.strip()] = header.strip()
    return out


@app.command("refresh")
def refresh_cmd(
    input: Annotated[
        list[Path] | None,
        typer.Option(
            "--input",
            "-i",
            help="JSONL, CSV, HTML file or folder of HTML pages "
            "(repeatable). Default: the bundled sample postings.",
        ),
    ] = None,
    role: Annotated[
        str | None,
        typer.Option("--role", help="Assign every posting of these inputs to this role."),
    ] = None,
    column: Annotated[
        list[str] | None,
        typer.Option(
            "--column",
            help="CSV column mapping FIELD=HEADER (fields: title, text, "
            "company, location, url, posted_at, external_id, source); repeatable.",
        ),
    ] = None,
    db: DbOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Last stdout line: the summary as JSON.")
    ] = False,
    sources: Annotated[
        Path | None,
        typer.Option(
            "--sources",
            help="A sources file (YAML) of job boards and pages to fetch and load "
            "(with no --input, only these are read).",
        ),
    ] = None,
    batch_size: Annotated[
        int,
        typer.Option(
            "--batch-size",
            min=1,
            help="Postings per load transaction (one Prefect task each); smaller uses less memory.",
        ),
    ] = 2000,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            help="Extract on Dask: local:N (N worker processes here) or a scheduler address "
            "tcp://HOST:PORT. The warehouse is still written by this process.",
        ),
    ] = None,
) -> None:
    """Read postings, extract credentials, load the warehouse, print the floors."""
    from credfloor.flows.refresh import refresh
    from credfloor.warehouse.queries import floor
    from credfloor.warehouse.store import Warehouse

    db = db or default_db_path()
    columns = _parse_columns(column)
    if role is not None and (not re.search(r"\w", role) or len(role) > 100):
        _fail(
            f"--role {role[:100]!r}: expected a role id or name (letters or digits, <= 100 chars)"
        )
    try:
        progress = None if as_json else (lambda msg: typer.echo(f"  {msg}", err=True))
        summary = refresh(
            inputs=input,
            db=db,
            role=role,
            columns=columns,
            progress=progress,
            sources=sources,
            batch_size=batch_size,
            dask=dask,
        )
    except USER_ERRORS as exc:
        _fail(str(exc))
    if as_json:
        typer.echo(json.dumps(summary, default=str))
        return
    typer.echo(
        f"read {summary['read']:,}  loaded {summary['loaded']:,} (new {summary['new']:,}, "
        f"updated {summary['updated']:,})  quarantined {summary['quarantined']:,}  "
        f"duplicates {summary['duplicates']:,}  clustered {summary.get('clustered', 0):,}  "
        f"mentions {summary['mentions']:,}  "
        f"roles {summary['roles']:,}  floor signals {summary['floors']:,}  -> {db}"
    )
    for err in summary.get("source_errors") or []:
        typer.echo(f"source failed: {err['source']}: {err['reason']}", err=True)
    with Warehouse.open(db, read_only=True) as wh:
        for role_id in summary["top_roles"]:
            cols, rows = floor(wh, role_id)
            keep = [
                cols.index(c)
                for c in (
                    "market",
                    "credential_id",
                    "type",
                    "postings_with",
                    "postings_total",
                    "recall",
                    "ci_low",
                    "ci_high",
                    "borderline",
                )
            ]
            typer.echo(
                f"\nFloor of {role_id} (credentials in >= {FLOOR_MIN_RECALL:.0%} of its postings):"
            )
            if rows:
                typer.echo(
                    format_table([cols[i] for i in keep], [tuple(r[i] for i in keep) for r in rows])
                )
            else:
                typer.echo(
                    f"  (no floor: no credential reaches {FLOOR_MIN_RECALL:.0%} of the adverts of a "
                    f"market with >= {FLOOR_MIN_ADVERTS})"
                )


MarketOption = Annotated[
    str | None,
    typer.Option(
        "--market",
        help="One labour market: a country code (US, GB...) or 'unknown'. Default: every market "
        "apart (floor, export, changes) or the role's biggest (audit, report).",
    ),
]


@app.command("floor")
def floor_cmd(
    role: Annotated[
        str, typer.Option("--role", help="Role id, role name, or a job title that resolves to one.")
    ],
    market: MarketOption = None,
    region: Annotated[
        str | None,
        typer.Option("--region", help="Drill down to one region of a market (ISO 3166-2: US-CA)."),
    ] = None,
    db: DbOption = None,
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV output.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines output.")] = False,
) -> None:
    """The floor of one role in each labour market: credentials named in >= 60% of its
    adverts there (one table per market with >= 10 adverts, biggest first). A SOC group code
    (29-1140, 15-1200, 29-0000) gives the floor over all the group's occupations in one market
    (--market, else the group's biggest)."""
    from credfloor.normalize.occupations import is_group_code
    from credfloor.warehouse import occupations as occ
    from credfloor.warehouse.queries import floor
    from credfloor.warehouse.store import Warehouse

    fmt = _format(as_csv, as_json)
    group = is_group_code(role)
    try:
        with Warehouse.open(db, read_only=True) as wh:
            if fmt == "table":
                from credfloor.flows.floor_table import render_floor, render_markets
                from credfloor.warehouse.floor_view import floor_markets

                if group:
                    view = occ.group_floor_view(wh, role, market)
                    ref = occ.group_degree_reference(wh, role, view.market)
                    typer.echo(render_floor(view, reference=ref))
                    return
                floors = floor_markets(wh, role, market, region)
                typer.echo(
                    render_markets(
                        floors, reference=lambda v: occ.degree_reference(wh, v.role_id, v.market)
                    )
                )
                return
            cols, rows = (
                occ.group_floor(wh, role, market) if group else floor(wh, role, market, region)
            )
    except USER_ERRORS as exc:
        _fail(str(exc))
    _emit(cols, rows, fmt)


@app.command("sql")
def sql_cmd(
    query: Annotated[str, typer.Argument(help="A SELECT over the documented views and tables.")],
    db: DbOption = None,
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV output.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines output.")] = False,
) -> None:
    """Run a query on a read-only connection; statements that would write are refused."""
    from credfloor.warehouse.store import Warehouse

    fmt = _format(as_csv, as_json)
    if not query.strip():
        _fail('empty query: give a statement, e.g. "SELECT * FROM floor_signals"')
    try:
        with Warehouse.open(db, read_only=True, sandbox=True) as wh:
            cols, rows = wh.query(query)
    except USER_ERRORS as exc:
        _fail(str(exc))
    _emit(cols, rows, fmt)


@app.command("export")
def export_cmd(
    out: Annotated[
        Path, typer.Option("--out", help="File to write: .csv or .parquet (by its suffix).")
    ],
    role: Annotated[str | None, typer.Option("--role", help="Only this role.")] = None,
    all_tiers: Annotated[
        bool,
        typer.Option(
            "--all-tiers",
            help="Every role x credential with a tier column (floor, specialization, other).",
        ),
    ] = False,
    market: MarketOption = None,
    db: DbOption = None,
) -> None:
    """Write floor signals (or every tier) as CSV or Parquet, one row per role, market and
    credential."""
    from credfloor.warehouse.export import export_signals
    from credfloor.warehouse.store import Warehouse

    try:
        with Warehouse.open(db, read_only=True) as wh:
            n = export_signals(wh, out, role, all_tiers, market)
    except USER_ERRORS as exc:
        _fail(str(exc))
    typer.echo(f"wrote {n} rows to {out}")


@app.command("report")
def report_cmd(
    role: Annotated[
        list[str],
        typer.Option("--role", help="Role id, name or job title; repeat for several roles."),
    ],
    out: Annotated[Path, typer.Option("--out", help="HTML file to write.")],
    market: MarketOption = None,
    db: DbOption = None,
) -> None:
    """A self-contained HTML report of the roles' floors, with charts (no external assets)."""
    from credfloor.flows.report import render_report

    try:
        summary = render_report(db, role, out, market)
    except USER_ERRORS as exc:
        _fail(str(exc))
    typer.echo(f"wrote {out}: {len(summary['roles'])} role(s), {summary['bytes']:,} bytes")


@app.command("schedule")
def schedule_cmd(
    cron: Annotated[
        str,
        typer.Option("--cron", help="Cron schedule in UTC (default: 03:00 on 1 Jan and 1 Jul)."),
    ] = "0 3 1 */6 *",
    sources: Annotated[
        Path | None,
        typer.Option("--sources", help="Sources file each scheduled refresh fetches."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Serve the refresh flow as a Prefect deployment on a cron schedule (needs a Prefect server)."""
    from credfloor.flows.schedule import ScheduleError, serve

    try:
        serve(cron=cron, sources=sources, db=db or default_db_path())
    except ScheduleError as exc:
        _fail(str(exc))


@app.command("extract")
def extract_cmd(
    input: Annotated[Path, typer.Option("--input", "-i", help="JSONL, CSV or HTML input.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Mentions JSONL to write.")],
) -> None:
    """Extract credential mentions from postings to JSONL (no database)."""
    from credfloor.flows.extraction import run_extract

    code = run_extract(input, output)
    if code:
        raise typer.Exit(code)


@app.command("changes")
def changes_cmd(
    role: Annotated[
        str, typer.Option("--role", help="Role id, role name, or a job title that resolves to one.")
    ],
    since: Annotated[
        int | None,
        typer.Option(
            "--since",
            help="Compare the latest snapshot with this refresh's (default: the one before).",
        ),
    ] = None,
    top: Annotated[
        int, typer.Option("--top", min=0, help="How many of the largest other recall moves.")
    ] = 10,
    market: MarketOption = None,
    db: DbOption = None,
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV output.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines output.")] = False,
) -> None:
    """What changed for a role between two refreshes: floor entries and exits, largest moves."""
    from credfloor.warehouse.queries import changes
    from credfloor.warehouse.store import Warehouse

    fmt = _format(as_csv, as_json)
    try:
        with Warehouse.open(db, read_only=True) as wh:
            cols, rows = changes(wh, role, since=since, top=top, market=market)
    except USER_ERRORS as exc:
        _fail(str(exc))
    _emit(cols, rows, fmt)


@app.command("audit")
def audit_cmd(
    role: Annotated[str, typer.Option("--role", help="Target role id, name or title.")],
    have: Annotated[
        str, typer.Option("--have", help='Credentials you hold, comma-separated: "A+, AZ-900".')
    ] = "",
    resume: Annotated[
        Path | None, typer.Option("--resume", help="A plain-text résumé to read credentials from.")
    ] = None,
    portfolio: Annotated[
        str | None, typer.Option("--portfolio", help="yes or no: can you show project work?")
    ] = None,
    level: Annotated[
        str | None,
        typer.Option("--level", help="entry, mid or senior: read the floor from those postings."),
    ] = None,
    market: MarketOption = None,
    db: DbOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object instead of text.")
    ] = False,
) -> None:
    """Check your credentials against a role's floor and the known stacking mistakes.

    A name may end with the year you earned it, "Security+ (2019)", to check its renewal."""
    from credfloor.flows.audit import LEVELS, format_audit, run_audit

    if portfolio not in (None, "yes", "no"):
        _fail(f"--portfolio {portfolio!r}: expected yes or no")
    if level not in (None, *LEVELS):
        _fail(f"--level {level!r}: expected one of {', '.join(LEVELS)}")
    if resume is not None and not resume.is_file():
        _fail(f"{resume}: no such file")
    names = have_names(have)
    try:
        result = run_audit(
            db,
            role,
            names,
            resume,
            None if portfolio is None else portfolio == "yes",
            level,
            market=market,
        )
    except USER_ERRORS as exc:
        _fail(str(exc))
    typer.echo(json.dumps(result.as_dict(), default=str) if as_json else format_audit(result))


_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def have_names(have: str) -> list[str]:
    """`--have "A, B"` -> names; control characters (a pasted NUL or tab) count as spaces."""
    names = (" ".join(_CONTROL.sub(" ", n).split()) for n in have.split(","))
    return [n for n in names if n]


@catalog_app.command("validate")
def catalog_validate_cmd() -> None:
    """Check the catalog: unique ids, aliases resolving to one id, ladders to existing ids."""
    from credfloor.normalize.catalog import load_catalog

    try:
        catalog = load_catalog()
    except CatalogError as exc:
        _fail(str(exc))
    typer.echo(f"catalog OK: {len(catalog)} credentials (version {catalog.version[:8]})")


@catalog_app.command("stats")
def catalog_stats_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """Counts of credentials by type, issuer and ecosystem."""
    from credfloor.normalize.catalog import load_catalog

    try:
        catalog = load_catalog()
    except CatalogError as exc:
        _fail(str(exc))
    stats = {
        "credentials": len(catalog),
        "by_type": dict(Counter(c.type for c in catalog).most_common()),
        "by_issuer": dict(Counter(c.issuer for c in catalog).most_common()),
        "by_ecosystem": dict(Counter(c.ecosystem or "-" for c in catalog).most_common()),
    }
    if as_json:
        typer.echo(json.dumps(stats))
        return
    typer.echo(f"credentials: {stats['credentials']}")
    for key in ("by_type", "by_ecosystem", "by_issuer"):
        typer.echo(f"\n{key.replace('_', ' ')}:")
        for name, n in stats[key].items():
            typer.echo(f"  {n:5d}  {name}")


@catalog_app.command("suggest")
def catalog_suggest_cmd(
    db: DbOption = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Print at most N phrases.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines output.")] = False,
) -> None:
    """Credentials the catalog lacks (the recognizer's unlisted mentions), most-named first,
    with their candidate key and an example sentence: candidates for the catalog."""
    from credfloor.warehouse.store import Warehouse
    from credfloor.warehouse.suggest import catalog_suggestions

    try:
        with Warehouse.open(db, read_only=True) as wh:
            found = catalog_suggestions(wh, limit)
    except USER_ERRORS as exc:
        _fail(str(exc))
    rows = [(s.postings, s.key, s.phrase, s.example) for s in found]
    _emit(["postings", "candidate_key", "phrase", "example"], rows, "json" if as_json else "table")


@catalog_app.command("resolve")
def catalog_resolve_cmd(
    names: Annotated[list[str], typer.Argument(help="Credential names or phrases.")],
) -> None:
    """Print NAME<TAB>credential_id<TAB>canonical name for each name (empty id: no match)."""
    from credfloor.normalize.catalog import load_catalog
    from credfloor.normalize.resolve import NameResolver

    try:
        resolver = NameResolver(load_catalog())
    except CatalogError as exc:
        _fail(str(exc))
    for name in names:
        cred = resolver.resolve(name)
        typer.echo(f"{name}\t{cred.id if cred else ''}\t{cred.name if cred else ''}")


@roles_app.command("resolve")
def roles_resolve_cmd(
    titles: Annotated[list[str], typer.Argument(help="Job titles.")],
) -> None:
    """Print TITLE<TAB>role_id<TAB>role name<TAB>seniority<TAB>score<TAB>soc_code<TAB>language
    per title (role empty: unknown; language: sv, es, de, fr, da or nl when it reads as one)."""
    from credfloor.normalize.roles import classify_title

    for title in titles:
        m = classify_title(title)
        role_id, name = (m.role.id, m.role.name) if m.role else ("", "")
        soc = (m.role.soc_code or "") if m.role else ""
        typer.echo(
            f"{title}\t{role_id}\t{name}\t{m.seniority}\t{m.score:g}\t{soc}\t{m.language or ''}"
        )


@locations_app.command("resolve")
def locations_resolve_cmd(
    texts: Annotated[list[str], typer.Argument(help="Location texts, as postings write them.")],
) -> None:
    """Print TEXT<TAB>country<TAB>region<TAB>how per text (empty country: unknown)."""
    from credfloor.normalize.locations import resolve

    for text in texts:
        place = resolve(text)
        typer.echo(f"{text}\t{place.country or ''}\t{place.region or ''}\t{place.how}")


@roles_app.command("list")
def roles_list_cmd(
    db: DbOption = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Every O*NET occupation, with or without postings.")
    ] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV output.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines output.")] = False,
) -> None:
    """Roles in the O*NET-SOC hierarchy (major, minor, broad group, then each role) with their
    postings and adverts in the warehouse; groups sum their roles. Shown: curated roles and
    whatever has postings; --all adds every O*NET occupation. A group code works in `floor`."""
    from credfloor.warehouse.occupations import roles_tree
    from credfloor.warehouse.store import Warehouse

    fmt = _format(as_csv, as_json)
    path = db or default_db_path()
    try:
        if db is None and not path.exists():
            typer.echo(f"(no database at {path}: counts left empty)", err=True)
            cols, rows = roles_tree(None, everything)
        else:
            with Warehouse.open(path, read_only=True) as wh:
                cols, rows = roles_tree(wh, everything)
    except USER_ERRORS as exc:
        _fail(str(exc))
    _emit(cols, rows, fmt)


SourcesFileOption = Annotated[
    Path | None,
    typer.Option("--file", help="Sources file (default: $CREDFLOOR_SOURCES, else ./sources.yaml)."),
]


@sources_app.command("list")
def sources_list_cmd(file: SourcesFileOption = None) -> None:
    """List the sources of a sources file: kind, token, role, base URL."""
    from credfloor.flows.sources import list_sources, sources_file

    try:
        specs = list_sources(sources_file(file))
    except USER_ERRORS as exc:
        _fail(str(exc))
    rows = [(s.kind, s.token, s.role or "", s.base_url or "") for s in specs]
    typer.echo(format_table(["kind", "token", "role", "base_url"], rows))


@sources_app.command("add")
def sources_add_cmd(
    kind: Annotated[
        str, typer.Argument(help="greenhouse, lever, ashby, smartrecruiters, workable or jsonld.")
    ],
    token: Annotated[str, typer.Argument(help="Board token, site, account, company id or URL.")],
    file: SourcesFileOption = None,
    role: Annotated[
        str | None, typer.Option("--role", help="Assign every posting of this source to a role.")
    ] = None,
    base_url: Annotated[
        str | None, typer.Option("--base-url", help="Fetch from this base URL (a mirror).")
    ] = None,
) -> None:
    """Add a source to the sources file (created if missing; comments are kept)."""
    from credfloor.flows.sources import add, sources_file

    path = sources_file(file)
    try:
        spec = add(path, kind, token, role, base_url)
    except USER_ERRORS as exc:
        _fail(str(exc))
    typer.echo(f"added {spec.kind} {spec.token} to {path}")


@sources_app.command("check")
def sources_check_cmd(
    file: SourcesFileOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines output.")] = False,
) -> None:
    """Fetch the first page of every source and report status, count and errors; load nothing."""
    from credfloor.flows.sources import check_sources, sources_file

    try:
        rows, stats = check_sources(sources_file(file))
    except USER_ERRORS as exc:
        _fail(str(exc))
    cols = ["kind", "token", "status", "postings", "rejected", "error"]
    _emit(cols, [tuple(r[c] for c in cols) for r in rows], "json" if as_json else "table")
    typer.echo(
        f"{stats['requests']} requests, {stats['bytes']:,} bytes, "
        f"{stats['not_modified']} not modified",
        err=True,
    )
    if any(r["status"] != "ok" for r in rows):
        raise typer.Exit(1)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
