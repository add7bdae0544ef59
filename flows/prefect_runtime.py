"""Prefect as the flows import it: its home is made first.

Importing Prefect makes the last level of PREFECT_HOME (flows/settings.py puts it in the
user's data folder), so the folders above it are made here, when a module that runs flows is
imported, and importing the rest of credfloor creates nothing.
"""

from credfloor.flows.settings import prepare_prefect_home

prepare_prefect_home()

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.utilities.annotations import quote  # noqa: E402

__all__ = ["NO_CACHE", "flow", "get_run_logger", "quote", "task"]
