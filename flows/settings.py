"""Environment for Prefect, set before Prefect is first imported.

Ephemeral mode (no server to run), state under the project's data folder, no telemetry.
Users can override any of these by setting them first.
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "CREDFLOOR_DATA"


def data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV) or "data")


def configure_prefect() -> None:
    home = Path(os.environ.get("PREFECT_HOME") or data_dir() / "prefect").absolute()
    home.mkdir(parents=True, exist_ok=True)  # Prefect only creates the last level itself
    os.environ["PREFECT_HOME"] = str(home)
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_UI_ENABLED", "false")
