"""Helpers for web-source tests: a PoliteClient over httpx.MockTransport that never sleeps."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx

from credfloor.extract.http import HttpSettings, PoliteClient

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


class FakeTime:
    """clock + sleep: sleeping advances the clock, instantly."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def mock_client(
    handler: Callable[[httpx.Request], httpx.Response],
    cache_dir: Path,
    **settings,
) -> tuple[PoliteClient, FakeTime, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    fake = FakeTime()
    opts = {"min_interval": 0.0, "cache_dir": cache_dir, "retries": 2, "backoff": 0.1}
    opts.update(settings)
    client = PoliteClient(
        HttpSettings(**opts),
        transport=httpx.MockTransport(record),
        sleep=fake.sleep,
        clock=fake.clock,
        random=lambda: 0.5,
    )
    return client, fake, seen


def json_route(routes: dict[str, bytes | int]) -> Callable[[httpx.Request], httpx.Response]:
    """Path -> body bytes (served as JSON) or a status code."""

    def handler(request: httpx.Request) -> httpx.Response:
        body = routes.get(request.url.path)
        if body is None:
            return httpx.Response(404, json={"error": "not found"})
        if isinstance(body, int):
            return httpx.Response(body, text="error")
        return httpx.Response(200, content=body, headers={"content-type": "application/json"})

    return handler
