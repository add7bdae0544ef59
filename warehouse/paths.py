"""Where the warehouse lives by default (no DuckDB import: the CLI reads this on every command)."""

import os
from pathlib import Path

DEFAULT_DB = "credfloor.duckdb"


def default_db_path() -> Path:
    return Path(os.environ.get("CREDFLOOR_DB") or DEFAULT_DB)
