"""`credfloor schedule`: the ephemeral-mode message, the deployment it builds, and a real Prefect
server that turns the cron into its next scheduled run."""

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from credfloor.flows.cli import app
from credfloor.flows.schedule import (
    DEFAULT_CRON,
    DEPLOYMENT_NAME,
    FLOW_NAME,
    ScheduleError,
    build_deployment,
    check_cron,
    refresh_parameters,
)

runner = CliRunner()
BIN = Path(sys.executable).parent
SERVER_START_TIMEOUT = 90  # seconds; ~13 s on this machine when idle
SCHEDULE_TIMEOUT = 60


def next_six_monthly(now: datetime) -> datetime:
    """The next 03:00 UTC on 1 January or 1 July after `now` (the default cron), by hand."""
    for year in (now.year, now.year + 1):
        for month in (1, 7):
            at = datetime(year, month, 1, 3, 0, tzinfo=UTC)
            if at > now:
                return at
    raise AssertionError("unreachable")


def test_next_six_monthly_by_hand():
    assert next_six_monthly(datetime(2026, 11, 23, tzinfo=UTC)) == datetime(
        2027, 1, 1, 3, tzinfo=UTC
    )
    assert next_six_monthly(datetime(2027, 1, 1, 3, tzinfo=UTC)) == datetime(
        2027, 7, 1, 3, tzinfo=UTC
    )


def test_ephemeral_mode_explains_how_to_start_a_server(monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    result = runner.invoke(app, ["schedule"])
    assert result.exit_code == 1
    assert "Schedules need a Prefect server" in result.output
    assert "prefect server start" in result.output and "PREFECT_API_URL" in result.output
    assert "Traceback" not in result.output


def test_bad_cron_and_missing_sources_are_user_errors(tmp_path):
    with pytest.raises(ScheduleError, match="not a valid cron"):
        check_cron("every six months")
    bad = runner.invoke(app, ["schedule", "--cron", "61 * * * *"])
    assert bad.exit_code == 1 and "not a valid cron" in bad.output
    missing = runner.invoke(app, ["schedule", "--sources", str(tmp_path / "none.yaml")])
    assert missing.exit_code == 1 and "no such sources file" in missing.output


def test_deployment_carries_cron_and_absolute_parameters(tmp_path, monkeypatch):
    sources = tmp_path / "sources.yaml"
    sources.write_text("sources: []\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    dep = build_deployment(sources=Path("sources.yaml"), db=Path("c.duckdb"))
    assert dep.name == DEPLOYMENT_NAME and dep.flow_name == FLOW_NAME
    [schedule] = dep.schedules
    assert schedule.schedule.cron == DEFAULT_CRON
    assert dep.parameters == {
        "inputs": [],
        "db": str(tmp_path / "c.duckdb"),
        "sources": str(sources),
    }
    assert dep.entrypoint == "credfloor.flows.refresh.refresh_flow"
    samples = refresh_parameters()
    assert samples["inputs"] and all(Path(p).is_absolute() for p in samples["inputs"])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen | None, first: int = signal.SIGTERM) -> None:
    if proc is None or proc.poll() is not None:
        return
    os.killpg(proc.pid, first)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def test_real_server_schedules_the_next_run(tmp_path):
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "server-home"),
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
    }
    env.pop("PREFECT_API_URL", None)
    server = served = None
    log = (tmp_path / "server.log").open("wb")
    served_log = (tmp_path / "schedule.log").open("wb")
    try:
        server = subprocess.Popen(
            [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            assert server.poll() is None, (tmp_path / "server.log").read_text()[-2000:]
            try:
                if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "Prefect server did not start in time"
            time.sleep(0.5)

        before = datetime.now(UTC)
        served = subprocess.Popen(
            [str(BIN / "credfloor"), "schedule", "--db", str(tmp_path / "c.duckdb")],
            env={**env, "PREFECT_HOME": str(tmp_path / "client-home"), "PREFECT_API_URL": api},
            cwd=tmp_path,
            stdout=served_log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + SCHEDULE_TIMEOUT
        runs: list = []
        while not runs:
            assert served.poll() is None, (tmp_path / "schedule.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "no scheduled run appeared"
            resp = httpx.get(f"{api}/deployments/name/{FLOW_NAME}/{DEPLOYMENT_NAME}", timeout=5)
            if resp.status_code == 200:
                deployment = resp.json()
                runs = httpx.post(
                    f"{api}/flow_runs/filter",
                    json={
                        "deployments": {"id": {"any_": [deployment["id"]]}},
                        "flow_runs": {"state": {"type": {"any_": ["SCHEDULED"]}}},
                        "sort": "EXPECTED_START_TIME_ASC",
                    },
                    timeout=5,
                ).json()
            if not runs:
                time.sleep(0.5)

        assert [s["schedule"]["cron"] for s in deployment["schedules"]] == [DEFAULT_CRON]
        assert deployment["parameters"]["db"] == str(tmp_path / "c.duckdb")
        first = datetime.fromisoformat(runs[0]["expected_start_time"].replace("Z", "+00:00"))
        assert first == next_six_monthly(before)
        assert runs[0]["state_type"] == "SCHEDULED"
    finally:
        # Ctrl-C, as a user stops it (SIGINT returns in ~2 s)
        _stop(served, signal.SIGINT)
        _stop(server)
        log.close()
        served_log.close()
