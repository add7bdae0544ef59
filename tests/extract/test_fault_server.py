"""The client and the sources against a real local server that misbehaves on purpose.

Tiny timeouts, injected sleep: the whole file runs in a few seconds."""

from __future__ import annotations

import json

import pytest

from credfloor.extract.http import FetchError, HttpSettings, PoliteClient
from credfloor.extract.records import Posting, SourceError
from credfloor.extract.sources.base import SourceSpec, fetch_source
from tests.extract.faultserver import FaultServer, huge, ok, redirect, slow, status, truncated
from tests.extract.webhelpers import FakeTime, fixture_bytes

BOARD = fixture_bytes("greenhouse_jobs.json")


@pytest.fixture(scope="module")
def server():
    with FaultServer() as srv:
        srv.route("/robots.txt", ok("User-agent: *\nDisallow: /private/\n", "text/plain"))
        yield srv


@pytest.fixture
def client(tmp_path):
    fake = FakeTime()
    settings = HttpSettings(
        min_interval=0,
        timeout=0.25,
        retries=2,
        backoff=0.5,
        max_bytes=1_000_000,
        cache_dir=tmp_path,
    )
    with PoliteClient(settings, sleep=fake.sleep, random=lambda: 0.5) as c:
        c.fake = fake
        yield c


def test_429_with_retry_after_is_waited_out(server, client):
    url = server.route("/r429", status(429, {"Retry-After": "3"}), ok('{"a": 1}'))
    got = client.get(url)
    assert json.loads(got.content) == {"a": 1}
    assert client.fake.slept == [3.0] and server.hits["/r429"] == 2


def test_503_then_success(server, client):
    url = server.route("/r503", status(503), status(503), ok('{"b": 2}'))
    assert json.loads(client.get(url).content) == {"b": 2}
    assert client.fake.slept == [0.375, 0.75]  # backoff with jitter, never real sleep


def test_slow_response_times_out_then_retries(server, client):
    url = server.route("/slow-once", slow(1.0, ok('{"c": 3}')), ok('{"c": 3}'))
    assert json.loads(client.get(url).content) == {"c": 3}
    always = server.route("/slow", slow(1.0, ok("{}")))
    with pytest.raises(FetchError, match="timed out .* after 3 attempts"):
        client.get(always)


def test_truncated_body_is_retried_not_half_parsed(server, client):
    body = json.dumps({"jobs": list(range(500))}).encode()
    url = server.route("/trunc", truncated(body), ok(body))
    assert client.get(url).content == body
    assert client.stats.retries == 1


def test_redirect_loop_is_cut(server, client):
    server.route("/loop-a", redirect("/loop-b"))
    url = server.route("/loop-b", redirect("/loop-a"))
    with pytest.raises(FetchError, match="too many redirects"):
        client.get(url)
    assert server.hits["/loop-a"] + server.hits["/loop-b"] <= 7


def test_20_mb_body_stops_at_the_size_limit(server, client):
    url = server.route("/huge", huge(20 * 1024 * 1024))
    before = server.bytes_sent
    with pytest.raises(FetchError, match="larger than the 1,000,000-byte limit"):
        client.get(url)
    assert client.stats.bytes < 2_000_000
    assert client.stats.retries == 0  # an oversize body is not retried
    assert server.bytes_sent - before < 20 * 1024 * 1024


def test_robots_txt_disallow_blocks_page_fetches_only(server, client):
    page = server.route("/private/careers", ok("<html></html>", "text/html"))
    with pytest.raises(FetchError, match="robots.txt"):
        client.get(page, page=True)
    assert server.hits["/private/careers"] == 0
    assert client.get(page).status == 200  # documented APIs are not page fetches
    assert client.stats.robots_blocked == 1


def test_robots_txt_server_error_means_disallow_all(tmp_path):
    with FaultServer() as srv:
        srv.route("/robots.txt", status(500))
        page = srv.route("/careers", ok("<html></html>", "text/html"))
        settings = HttpSettings(min_interval=0, retries=0, cache_dir=tmp_path)
        with PoliteClient(settings, sleep=lambda s: None) as c, pytest.raises(FetchError):
            c.get(page, page=True)


def test_unchanged_board_costs_a_304(server, client):
    url = server.route("/etag-board", ok(BOARD))
    first, second = client.get(url), client.get(url)
    assert first.status == 200 and second.status == 304 and second.content == BOARD
    assert client.stats.full_bodies == 1 and client.stats.not_modified == 1


def test_a_flaky_board_loses_and_duplicates_nothing(server, client):
    server.route(
        "/flaky/v1/boards/vaulttec/jobs",
        status(503),
        truncated(BOARD),
        status(429, {"Retry-After": "1"}),
        ok(BOARD),
    )
    client.settings.retries = 4
    spec = SourceSpec("greenhouse", "vaulttec", base_url=server.url + "/flaky")
    items = list(fetch_source(client, spec))
    ids = [i.external_id for i in items if isinstance(i, Posting)]
    assert ids == ["4012345006", "4012345007"]
    assert not [i for i in items if isinstance(i, SourceError)]
    assert len(items) == 3  # plus the one rejected (empty) posting: read once each


def test_a_dead_source_does_not_stop_the_next(server, client):
    server.route("/dead/v1/boards/x/jobs", status(500))
    server.route("/live/v1/boards/vaulttec/jobs", ok(BOARD))
    items = []
    for base in ("/dead", "/live"):
        token = "x" if base == "/dead" else "vaulttec"
        items += list(
            fetch_source(client, SourceSpec("greenhouse", token, base_url=server.url + base))
        )
    errors = [i for i in items if isinstance(i, SourceError)]
    assert len(errors) == 1 and "HTTP 500 after 3 attempts" in errors[0].reason
    assert len([i for i in items if isinstance(i, Posting)]) == 2


def test_dns_failure_is_reported_not_raised(client):
    spec = SourceSpec("lever", "acme", base_url="http://no-such-host.invalid")
    (err,) = list(fetch_source(client, spec))
    assert isinstance(err, SourceError) and "cannot connect" in err.reason
