"""Test-wide setup: Prefect runs ephemeral in a throwaway home; shared paths and fixtures."""

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

# Before anything imports Prefect: a private, fresh home so tests never touch a user's state.
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="credfloor-prefect-"))
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# Compiled extractors and HTTP responses go to a throwaway cache, never the user's (~/.cache),
# even when the user has set one: a test must neither read a stale entry nor leave one behind.
os.environ["CREDFLOOR_CACHE"] = tempfile.mkdtemp(prefix="credfloor-cache-")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "postings.jsonl.gz"
GOLD_DEV = SHARED / "corpus" / "gold" / "dev.jsonl"


@pytest.fixture(scope="session")
def catalog():
    from credfloor.normalize.catalog import load_catalog

    return load_catalog()


@pytest.fixture(scope="session")
def extractor(catalog):
    from credfloor.normalize.extractor import Extractor

    return Extractor(catalog)


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory):
    """The bundled samples refreshed once into a database shared by read-only tests."""
    from credfloor.flows.refresh import refresh

    db = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    summary = refresh(db=db)
    return db, summary


def write_jsonl(path: Path, lines: list[str | bytes]) -> Path:
    with path.open("wb") as fh:
        for line in lines:
            fh.write(line if isinstance(line, bytes) else line.encode("utf-8"))
            fh.write(b"\n")
    return path


HOLD = """
import sys, time
from credfloor.warehouse.store import Warehouse
wh = Warehouse.open(sys.argv[1], purpose="refresh")
print("ready", flush=True)
time.sleep(float(sys.argv[2]))
wh.close()
"""


# A refresh under way: it holds the writer lock and writes its copy of the warehouse.
HOLD_REFRESH = """
import sys, time
from credfloor.warehouse.swap import refreshing
with refreshing(sys.argv[1]) as wh:
    wh.con.execute("DELETE FROM roles")
    print("ready", flush=True)
    time.sleep(float(sys.argv[2]))
"""


# Another process holding the file the way DuckDB's own shell or a notebook would.
HOLD_PLAIN = (
    "import duckdb,sys,time; c=duckdb.connect(sys.argv[1]); print('ready', flush=True); "
    "time.sleep(float(sys.argv[2]))"
)


@contextmanager
def holding_warehouse(path, seconds, code=HOLD):
    """Another process that opens the warehouse (as a refresh does, by default) and keeps it
    for `seconds`; it is stopped, if still running, when the block ends."""
    import subprocess
    import sys

    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(path), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        yield holder
    finally:
        if holder.poll() is None:
            holder.kill()
        holder.wait()
