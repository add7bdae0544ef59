"""The one HTTP client every source uses, with politeness built in.

- a descriptive User-Agent with a contact (``CREDFLOOR_CONTACT`` or ``HttpSettings.contact``);
- connect/read timeouts; HTTP/2 when the ``h2`` package is present;
- per host: a minimum interval between requests and a cap on concurrent requests;
- retries with exponential backoff and jitter on connection errors, timeouts, truncated bodies,
  429 and 5xx, honouring ``Retry-After`` (seconds or an HTTP date) up to a ceiling;
- a response size limit, enforced while streaming (a 20 MB body stops at the limit);
- conditional requests: ETag / Last-Modified kept in a small on-disk cache, so an unchanged
  board costs one 304 and no body;
- robots.txt (RFC 9309) checked for page fetches (not for the documented job-board APIs).

``sleep``, ``clock`` and ``random`` are injectable so tests never wait for real time.
Every failure ends as one ``FetchError`` with a readable reason; callers turn it into a record.
"""

from __future__ import annotations

import email.utils
import hashlib
import importlib.util
import json
import os
import random as _random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

VERSION = "0.1.0"
AGENT_TOKEN = "credfloor"  # the product token robots.txt groups are matched against
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309 §2.5: parse at least 500 KiB


class FetchError(Exception):
    """A request that failed for good (after retries), with a one-line reason."""

    def __init__(self, url: str, reason: str, status: int | None = None):
        super().__init__(f"{reason} ({url})")
        self.url = url
        self.reason = reason
        self.status = status


def default_cache_dir() -> Path:
    if os.environ.get("CREDFLOOR_HTTP_CACHE"):
        return Path(os.environ["CREDFLOOR_HTTP_CACHE"])
    if os.environ.get("CREDFLOOR_CACHE"):
        return Path(os.environ["CREDFLOOR_CACHE"]) / "http"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "credfloor" / "http"


@dataclass
class HttpSettings:
    """Politeness settings; the `http:` mapping of a sources file sets any of them."""

    contact: str = field(default_factory=lambda: os.environ.get("CREDFLOOR_CONTACT", ""))
    timeout: float = 30.0  # seconds to read; connect gets min(timeout, 10)
    retries: int = 3  # attempts after the first
    backoff: float = 1.0  # first backoff in seconds; doubles per attempt, with jitter
    backoff_max: float = 60.0
    max_retry_after: float = 300.0  # a longer Retry-After gives up instead of waiting
    min_interval: float = 0.5  # seconds between two requests to one host
    per_host: int = 2  # concurrent requests to one host
    max_bytes: int = 32 * 1024 * 1024  # a response body larger than this is refused
    max_redirects: int = 5
    cache_dir: Path | None = None  # conditional-request cache; None: default_cache_dir()
    use_cache: bool = True
    robots: bool = True  # check robots.txt for page fetches
    http2: bool = True

    @classmethod
    def from_mapping(cls, data: dict | None) -> HttpSettings:
        data = dict(data or {})
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown http setting(s): {', '.join(unknown)}")
        for name, value in data.items():
            expected = cls.__dataclass_fields__[name].type
            if name == "cache_dir" or value is None:
                continue
            if expected == "bool" and not isinstance(value, bool):
                raise ValueError(f"http setting {name}: expected true or false, got {value!r}")
            if expected in ("int", "float"):
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    raise ValueError(f"http setting {name}: expected a number, got {value!r}")
                if value < 0 or value != value:
                    raise ValueError(f"http setting {name}: must be 0 or more, got {value!r}")
                if expected == "int" and value != int(value):
                    raise ValueError(f"http setting {name}: expected a whole number, got {value}")
            if expected == "str" and not isinstance(value, str):
                raise ValueError(f"http setting {name}: expected text, got {value!r}")
        if data.get("cache_dir") is not None:
            data["cache_dir"] = Path(os.path.expanduser(str(data["cache_dir"])))
        return cls(**data)

    @property
    def user_agent(self) -> str:
        contact = self.contact or "no contact configured: set CREDFLOOR_CONTACT"
        return f"credfloor/{VERSION} (job-posting credential survey; contact: {contact})"


@dataclass
class Fetched:
    """A successful response body: fresh (200) or replayed from the cache after a 304."""

    url: str
    status: int
    content: bytes
    headers: httpx.Headers
    from_cache: bool = False

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")


@dataclass
class FetchStats:
    requests: int = 0  # every request sent, retries and robots.txt included
    bytes: int = 0  # bytes received on the wire (bodies)
    full_bodies: int = 0  # 200 responses whose body was downloaded
    not_modified: int = 0  # 304s answered from the cache
    retries: int = 0
    failures: int = 0
    robots_blocked: int = 0

    def as_dict(self) -> dict:
        return dict(self.__dict__)


class _TooLarge(Exception):
    pass


class ConditionalCache:
    """ETag / Last-Modified and the body, one small JSON + body file pair per URL."""

    def __init__(self, root: Path):
        self.root = root

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha1(url.encode()).hexdigest()
        folder = self.root / key[:2]
        return folder / f"{key}.json", folder / f"{key}.body"

    def get(self, url: str) -> tuple[dict, bytes] | None:
        meta_path, body_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            return meta, body_path.read_bytes()
        except (OSError, ValueError):
            return None

    def put(self, url: str, headers: httpx.Headers, body: bytes) -> None:
        validators = {k: headers[k] for k in ("etag", "last-modified") if k in headers}
        if not validators:
            return
        meta_path, body_path = self._paths(url)
        meta = {
            "url": url,
            "content-type": headers.get("content-type", ""),
            "stored_at": datetime.now(UTC).isoformat(timespec="seconds"),
            **validators,
        }
        try:
            meta_path.parent.mkdir(parents=True, exist_ok=True)
            for path, data in ((body_path, body), (meta_path, json.dumps(meta).encode())):
                tmp = path.with_suffix(path.suffix + f".{os.getpid()}.tmp")
                tmp.write_bytes(data)
                os.replace(tmp, path)
        except OSError:
            pass  # a read-only cache only costs full downloads


class PoliteClient:
    """One shared client. Use as a context manager or call close()."""

    def __init__(
        self,
        settings: HttpSettings | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        random: Callable[[], float] = _random.random,
    ):
        self.settings = s = settings or HttpSettings()
        self.sleep, self.clock, self.random = sleep, clock, random
        self.stats = FetchStats()
        self.cache = ConditionalCache(s.cache_dir or default_cache_dir()) if s.use_cache else None
        http2 = s.http2 and transport is None and importlib.util.find_spec("h2") is not None
        self.http = httpx.Client(
            headers={"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(s.timeout, connect=min(s.timeout, 10.0)),
            limits=httpx.Limits(
                max_connections=max(4, s.per_host * 4), max_keepalive_connections=8
            ),
            follow_redirects=True,
            max_redirects=s.max_redirects,
            http2=http2,
            transport=transport,
        )
        self._lock = threading.Lock()
        self._next_at: dict[str, float] = {}
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._robots: dict[str, RobotFileParser | None] = {}

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.http.close()

    # -- politeness -----------------------------------------------------------------------

    def _host(self, url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}".lower()

    def _wait_turn(self, host: str) -> None:
        """Reserve the host's next slot in time, then sleep until it (thread-safe)."""
        with self._lock:
            now = self.clock()
            at = max(now, self._next_at.get(host, now))
            self._next_at[host] = at + self.settings.min_interval
        if at > now:
            self.sleep(at - now)

    def _slot(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            if host not in self._slots:
                self._slots[host] = threading.BoundedSemaphore(max(1, self.settings.per_host))
            return self._slots[host]

    def _backoff(self, attempt: int) -> float:
        full = min(self.settings.backoff_max, self.settings.backoff * 2**attempt)
        return full / 2 + self.random() * full / 2  # "equal jitter"

    @staticmethod
    def _retry_after(value: str | None) -> float | None:
        if not value:
            return None
        value = value.strip()
        if value.isdigit():
            return float(value)
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return max(0.0, (when - datetime.now(UTC)).total_seconds())

    def allowed_by_robots(self, url: str) -> bool:
        host = self._host(url)
        if host not in self._robots:
            self._robots[host] = self._load_robots(host)
        parser = self._robots[host]
        return True if parser is None else parser.can_fetch(AGENT_TOKEN, url)

    def _load_robots(self, host: str) -> RobotFileParser | None:
        """None: no rules (4xx). A parser that disallows all: unreachable or 5xx (RFC 9309)."""
        parser = RobotFileParser()
        try:
            got = self._request(f"{host}/robots.txt", conditional=False, limit=ROBOTS_MAX_BYTES)
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                return None
            parser.parse(["User-agent: *", "Disallow: /"])
            return parser
        parser.parse(got.text.splitlines())
        return parser

    # -- fetching ---------------------------------------------------------------------------

    def get(self, url: str, *, page: bool = False, headers: dict | None = None) -> Fetched:
        """GET with retries and the conditional cache. `page=True` checks robots.txt first."""
        if page and self.settings.robots and not self.allowed_by_robots(url):
            self.stats.robots_blocked += 1
            raise FetchError(url, "disallowed by robots.txt")
        return self._request(url, headers=headers)

    def _request(
        self,
        url: str,
        *,
        conditional: bool = True,
        headers: dict | None = None,
        limit: int | None = None,
    ) -> Fetched:
        s = self.settings
        limit = limit or s.max_bytes
        host = self._host(url)
        cached = self.cache.get(url) if (conditional and self.cache) else None
        send_headers = dict(headers or {})
        if cached:
            meta, _ = cached
            if "etag" in meta:
                send_headers["If-None-Match"] = meta["etag"]
            if "last-modified" in meta:
                send_headers["If-Modified-Since"] = meta["last-modified"]
        last_reason, last_status = "no attempt made", None
        for attempt in range(s.retries + 1):
            if attempt:
                self.stats.retries += 1
            self._wait_turn(host)
            try:
                with self._slot(host):
                    status, resp_headers, body, final_url = self._send(url, send_headers, limit)
            except httpx.TooManyRedirects:
                self.stats.failures += 1
                raise FetchError(url, f"too many redirects (more than {s.max_redirects})") from None
            except _TooLarge:
                self.stats.failures += 1
                raise FetchError(url, f"response larger than the {limit:,}-byte limit") from None
            except httpx.TimeoutException as exc:
                last_reason, last_status = f"timed out ({type(exc).__name__})", None
                delay = self._backoff(attempt)
            except httpx.TransportError as exc:
                last_reason, last_status = _describe(exc), None
                delay = self._backoff(attempt)
            else:
                if status == 304 and cached:
                    self.stats.not_modified += 1
                    meta, body = cached
                    merged = httpx.Headers({"content-type": meta.get("content-type", "")})
                    return Fetched(final_url, 304, body, merged, from_cache=True)
                if 200 <= status < 300:
                    self.stats.full_bodies += 1
                    if self.cache and conditional:
                        self.cache.put(url, resp_headers, body)
                    return Fetched(final_url, status, body, resp_headers)
                last_reason, last_status = f"HTTP {status}", status
                if status not in RETRY_STATUSES:
                    break
                wait = self._retry_after(resp_headers.get("retry-after"))
                if wait is not None and wait > s.max_retry_after:
                    last_reason += f"; Retry-After {wait:.0f} s is longer than we wait"
                    break
                delay = wait if wait is not None else self._backoff(attempt)
            if attempt < s.retries:
                self.sleep(delay)
        self.stats.failures += 1
        if last_status is None or last_status in RETRY_STATUSES:
            last_reason += f" after {s.retries + 1} attempts"
        raise FetchError(url, last_reason, last_status)

    def _send(self, url: str, headers: dict, limit: int):
        self.stats.requests += 1
        with self.http.stream("GET", url, headers=headers) as resp:
            self.stats.requests += len(resp.history)
            declared = resp.headers.get("content-length")
            if resp.status_code < 300 and declared and declared.isdigit() and int(declared) > limit:
                raise _TooLarge
            chunks, size = [], 0
            try:
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise _TooLarge
                    chunks.append(chunk)
            finally:
                self.stats.bytes += resp.num_bytes_downloaded
            return resp.status_code, resp.headers, b"".join(chunks), str(resp.url)


def _describe(exc: httpx.TransportError) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect: {text}"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"broken response: {text}"
    return f"{type(exc).__name__}: {text}"
