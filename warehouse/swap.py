"""A refresh never writes the file readers open: it writes a copy beside the warehouse
(`credfloor.duckdb.next`) and, once finished, renames the copy over the warehouse.

DuckDB lets no other process open a file that one process writes, readers included; so readers
would wait for the whole refresh. os.replace is atomic on one filesystem: a reader opens either
the old file or the new one, never a half-written one, and a reader that opened the old file
keeps reading it (its inode lives until the last reader closes it). Crash safety: until the
rename, the warehouse is untouched; a killed refresh leaves only its copy, which the next
refresh deletes and makes again (never read: readers open the warehouse's name only).

The copy is taken under a shared POSIX lock on the warehouse, held until the rename: DuckDB
readers (shared locks too) come and go, but a DuckDB writer (a `duckdb` shell, a notebook)
cannot open the warehouse meanwhile, so no change made beside the refresh is lost by the rename.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from credfloor.warehouse.errors import WarehouseBusy, WarehouseError
from credfloor.warehouse.lock import WriterLock
from credfloor.warehouse.paths import default_db_path
from credfloor.warehouse.store import Warehouse

STAGING_CHECKPOINT = "256MB"


def staging_path(db: Path) -> Path:
    return db.with_name(db.name + ".next")


def wal_path(path: Path) -> Path:
    """DuckDB's write-ahead log of a database file."""
    return path.with_name(path.name + ".wal")


class Staging:
    """The copy of `db` a refresh writes. Use under the WriterLock of `db`."""

    def __init__(self, db: Path):
        self.db = Path(db)
        self.path = staging_path(self.db)
        self._source: int | None = None  # fd holding the shared lock on the warehouse

    def prepare(self) -> Path:
        """Delete a killed refresh's leftovers, then copy the warehouse (and its write-ahead log,
        if a writer died before folding it in) to `self.path`. No warehouse yet: no copy, the
        refresh starts an empty database there."""
        self.discard()
        if not self.db.exists():
            return self.path
        fd = os.open(self.db, os.O_RDONLY | os.O_CLOEXEC)
        try:
            fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise WarehouseBusy(
                f"{self.db}: another process has it open for writing (a duckdb shell or a "
                "notebook?); refused: one writer at a time"
            ) from None
        # Kept open until the rename: closing any fd of the warehouse in this process would drop
        # the lock (POSIX locks are per process and file).
        self._source = fd
        _copy(fd, self.path)
        shutil.copymode(self.db, self.path)  # the renamed copy keeps the warehouse's permissions
        if wal_path(self.db).exists():
            with open(wal_path(self.db), "rb") as src, open(wal_path(self.path), "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
        return self.path

    def publish(self) -> None:
        """Replace the warehouse with the finished copy (closed and checkpointed by then)."""
        if wal_path(self.path).exists() and wal_path(self.path).stat().st_size:
            raise WarehouseError(
                f"{self.path}: still has a write-ahead log after closing; not published"
            )
        wal_path(self.path).unlink(missing_ok=True)
        fd = os.open(self.path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        # The warehouse's own log, if a writer died leaving one, was copied and folded into the
        # copy. It goes before the rename: paired with the new file, DuckDB would refuse to open
        # it ("WAL does not match database file") until someone removed it.
        wal_path(self.db).unlink(missing_ok=True)
        os.replace(self.path, self.db)
        _fsync_dir(self.db.parent)
        self._unlock_source()

    def discard(self) -> None:
        """Remove the copy, its log and DuckDB's spill folder; release the warehouse."""
        for leftover in (self.path, wal_path(self.path)):
            leftover.unlink(missing_ok=True)
        shutil.rmtree(self.path.with_name(self.path.name + ".tmp"), ignore_errors=True)
        self._unlock_source()

    def _unlock_source(self) -> None:
        if self._source is not None:
            os.close(self._source)
            self._source = None


@contextmanager
def refreshing(
    db: Path | str | None,
    purpose: str = "refresh",
    progress: Callable[[str], None] | None = None,
) -> Iterator[Warehouse]:
    """A writable Warehouse on a copy of `db`, under the writer lock. When the block ends without
    an error, the copy (checkpointed, closed) replaces `db`; on an error it is deleted and `db`
    stays as it was. `progress` hears of the copy and of the replacement."""
    say = progress or (lambda msg: None)
    db = Path(db) if db else default_db_path()
    with WriterLock(db, purpose):
        stage = Staging(db)
        try:
            if db.exists():
                say(f"copying {db} to {stage.path} (readers keep using {db.name})")
            stage.prepare()
            wh = Warehouse.open(stage.path, purpose=purpose, lock=False)
            # No reader opens the copy and a killed refresh deletes it, so what a batch commits
            # need not reach the file at once: DuckDB's automatic checkpoint (after 16 MB of
            # log) rewrites the whole posting-id index each time, more work the bigger the
            # warehouse (duckdb/duckdb#24848); it runs a sixteenth as often here.
            wh.con.execute(f"SET checkpoint_threshold = '{STAGING_CHECKPOINT}'")
            try:
                yield wh
                wh.con.execute("CHECKPOINT")
            finally:
                wh.close()
            say(f"replacing {db} with the finished refresh")
            stage.publish()
        except BaseException:
            stage.discard()
            raise


def check_readable(db: Path | str | None) -> None:
    """Fail now, with one line, if `db` exists and is not a database DuckDB can open."""
    db = Path(db) if db else default_db_path()
    if db.exists():
        Warehouse.open(db, read_only=True, wait=0).close()


def _copy(src_fd: int, dst: Path) -> None:
    """Copy in the kernel (copy_file_range: a reflink on filesystems that share blocks)."""
    size = os.fstat(src_fd).st_size
    with open(dst, "wb") as out:
        offset = 0
        try:
            while offset < size:
                n = os.copy_file_range(src_fd, out.fileno(), size - offset, offset)
                if n == 0:
                    raise OSError("copy_file_range stopped early")
                offset += n
        except OSError:  # no copy_file_range across these files: plain reads and writes
            out.seek(0)
            out.truncate()
            offset = 0
            while chunk := os.pread(src_fd, 1 << 20, offset):
                out.write(chunk)
                offset += len(chunk)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder if str(folder) else ".", os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
