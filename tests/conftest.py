"""Test-wide setup: Prefect runs ephemeral in a throwaway home; shared paths and fixtures."""

import os
import tempfile
from pathlib import Path

import pytest

# Before anything imports Prefect: a private, fresh home so tests never touch a user's state.
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="credfloor-prefect-"))
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

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


def hold_warehouse(path, seconds):
    """Another process that opens the warehouse as a refresh does and keeps it for `seconds`."""
    import subprocess
    import sys

    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "ready"
    return holder
