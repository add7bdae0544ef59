"""The `credfloor` console entry point.

`credfloor extract --input FILE --output FILE` runs once per batch of postings, so its start-up
is part of its throughput. Typer (0.29) coerces every option through a pydantic TypeAdapter:
importing pydantic and building the app cost ~0.3 s before any posting is read, a fifth of the
budget for 5,000 postings (BENCHMARKS.md). So that one plain form runs without Typer. Every other
command line, including `extract --help` and any unusual or wrong form of `extract`, goes to the
Typer app in cli.py, which stays the one description of the CLI (options, help, errors).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_EXTRACT_OPTIONS = {"--input": "input", "-i": "input", "--output": "output", "-o": "output"}


def plain_extract_args(argv: list[str]) -> tuple[Path, Path] | None:
    """(input, output) when `argv` is `extract` with exactly --input/-i and --output/-o, each
    given once with a value, as Typer would read them; else None (Typer then handles it)."""
    if not argv or argv[0] != "extract":
        return None
    found: dict[str, str] = {}
    rest = argv[1:]
    while rest:
        arg = rest.pop(0)
        name, eq, value = arg.partition("=")
        if eq and name.startswith("--"):
            field = _EXTRACT_OPTIONS.get(name)
        else:
            field = _EXTRACT_OPTIONS.get(arg)
            if field is None or not rest:
                return None
            value = rest.pop(0)
        if field is None or field in found or not value or value.startswith("-"):
            return None
        found[field] = value
    if len(found) != 2:
        return None
    paths = (Path(found["input"]), Path(found["output"]))
    # Typer refuses an existing path it cannot read, with a usage error: leave that to it.
    if any(p.exists() and not os.access(p, os.R_OK) for p in paths):
        return None
    return paths


def main() -> None:
    args = plain_extract_args(sys.argv[1:])
    if args is not None:
        from credfloor.flows.extraction import run_extract

        sys.exit(run_extract(*args))
    from credfloor.flows.cli import app

    app()
