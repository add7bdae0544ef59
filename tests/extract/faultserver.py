"""A small HTTP server on 127.0.0.1 that serves recorded responses and injects faults.

Each path has a script: a list of steps served in order, the last one repeating. Steps:

    ok(body, ctype)        200 with an ETag and Last-Modified; a matching If-None-Match gets 304
    status(code, headers)  that status with an empty body (e.g. 429 + Retry-After, 503)
    slow(seconds, then)    wait, then serve `then` (past a client's timeout)
    truncated(body)        declare len(body) bytes, send half, close the connection
    redirect(location)     302 to location
    huge(nbytes)           stream nbytes with no Content-Length (close-delimited)

Used by tests/extract/test_fault_server.py and bench/fetch_incremental.py.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Step:
    kind: str
    body: bytes = b""
    ctype: str = "application/json"
    code: int = 200
    headers: dict = field(default_factory=dict)
    seconds: float = 0.0
    then: Step | None = None
    nbytes: int = 0


def ok(body: bytes | str, ctype: str = "application/json") -> Step:
    return Step("ok", body=body.encode() if isinstance(body, str) else body, ctype=ctype)


def status(code: int, headers: dict | None = None) -> Step:
    return Step("status", code=code, headers=headers or {})


def slow(seconds: float, then: Step) -> Step:
    return Step("slow", seconds=seconds, then=then)


def truncated(body: bytes) -> Step:
    return Step("truncated", body=body)


def redirect(location: str) -> Step:
    return Step("redirect", headers={"Location": location})


def huge(nbytes: int) -> Step:
    return Step("huge", nbytes=nbytes)


LAST_MODIFIED = "Wed, 01 Oct 2026 08:00:00 GMT"


class FaultServer:
    def __init__(self) -> None:
        self.scripts: dict[str, list[Step]] = {}
        self.hits: Counter[str] = Counter()
        self.statuses: Counter[int] = Counter()
        self.bytes_sent = 0
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                with server._lock:
                    script = server.scripts.get(path)
                    n = server.hits[path]
                    server.hits[path] += 1
                if script is None:
                    self._send(404, b'{"error": "not found"}', {"Content-Type": "application/json"})
                    return
                self._serve(script[min(n, len(script) - 1)])

            def _serve(self, step: Step) -> None:
                if step.kind == "slow":
                    time.sleep(step.seconds)
                    self._serve(step.then)
                elif step.kind == "ok":
                    etag = '"' + hashlib.sha1(step.body).hexdigest()[:16] + '"'
                    headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
                    if self.headers.get("If-None-Match") == etag:
                        self._send(304, b"", headers)
                    else:
                        self._send(200, step.body, {**headers, "Content-Type": step.ctype})
                elif step.kind in ("status", "redirect"):
                    code = 302 if step.kind == "redirect" else step.code
                    self._send(code, b"", step.headers)
                elif step.kind == "truncated":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(step.body)))
                    self.end_headers()
                    self._write(step.body[: len(step.body) // 2])
                    self.close_connection = True
                elif step.kind == "huge":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.close_connection = True
                    chunk = b"x" * 65536
                    sent = 0
                    try:
                        while sent < step.nbytes:
                            self._write(chunk)
                            sent += len(chunk)
                    except (BrokenPipeError, ConnectionResetError):
                        pass

            def _send(self, code: int, body: bytes, headers: dict) -> None:
                with server._lock:
                    server.statuses[code] += 1
                self.send_response(code)
                for k, v in headers.items():
                    self.send_header(k, v)
                if code != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    self._write(body)

            def _write(self, data: bytes) -> None:
                self.wfile.write(data)
                with server._lock:
                    server.bytes_sent += len(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def route(self, path: str, *steps: Step) -> str:
        self.scripts[path] = list(steps)
        return self.url + path

    def reset_counts(self) -> None:
        with self._lock:
            self.hits.clear()
            self.statuses.clear()
            self.bytes_sent = 0

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
