"""Process-wide settings: the worker count, and the environment for Prefect, set before Prefect
is first imported.

Ephemeral mode (no server to run), state in the user's data folder, no telemetry. Users can
override any of these by setting them first (an explicit PREFECT_HOME is kept as it is).
Importing creates nothing: the state folder is made when a flow runs (prepare_prefect_home),
so a command run in any folder leaves nothing behind.
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "CREDFLOOR_DATA"
WORKERS_ENV = "CREDFLOOR_WORKERS"
# Inputs this big (bytes; ~1,100 a posting gzipped, ~3,500 plain) are extracted in worker
# processes from the first batch (refresh and `credfloor extract` alike): this process then
# only reads and writes, instead of extracting the first postings alone while a core idles.
POOL_FROM_BYTES = 5_000_000


def worker_count() -> int:
    """Processes that extract in parallel: $CREDFLOOR_WORKERS, else one per core (0: all work
    in the calling process)."""
    raw = os.environ.get(WORKERS_ENV, "").strip()
    if not raw:
        return os.cpu_count() or 1
    if not raw.isdigit():
        from credfloor.extract.sources.files import InputError

        raise InputError(
            f"{WORKERS_ENV}={raw!r}: expected a whole number of worker processes "
            "(0: work in this process)"
        )
    return int(raw)


def input_bytes(paths: list[Path]) -> int:
    """The size of the input files (a folder counts every file in it)."""
    total = 0
    for path in paths:
        if path.is_dir():
            total += sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
        elif path.is_file():
            total += path.stat().st_size
    return total


def data_dir() -> Path:
    """credfloor's own state: $CREDFLOOR_DATA, else $XDG_DATA_HOME/credfloor, else
    ~/.local/share/credfloor (never the current folder)."""
    if os.environ.get(DATA_DIR_ENV):
        return Path(os.environ[DATA_DIR_ENV])
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "credfloor"


def configure_prefect() -> None:
    home = Path(os.environ.get("PREFECT_HOME") or data_dir() / "prefect").expanduser().absolute()
    os.environ["PREFECT_HOME"] = str(home)
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_UI_ENABLED", "false")


def prepare_prefect_home() -> Path:
    """Make Prefect's state folder, just before a flow runs: Prefect itself creates only the
    last level."""
    home = Path(os.environ["PREFECT_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    return home
