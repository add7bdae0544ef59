"""The polite client on its own (httpx.MockTransport): headers, pacing, retries, cache."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from credfloor.extract.http import FetchError, HttpSettings, PoliteClient
from tests.extract.webhelpers import mock_client


def test_user_agent_names_the_tool_and_the_contact(tmp_path):
    client, _, seen = mock_client(
        lambda r: httpx.Response(200, json={}), tmp_path, contact="ops@example.org"
    )
    with client:
        client.get("https://a.test/x")
    ua = seen[0].headers["user-agent"]
    assert ua.startswith("credfloor/") and "contact: ops@example.org" in ua


def test_requests_to_one_host_are_spaced(tmp_path):
    client, fake, _ = mock_client(
        lambda r: httpx.Response(200, json={}), tmp_path, min_interval=2.0
    )
    with client:
        for _ in range(3):
            client.get("https://a.test/x")
        client.get("https://other.test/x")  # another host does not wait
    assert fake.slept == [2.0, 2.0]


def test_retry_after_seconds_and_date_are_honoured(tmp_path):
    answers = iter(
        [
            httpx.Response(429, headers={"Retry-After": "7"}),
            httpx.Response(503, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}),
            httpx.Response(200, json={"ok": 1}),
        ]
    )
    client, fake, seen = mock_client(lambda r: next(answers), tmp_path, retries=3)
    with client:
        got = client.get("https://a.test/x")
    assert got.status == 200 and len(seen) == 3
    assert fake.slept == [7.0, 0.0]  # a date in the past means "now"
    assert client.stats.retries == 2


def test_retry_after_beyond_the_ceiling_gives_up(tmp_path):
    client, fake, seen = mock_client(
        lambda r: httpx.Response(429, headers={"Retry-After": "86400"}),
        tmp_path,
        max_retry_after=60,
    )
    with client, pytest.raises(FetchError, match="longer than we wait"):
        client.get("https://a.test/x")
    assert len(seen) == 1 and fake.slept == []


def test_backoff_doubles_with_jitter(tmp_path):
    client, fake, _ = mock_client(lambda r: httpx.Response(502), tmp_path, retries=3, backoff=1.0)
    with client, pytest.raises(FetchError, match="HTTP 502 after 4 attempts"):
        client.get("https://a.test/x")
    assert fake.slept == [0.75, 1.5, 3.0]  # equal jitter with random() = 0.5


def test_4xx_is_not_retried(tmp_path):
    client, _, seen = mock_client(lambda r: httpx.Response(404), tmp_path)
    with client, pytest.raises(FetchError) as info:
        client.get("https://a.test/x")
    assert info.value.status == 404 and len(seen) == 1


def test_unchanged_resource_costs_a_304_and_is_replayed_from_disk(tmp_path):
    def handler(request):
        if request.headers.get("if-none-match") == '"v1"':
            return httpx.Response(304, headers={"ETag": '"v1"'})
        return httpx.Response(
            200,
            content=b'{"jobs": []}',
            headers={"ETag": '"v1"', "content-type": "application/json"},
        )

    client, _, seen = mock_client(handler, tmp_path)
    with client:
        first = client.get("https://a.test/board")
    again, _, seen2 = mock_client(handler, tmp_path)  # a new process: the cache is on disk
    with again:
        second = again.get("https://a.test/board")
    assert not first.from_cache and second.from_cache
    assert second.status == 304 and second.content == first.content
    assert second.content_type == "application/json"
    assert seen2[0].headers["if-none-match"] == '"v1"'
    assert again.stats.full_bodies == 0 and again.stats.not_modified == 1


def test_last_modified_is_sent_back(tmp_path):
    stamp = "Wed, 01 Oct 2026 08:00:00 GMT"
    client, _, seen = mock_client(
        lambda r: httpx.Response(200, content=b"{}", headers={"Last-Modified": stamp}), tmp_path
    )
    with client:
        client.get("https://a.test/x")
        client.get("https://a.test/x")
    assert seen[1].headers["if-modified-since"] == stamp


def test_declared_oversize_body_is_refused_before_download(tmp_path):
    client, _, _ = mock_client(
        lambda r: httpx.Response(200, content=b"x" * 5000), tmp_path, max_bytes=1000
    )
    with client, pytest.raises(FetchError, match="larger than the 1,000-byte limit"):
        client.get("https://a.test/x")


def test_concurrency_per_host_is_capped(tmp_path):
    active, peak, lock = 0, 0, threading.Lock()

    def handler(request):
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.02)
        with lock:
            active -= 1
        return httpx.Response(200, json={})

    client = PoliteClient(
        HttpSettings(min_interval=0, per_host=2, cache_dir=tmp_path),
        transport=httpx.MockTransport(handler),
    )
    threads = [threading.Thread(target=client.get, args=(f"https://a.test/{i}",)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    client.close()
    assert peak == 2
    assert client.stats.requests == 8


def test_settings_from_mapping_rejects_unknown_keys():
    assert HttpSettings.from_mapping({"contact": "a@b", "timeout": 5}).timeout == 5
    with pytest.raises(ValueError, match="unknown http setting"):
        HttpSettings.from_mapping({"speed": "fast"})
