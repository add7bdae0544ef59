"""`credfloor schedule`: serve the refresh flow as a Prefect deployment on a cron schedule.

Schedules need a Prefect server (`prefect server start`) and PREFECT_API_URL pointing at it: on
the ephemeral server that plain runs use, Prefect warns "Cannot schedule flows on an ephemeral
server" and the schedule never fires (measured; docs/scheduling.md). The served process is also the worker: it
starts each scheduled run itself, so it must keep running; stopping it pauses the schedule.
"""

from __future__ import annotations

from pathlib import Path

from credfloor.flows.pipeline import default_inputs

DEFAULT_CRON = "0 3 1 */6 *"  # 03:00 UTC on 1 January and 1 July
DEPLOYMENT_NAME = "six-monthly"
FLOW_NAME = "credfloor-refresh"


class ScheduleError(Exception):
    """A user mistake or a missing server: one clear message, no traceback."""


EPHEMERAL_MESSAGE = """\
Schedules need a Prefect server, and none is configured (PREFECT_API_URL is not set), so
Prefect would run in its ephemeral mode, where schedules never fire.
Start a server in another terminal and point credfloor at it:

    PREFECT_SERVER_ANALYTICS_ENABLED=false prefect server start --host 127.0.0.1 --port 4200
    export PREFECT_API_URL=http://127.0.0.1:4200/api
    credfloor schedule

Keep `credfloor schedule` running: it starts each scheduled refresh itself, and stopping it
pauses the schedule. To refresh once now, without a schedule, run `credfloor refresh`."""


def api_url() -> str | None:
    """The Prefect server this process talks to; None means the ephemeral mode."""
    from prefect.settings import get_current_settings

    import credfloor.flows.prefect_runtime  # noqa: F401  (Prefect's home first)

    url = get_current_settings().api.url
    return str(url) if url else None


def check_cron(cron: str) -> str:
    """The cron string, or a ScheduleError saying why Prefect would refuse it."""
    from prefect.client.schemas.schedules import CronSchedule

    try:
        CronSchedule(cron=cron)
    except ValueError as exc:
        raise ScheduleError(f"--cron {cron!r}: not a valid cron expression") from exc
    return cron


def refresh_parameters(sources: Path | None = None, db: Path | None = None) -> dict:
    """The refresh flow's parameters for every scheduled run, with absolute paths (the runs
    happen in the serving process, whatever its working directory later is)."""
    if sources is not None:
        sources = Path(sources).absolute()
        if not sources.is_file():
            raise ScheduleError(f"{sources}: no such sources file")
    inputs = [] if sources is not None else [str(p.absolute()) for p in default_inputs()]
    return {
        "inputs": inputs,
        "db": str(Path(db).absolute()) if db else None,
        "sources": str(sources) if sources is not None else None,
    }


def build_deployment(
    cron: str = DEFAULT_CRON,
    sources: Path | None = None,
    db: Path | None = None,
    name: str = DEPLOYMENT_NAME,
):
    """The RunnerDeployment of the refresh flow with the cron schedule (not yet on a server)."""
    from prefect.deployments.runner import EntrypointType

    from credfloor.flows.refresh import refresh_flow

    return refresh_flow.to_deployment(
        name=name,
        cron=check_cron(cron),
        parameters=refresh_parameters(sources, db),
        description="credfloor refresh on a schedule (credfloor schedule)",
        tags=["credfloor"],
        entrypoint_type=EntrypointType.MODULE_PATH,
    )


def serve(
    cron: str = DEFAULT_CRON,
    sources: Path | None = None,
    db: Path | None = None,
    name: str = DEPLOYMENT_NAME,
) -> None:
    """Create or update the deployment on the configured server and serve it (blocks)."""
    check_cron(cron)
    params = refresh_parameters(sources, db)  # user mistakes first, before any server talk
    if api_url() is None:
        raise ScheduleError(EPHEMERAL_MESSAGE)
    from prefect.deployments.runner import EntrypointType

    from credfloor.flows.refresh import refresh_flow

    refresh_flow.serve(
        name=name,
        cron=cron,
        parameters=params,
        description="credfloor refresh on a schedule (credfloor schedule)",
        tags=["credfloor"],
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
