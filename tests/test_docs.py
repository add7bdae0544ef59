"""Docs that cannot drift from the code.

- every CLI command and option is in docs/cli.md, under its own heading;
- every view, table, column and macro of the warehouse is in docs/sql.md, under its own heading;
- every shell example marked `<!-- runnable -->` in README.md and docs/ runs against the bundled
  samples and prints what the page shows;
- relative links and anchors resolve, the README stays short, and nothing tracked outside tests/,
  bench/, BENCHMARKS.md and .ci/ points at files a clone does not have.

Each failure names what is missing and the file to edit.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

DOCS = ROOT / "docs"
CLI_DOC = DOCS / "cli.md"
SQL_DOC = DOCS / "sql.md"
PAGES = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted(DOCS.glob("*.md"))]
BIN = Path(sys.executable).parent
README_MAX_LINES = 200


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


# --- Markdown helpers ------------------------------------------------------------------------

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def headings(text: str) -> list[tuple[int, str, int]]:
    """(level, text, line index) of each heading outside fenced code."""
    out, fenced = [], False
    for i, line in enumerate(text.split("\n")):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        m = _HEADING.match(line)
        if m and not fenced:
            out.append((len(m.group(1)), m.group(2), i))
    return out


def sections(text: str) -> dict[str, str]:
    """Each heading's names in backticks -> the text under it, up to the next heading of the
    same or a higher level. A heading naming several things (`a`, `b`) gives each the text."""
    lines = text.split("\n")
    heads = headings(text)
    out: dict[str, str] = {}
    for n, (level, title, start) in enumerate(heads):
        end = next((h[2] for h in heads[n + 1 :] if h[0] <= level), len(lines))
        body = "\n".join(lines[start + 1 : end])
        for name in re.findall(r"`([^`]+)`", title):
            out[name] = body
    return out


def github_slug(title: str) -> str:
    slug = title.strip().lower()
    slug = re.sub(r"[^\w\- ]", "", slug)
    return slug.replace(" ", "-")


def anchors(text: str) -> set[str]:
    seen: dict[str, int] = {}
    out = set()
    for _level, title, _line in headings(text):
        slug = github_slug(title)
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    out |= set(re.findall(r'<a (?:id|name)="([^"]+)"', text))
    return out


def mentions(name: str, text: str) -> bool:
    return re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text) is not None


# --- the CLI ---------------------------------------------------------------------------------


def cli_commands() -> list[tuple[str, list[str]]]:
    """('credfloor refresh', ['--input', ...]) for the program and every command, from the app."""
    import typer.main

    from credfloor.flows.cli import app

    root = typer.main.get_command(app)
    found = []

    def options(cmd) -> list[str]:
        return [o for p in cmd.params for o in p.opts if o.startswith("--") and o != "--help"]

    def walk(cmd, path: str) -> None:
        subs = getattr(cmd, "commands", None)
        if subs is None or options(cmd):
            found.append((path, options(cmd)))
        for name, sub in sorted((subs or {}).items()):
            walk(sub, f"{path} {name}")

    walk(root, "credfloor")
    return found


def test_every_cli_command_and_option_is_in_docs_cli():
    commands = cli_commands()
    assert len(commands) >= 15, commands
    by_heading = sections(CLI_DOC.read_text(encoding="utf-8"))
    missing = []
    for command, options in commands:
        if command not in by_heading:
            missing.append(
                f'- the command `{command}`: add a heading "### `{command}`" with what it does '
                f"and its options ({', '.join(options) or 'none'})"
            )
            continue
        for option in options:
            if not mentions(option, by_heading[command]):
                missing.append(f'- the option `{option}` under "### `{command}`"')
    assert not missing, (
        f"{rel(CLI_DOC)} does not document:\n"
        + "\n".join(missing)
        + (f"\nEdit {rel(CLI_DOC)} (options in `backticks`, as the other sections do).")
    )


# --- the SQL interface -----------------------------------------------------------------------


def warehouse_objects(db: Path) -> tuple[dict[str, list[str]], dict[str, list[str]], list[str]]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:

        def columns(name: str) -> list[str]:
            return [
                r[0]
                for r in con.execute(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
                    [name],
                ).fetchall()
            ]

        views = con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'"
        ).fetchall()
        tables = con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
        ).fetchall()
        macros = con.execute(
            "SELECT DISTINCT function_name FROM duckdb_functions() "
            "WHERE NOT internal AND schema_name = 'main' "
            "AND function_type IN ('macro', 'table_macro')"
        ).fetchall()
        return (
            {v: columns(v) for (v,) in views},
            {t: columns(t) for (t,) in tables if not t.startswith("_")},
            sorted(m for (m,) in macros),
        )
    finally:
        con.close()


def test_every_view_table_column_and_macro_is_in_docs_sql(sample_db):
    views, tables, macros = warehouse_objects(sample_db[0])
    assert "floor_signals" in views and "postings" in tables
    text = SQL_DOC.read_text(encoding="utf-8")
    by_heading = sections(text)
    missing = []
    for kind, objects in (("view", views), ("table", tables)):
        for name, cols in sorted(objects.items()):
            if name not in by_heading:
                missing.append(
                    f'- the {kind} `{name}`: add a heading "### `{name}`" describing it and '
                    f"its columns ({', '.join(cols)})"
                )
                continue
            for col in cols:
                if f"`{col}`" not in by_heading[name]:
                    missing.append(f'- the column `{col}` under "### `{name}`"')
    for macro in macros:
        if f"`{macro}(" not in text and f"`{macro}`" not in text:
            missing.append(f"- the macro `{macro}` (in the Macros section)")
    assert not missing, (
        f"{rel(SQL_DOC)} does not document:\n"
        + "\n".join(missing)
        + (f"\nEdit {rel(SQL_DOC)}: each name and column in `backticks` under its heading.")
    )


# --- runnable examples -----------------------------------------------------------------------

_RUNNABLE = re.compile(
    r"^(?P<indent>[ \t]*)<!-- runnable(?::\s*(?P<mode>[\w, -]+?))?\s*-->[ \t]*\n"
    r"(?P=indent)```(?:console|sh|shell|text)[ \t]*\n(?P<body>.*?)\n(?P=indent)```",
    re.M | re.S,
)


def runnable_examples():
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for m in _RUNNABLE.finditer(text):
            indent = m.group("indent")
            body = [line.removeprefix(indent) for line in m.group("body").split("\n")]
            line_no = text.count("\n", 0, m.start()) + 1
            modes = frozenset((m.group("mode") or "").replace(",", " ").split())
            marks = [pytest.mark.slow] if "slow" in modes else []
            yield pytest.param(page, line_no, modes, body, id=f"{rel(page)}:{line_no}", marks=marks)


def split_commands(body: list[str]) -> list[tuple[str, list[str]]]:
    steps: list[tuple[str, list[str]]] = []
    for line in body:
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif steps:
            steps[-1][1].append(line)
    return steps


def _line_matches(expected: str, actual: str) -> bool:
    if "[...]" not in expected:
        return expected == actual
    pattern = ".*".join(re.escape(part) for part in expected.split("[...]"))
    return re.fullmatch(pattern, actual) is not None


def output_matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line after trimming trailing spaces; a line `...` stands for any lines, and
    `[...]` within a line for any text (timings, paths)."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(output_matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return (
        bool(actual)
        and _line_matches(expected[0], actual[0])
        and output_matches(expected[1:], actual[1:])
    )


def _trim(lines: list[str]) -> list[str]:
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


@pytest.mark.parametrize(("page", "line_no", "modes", "body"), list(runnable_examples()))
def test_runnable_example(page, line_no, modes, body, sample_db, tmp_path):
    if not (BIN / "credfloor").exists():
        pytest.skip(f"no credfloor script beside {sys.executable} (run the tests from .venv)")
    unknown = modes - {"fresh", "slow"}
    assert not unknown, f"{rel(page)}:{line_no}: unknown runnable mode(s) {sorted(unknown)}"
    steps = split_commands(body)
    assert steps, f"{rel(page)}:{line_no}: a runnable block needs `$ command` lines"
    work = tmp_path / "work"
    work.mkdir()
    if "fresh" not in modes:
        shutil.copy(sample_db[0], work / "credfloor.duckdb")
    # The README's `./run ...` is the bootstrap script; here the environment is already set up.
    (work / "run").write_text('#!/bin/sh\nexec credfloor "$@"\n', encoding="utf-8")
    (work / "run").chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CREDFLOOR_")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    if "CREDFLOOR_CACHE" in os.environ:  # the compiled catalog, as the other tests use it
        env["CREDFLOOR_CACHE"] = os.environ["CREDFLOOR_CACHE"]
    env["CREDFLOOR_DATA"] = str(tmp_path / "data")
    env["COLUMNS"] = "100"
    for command, expected in steps:
        done = subprocess.run(
            ["sh", "-c", command],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        actual = _trim(done.stdout.split("\n"))
        want = _trim(expected)
        if not output_matches(want, actual):
            diff = "\n".join(difflib.unified_diff(want, actual, "shown", "printed", lineterm=""))
            pytest.fail(
                f"{rel(page)}:{line_no}: `$ {command}` printed something else than the page "
                f"shows (exit {done.returncode}). Update the example in {rel(page)} or fix the "
                f"code.\n{diff}\nstderr:\n{done.stderr[-2000:]}"
            )


def test_runnable_examples_exist():
    found = {p.values[0].name for p in runnable_examples()}
    assert {"README.md", "cli.md", "sql.md"} <= found, found


# --- links, length, self-containment --------------------------------------------------------

_LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _without_code(text: str) -> str:
    text = re.sub(r"^\s*(```|~~~).*?^\s*\1", "", text, flags=re.M | re.S)
    return re.sub(r"`[^`\n]*`", "", text)


def test_relative_links_and_anchors_resolve():
    broken = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for target in _LINK.findall(_without_code(text)):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
                continue
            path, _, frag = target.partition("#")
            dest = (page.parent / path).resolve() if path else page
            if not dest.exists():
                broken.append(f"- {rel(page)}: link to {target}: no such file")
                continue
            if frag and dest.suffix == ".md":
                if frag not in anchors(dest.read_text(encoding="utf-8")):
                    broken.append(f"- {rel(page)}: link to {target}: no heading #{frag} there")
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_readme_stays_short():
    n = len((ROOT / "README.md").read_text(encoding="utf-8").split("\n"))
    assert n <= README_MAX_LINES, (
        f"README.md has {n} lines (at most {README_MAX_LINES}): move reference material to a "
        "page in docs/ and link it"
    )


ALLOWED = ("tests/", "bench/", "BENCHMARKS.md", ".ci/")
OUTSIDE = re.compile(r"\.\./shared|DESIGN\.md")


def tracked_files() -> list[str]:
    try:
        done = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=60
        )
        return [f for f in done.stdout.decode().split("\0") if f]
    except (OSError, subprocess.CalledProcessError):
        skip = {".git", ".venv", ".tools", "data", "__pycache__", "credfloor.egg-info"}
        return [
            p.relative_to(ROOT).as_posix()
            for p in ROOT.rglob("*")
            if p.is_file() and not skip & set(p.relative_to(ROOT).parts)
        ]


def test_nothing_tracked_points_outside_the_repository():
    found = []
    for name in tracked_files():
        if name.startswith(ALLOWED) or name == "tests/test_docs.py":
            continue
        path = ROOT / name
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for n, line in enumerate(text.split("\n"), 1):
            if OUTSIDE.search(line):
                found.append(f"- {name}:{n}: {line.strip()[:120]}")
    assert not found, (
        "these refer to files a clone does not have (../shared, DESIGN.md); carry what users "
        "need into docs/ or rephrase:\n" + "\n".join(found)
    )
