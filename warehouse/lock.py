"""One writer at a time: a lock file beside the warehouse (`credfloor.duckdb.lock`), held with
flock(2) for as long as a process writes; a refresh holds it from copying the warehouse to
replacing it (warehouse/swap.py).

DuckDB's own lock cannot say this any more: a refresh writes a copy, so nothing holds the
warehouse file itself while it runs. The kernel drops a flock when its holder dies (SIGKILL
included), so a lock file left behind is never mistaken for a live writer. The file also holds
a note (pid, purpose, start time) that refused writers and waiting readers quote. No DuckDB here.
"""

from __future__ import annotations

import fcntl
import json
import os
from datetime import UTC, datetime
from pathlib import Path

from credfloor.warehouse.errors import WarehouseBusy, WarehouseError


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


# This process's locks (lock path -> [fd, depth]): `refresh()` takes the lock before Prefect
# starts, so that a second refresh fails with one line, and the flow re-enters it. A second
# flock from the same process would otherwise refuse its own holder.
_held: dict[str, list[int]] = {}


class WriterLock:
    def __init__(self, db: Path | str, purpose: str = "write"):
        self.db = Path(db)
        self.purpose = purpose
        self._key = os.path.abspath(lock_path(self.db))

    def acquire(self) -> WriterLock:
        held = _held.get(self._key)
        if held:
            held[1] += 1
            return self
        if not self.db.parent.is_dir():
            raise WarehouseError(f"{self.db}: folder {self.db.parent} does not exist")
        fd = os.open(self._key, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise WarehouseBusy(refused_message(self.db)) from None
        note = {
            "pid": os.getpid(),
            "purpose": self.purpose,
            "started_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S") + " UTC",
        }
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(note).encode(), 0)
        except OSError:
            pass  # the note only improves a message; never fail a writer over it
        _held[self._key] = [fd, 1]
        return self

    def release(self) -> None:
        held = _held.get(self._key)
        if not held:
            return
        held[1] -= 1
        if held[1] == 0:
            del _held[self._key]
            try:
                os.ftruncate(held[0], 0)  # no note: nobody writes
            except OSError:
                pass
            os.close(held[0])  # drops the flock

    def __enter__(self) -> WriterLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def read_note(db: Path) -> dict | None:
    """The live writer's note; None when absent, unreadable or left by a dead process."""
    try:
        note = json.loads(lock_path(Path(db)).read_text(encoding="utf-8"))
        os.kill(int(note["pid"]), 0)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return note


def holder(db: Path) -> str | None:
    """'a refresh is in progress (pid N, started T)' from the live writer's note, or None."""
    note = read_note(db)
    if not note:
        return None
    return (
        f"a {note.get('purpose', 'write')} is in progress "
        f"(pid {note['pid']}, started {note.get('started_at', '?')})"
    )


def refused_message(db: Path) -> str:
    who = holder(db) or "another process is writing it"
    return f"{db}: {who}; refused: one writer at a time"
