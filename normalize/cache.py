"""Compiled tables kept on disk between runs: the catalog's extractor, the role table and the
place-name gazetteer each take 0.6-1.6 s to build and ~0.1 s to unpickle, and every process
that extracts (a `credfloor extract` run, each refresh worker) needs them.

A file is named by the fingerprint of what it was built from, so a change to the data or the
code that builds it is a new file, never a stale one read by mistake.

`remembered` is the in-memory kind: a per-process memo of what a posting's phrases gave, which
the next posting's boilerplate asks for again.
"""

from __future__ import annotations

import gc
import os
import pickle
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
K = TypeVar("K")
# Entries a per-process memo keeps before it starts again: postings repeat their boilerplate, so
# a memo pays, but a run over millions of postings must not keep every phrase it met.
MEMO_LIMIT = 100_000
_MISSING = object()


def cache_dir() -> Path:
    base = os.environ.get("CREDFLOOR_CACHE") or os.environ.get("XDG_CACHE_HOME")
    return Path(base) / "credfloor" if base else Path.home() / ".cache" / "credfloor"


@contextmanager
def collector_paused():
    """The cyclic collector off for a burst of long-lived allocations (unpickling a table,
    importing spaCy): the tens of thousands of objects made would otherwise trigger
    collections that re-scan them all (doubling an unpickle's time, ~0.15 s of spaCy's
    import). They hold no cycles that need collecting."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_without_gc(fh):
    """pickle.load with the cyclic collector paused."""
    with collector_paused():
        return pickle.load(fh)


def cached(name: str, fingerprint: str, kind: type[T], build: Callable[[], T]) -> T:
    """The `kind` object pickled as `name-fingerprint.pickle`, else `build()` (then saved)."""
    path = cache_dir() / f"{name}-{fingerprint}.pickle"
    try:
        with path.open("rb") as fh:
            found = load_without_gc(fh)
        if isinstance(found, kind):
            return found
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
        pass
    built = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(built, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)  # atomic: a concurrent reader never sees half a file
    except OSError:
        pass  # a read-only home is fine: it is built each time
    return built


def remembered(memo: dict[K, T], key: K, compute: Callable[[K], T]) -> T:
    """memo[key], computed by `compute(key)` the first time (memo emptied past MEMO_LIMIT)."""
    found = memo.get(key, _MISSING)
    if found is _MISSING:
        if len(memo) >= MEMO_LIMIT:
            memo.clear()
        found = memo[key] = compute(key)
    return found
