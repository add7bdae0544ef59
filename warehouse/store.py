"""The warehouse: the only code that knows DuckDB, and the one place that writes it.

One writer at a time: `Warehouse.open(path)` takes the writer lock (warehouse/lock.py) and
DuckDB's write lock; readers use `Warehouse.open(path, read_only=True)`. A refresh writes a copy
of the warehouse and renames it over the file when it has finished (warehouse/swap.py), so
readers never wait for one. A writer that writes the file in place (by hand, a `duckdb` shell)
still shuts readers out while it has it open (DuckDB's rule): readers retry for a bounded time
(CREDFLOOR_LOCK_WAIT seconds, default 10), writers are refused at once, and either ends in a
WarehouseBusy error that says who holds the lock.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from credfloor.warehouse.errors import ReadOnlyViolation, WarehouseBusy, WarehouseError
from credfloor.warehouse.lock import WriterLock, read_note
from credfloor.warehouse.lock import holder as lock_holder
from credfloor.warehouse.paths import default_db_path

HERE = Path(__file__).parent


def _sql(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class PostingRow:
    posting_id: str
    source: str
    external_id: str
    url: str | None
    title: str
    company: str | None
    location: str | None
    posted_at: str | None
    valid_through: str | None
    fetched_at: str | None
    content_hash: str
    text: str
    lang: str | None
    role_id: str | None
    seniority: str | None
    cluster_id: str | None
    input_ref: str | None
    country: str | None = None  # ISO 3166-1 alpha-2 (normalize/locations.py); None: unknown
    region: str | None = None  # ISO 3166-2 when known


READ_STATEMENTS = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
POSTING_COLUMNS = list(PostingRow.__dataclass_fields__)
MENTION_COLUMNS = [
    "posting_id",
    "credential_id",
    "type",
    "strength",
    "surface",
    "start_char",
    "end_char",
    "method",
    "score",
    "section",
    "candidate_key",
]


DEFAULT_LOCK_WAIT = 10.0


def lock_wait_seconds() -> float:
    raw = os.environ.get("CREDFLOOR_LOCK_WAIT", "")
    try:
        return max(0.0, float(raw)) if raw else DEFAULT_LOCK_WAIT
    except ValueError:
        raise WarehouseError(f"CREDFLOOR_LOCK_WAIT={raw!r}: expected a number of seconds") from None


# Ad-hoc SQL reads the warehouse and nothing else: no read_csv('/etc/passwd'), no httpfs, and
# no SET to undo it.
SANDBOX = {"enable_external_access": False, "lock_configuration": True}


def _connect(path: Path, read_only: bool, wait: float, config: dict) -> duckdb.DuckDBPyConnection:
    deadline, pause = time.monotonic() + wait, 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=config)
        except duckdb.IOException as exc:
            msg = str(exc)
            if "lock" not in msg.lower():
                raise WarehouseError(
                    f"{path}: cannot open database: {msg.splitlines()[0]}"
                ) from None
            if time.monotonic() + pause > deadline:
                raise WarehouseBusy(_busy_message(path, read_only, wait, msg)) from None
            time.sleep(pause)
            pause = min(pause * 2, 1.0)
        except duckdb.Error as exc:
            raise WarehouseError(
                f"{path}: not a credfloor database ({str(exc).splitlines()[0]})"
            ) from None


def _busy_message(path: Path, read_only: bool, waited: float, duckdb_msg: str) -> str:
    note = read_note(path)
    pid = re.search(r"PID (\d+)", duckdb_msg)
    if note and (pid is None or int(pid.group(1)) == note["pid"]):
        holder = lock_holder(path)
    else:
        holder = "another process has it open" + (f" (pid {pid.group(1)})" if pid else "")
    if read_only:
        return (
            f"{path}: {holder}; waited {waited:g} s. Try again when it finishes, or set "
            "CREDFLOOR_LOCK_WAIT=SECONDS to wait longer (DuckDB lets no reader in while a "
            "process writes)"
        )
    return f"{path}: {holder}; refused: one writer at a time"


def _has_column(con: duckdb.DuckDBPyConnection, table: str, column: str) -> bool:
    (n,) = con.execute(
        "SELECT count(*) FROM duckdb_columns() WHERE table_name = ? AND column_name = ?",
        [table, column],
    ).fetchone()
    return n > 0


class Warehouse:
    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        path: Path,
        read_only: bool,
        lock: WriterLock | None = None,
    ):
        self.con = con
        self.path = path
        self.read_only = read_only
        self._lock = lock
        # Facts a reader may keep for the life of its connection: the file it opened never
        # changes under it (a refresh writes a copy and swaps it in). Writers keep nothing.
        self.reader_memo: dict[str, object] = {}

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        read_only: bool = False,
        wait: float | None = None,
        purpose: str = "write",
        sandbox: bool = False,
        lock: bool = True,
    ) -> Warehouse:
        """`wait`: seconds to keep retrying while another process holds the lock (default: 0
        for writers, CREDFLOOR_LOCK_WAIT or 10 for readers). `purpose`: what a writer is doing,
        for the note other processes read when they find the database locked. `sandbox`: no
        file or network access beyond the database itself, and settings locked (ad-hoc SQL).
        `lock`: writers take the writer lock of `path`, unless the caller holds the lock of the
        warehouse this file will replace (warehouse/swap.py)."""
        path = Path(path) if path else default_db_path()
        if read_only and not path.exists():
            first = lock_holder(path)
            if first:
                raise WarehouseError(f"{path}: no database here yet; {first} and will make it")
            raise WarehouseError(f"{path}: no database here yet; run `credfloor refresh` first")
        if not read_only and path.parent and not path.parent.exists():
            raise WarehouseError(f"{path}: folder {path.parent} does not exist")
        if wait is None:
            wait = lock_wait_seconds() if read_only else 0.0
        # DuckDB takes up to 80% of RAM by default; a bounded budget makes big joins and
        # inserts spill to disk instead, so a million-posting refresh stays under 2 GB.
        config = {"memory_limit": os.environ.get("CREDFLOOR_DUCKDB_MEMORY", "768MB")}
        writer = WriterLock(path, purpose).acquire() if lock and not read_only else None
        try:
            con = _connect(path, read_only, wait, {**config, **(SANDBOX if sandbox else {})})
        except BaseException:
            if writer:
                writer.release()
            raise
        wh = cls(con, path, read_only, writer)
        if not read_only:
            try:
                had_places = _has_column(wh.con, "postings", "country")
                wh.con.execute(_sql("schema.sql"))
                wh.con.execute(_sql("rule.sql"))
                wh.con.execute(_sql("signals.sql"))
                if not had_places:  # made before issue 18: postings get their country in place
                    from credfloor.warehouse.places import fill_places

                    fill_places(wh)
            except BaseException:
                wh.close()
                raise
        return wh

    def close(self) -> None:
        self.con.close()
        if self._lock:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reference data ----------------------------------------------------------------------
    def load_catalog(self, catalog) -> None:
        """Replace credentials, aliases and ladders with the catalog's current content."""
        creds = list(catalog)
        self.con.execute("BEGIN")
        for table in (
            "credentials",
            "credential_aliases",
            "credential_requires",
            "credential_groups",
        ):
            self.con.execute(f"DELETE FROM {table}")
        # One bulk insert: executemany ran one INSERT per credential, ~10 s for the 3,000 of
        # them, paid by every refresh.
        self._bulk_insert(
            "credentials",
            [
                "credential_id",
                "name",
                "issuer",
                "ecosystem",
                "type",
                "level",
                "generic",
                "status",
                "successor",
            ],
            [
                (
                    c.id,
                    c.name,
                    c.issuer,
                    c.ecosystem,
                    c.type,
                    c.level,
                    c.generic,
                    c.status,
                    c.successor,
                )
                for c in creds
            ],
        )
        aliases = [(c.id, a, "alias") for c in creds for a in c.aliases]
        aliases += [(c.id, a, "exam_code") for c in creds for a in c.exam_codes]
        aliases += [(c.id, a, "ambiguous_alias") for c in creds for a in c.ambiguous_aliases]
        self._bulk_insert("credential_aliases", ["credential_id", "alias", "kind"], aliases)
        self._bulk_insert(
            "credential_requires",
            ["credential_id", "requires_id", "kind", "any_of_group"],
            list(_ladder_rows(creds)),
        )
        self._bulk_insert(
            "credential_groups",
            ["group_id", "name", "credential_id"],
            [(g.id, g.name, m) for g in getattr(catalog, "groups", ()) for m in g.members],
        )
        self.con.execute("COMMIT")

    def upsert_roles(self, roles: Iterable[tuple[str, str, str | None]]) -> None:
        rows = list(roles)
        if rows:
            # Staged, then one statement: executemany runs one upsert per role (~3 ms each, a
            # few hundred roles in a refresh's first batch).
            self._stage("_stage_roles", "roles", ["role_id", "name", "soc_code"], rows)
            self.con.execute(
                "INSERT INTO roles SELECT role_id, name, soc_code FROM _stage_roles "
                "ON CONFLICT (role_id) DO UPDATE SET name = excluded.name, "
                "soc_code = coalesce(excluded.soc_code, roles.soc_code)"
            )
            self.con.execute("DROP TABLE _stage_roles")

    # -- refreshes ---------------------------------------------------------------------------
    def start_refresh(self, params: dict, catalog_version: str, extractor_version: str) -> int:
        (rid,) = self.con.execute("SELECT nextval('refresh_seq')").fetchone()
        self.con.execute(
            "INSERT INTO refreshes VALUES (?, ?, NULL, 'running', ?, NULL, ?, ?)",
            [rid, _now(), json.dumps(params), catalog_version, extractor_version],
        )
        return int(rid)

    def finish_refresh(self, refresh_id: int, counts: dict, status: str = "finished") -> None:
        self.con.execute(
            "UPDATE refreshes SET finished_at = ?, status = ?, counts = ? WHERE refresh_id = ?",
            [_now(), status, json.dumps(counts), refresh_id],
        )

    def write_snapshot(self, refresh_id: int) -> int:
        """Record this refresh's signals (one row per role x credential, with its tier) in
        `signal_snapshots`; running it again for the same refresh replaces its rows."""
        self.con.execute("BEGIN")
        try:
            self.con.execute("DELETE FROM signal_snapshots WHERE refresh_id = ?", [refresh_id])
            self.con.execute(
                """INSERT INTO signal_snapshots (refresh_id, role_id, credential_id,
                          postings_with, postings_required, postings_total, clusters_total,
                          recall, ci_low, ci_high, concentration, lift, tier, market, members)
                   SELECT ?, r.role_id, r.credential_id, r.postings_with, r.postings_required,
                          r.postings_total, r.clusters_total, r.recall, r.ci_low, r.ci_high,
                          r.concentration, r.lift, r.tier, r.market, r.members
                   FROM role_credential_tiers r""",
                [refresh_id],
            )
            (n,) = self.con.execute(
                "SELECT count(*) FROM signal_snapshots WHERE refresh_id = ?", [refresh_id]
            ).fetchone()
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        return int(n)

    # -- postings and mentions -----------------------------------------------------------------
    def write_batch(
        self,
        refresh_id: int,
        postings: Sequence[PostingRow],
        mentions: Sequence[tuple],
        fingerprints: Sequence[tuple] = (),
    ) -> dict[str, int]:
        """Upsert postings and replace their mentions, in one transaction. `fingerprints`:
        (posting_id, content_hash, exact_key, sentence_keys, title_key, has_title, company) rows
        for clustering (warehouse/clusters.py), replacing earlier ones.

        Returns counts of new, updated (text changed) and unchanged postings. Rows go through
        DuckDB's appender into staging tables, then one INSERT ... ON CONFLICT (no per-row SQL).
        """
        if not postings:
            return {"new": 0, "updated": 0, "unchanged": 0}
        self.con.execute("BEGIN")
        try:
            self._stage("_stage_postings", "postings", POSTING_COLUMNS, postings)
            new, updated = self.con.execute(
                """SELECT count(*) FILTER (WHERE p.posting_id IS NULL),
                          count(*) FILTER (WHERE p.posting_id IS NOT NULL
                                           AND p.content_hash <> s.content_hash)
                   FROM _stage_postings s LEFT JOIN postings p USING (posting_id)"""
            ).fetchone()
            if new < len(postings):  # postings seen before: their old mentions go
                self.con.execute(
                    """DELETE FROM mentions
                       WHERE posting_id IN (SELECT posting_id FROM _stage_postings)"""
                )
            cols = ", ".join(POSTING_COLUMNS)
            # cluster_id stays: clustering (warehouse/clusters.py) needs the old one of a changed
            # posting to find its cluster mates, and an unchanged posting keeps its cluster.
            updates = ", ".join(
                f"{c} = excluded.{c}"
                for c in POSTING_COLUMNS
                if c not in ("posting_id", "cluster_id")
            )
            self.con.execute(
                f"""INSERT INTO postings ({cols}, first_refresh_id, last_refresh_id)
                    SELECT {cols}, {refresh_id}, {refresh_id} FROM _stage_postings
                    ON CONFLICT (posting_id) DO UPDATE SET {updates},
                        last_refresh_id = excluded.last_refresh_id, inactive_since = NULL"""
            )
            if mentions:
                if len(mentions[0]) == len(MENTION_COLUMNS) - 1:
                    # Rows written before candidate_key (issue 17): all name catalog entries.
                    mentions = [(*m, None) for m in mentions]
                self._stage("_stage_mentions", "mentions", MENTION_COLUMNS, mentions)
                self.con.execute(
                    f"INSERT INTO mentions ({', '.join(MENTION_COLUMNS)}) "
                    f"SELECT {', '.join(MENTION_COLUMNS)} FROM _stage_mentions"
                )
                self.con.execute("DROP TABLE _stage_mentions")
            if fingerprints:
                if new < len(postings):  # only a posting stored before can have one already
                    self.con.execute(
                        """DELETE FROM posting_fingerprints
                           WHERE posting_id IN (SELECT posting_id FROM _stage_postings)"""
                    )
                self.add_fingerprints(fingerprints)
            self.con.execute("DROP TABLE _stage_postings")
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return {"new": new, "updated": updated, "unchanged": len(postings) - new - updated}

    def _stage(self, name: str, like: str, columns: list[str], rows: Sequence) -> None:
        """A temporary table with `like`'s column types, filled through the appender.

        Declared column by column: with DuckDB 2.0.0, rows appended to a
        `CREATE TABLE ... AS SELECT ... LIMIT 0` table past one row group (122,880 rows) are
        silently skipped by a later INSERT ... SELECT from it."""
        types = dict(
            self.con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = ? AND table_schema = 'main'",
                [like],
            ).fetchall()
        )
        decl = ", ".join(f"{c} {types[c]}" for c in columns)
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({decl})")
        with self.con.appender(name) as app:
            app.append_rows(astuple_fast(r) for r in rows)

    def add_fingerprints(self, rows: Sequence[tuple]) -> None:
        """(posting_id, content_hash, *Fingerprint.fields()) rows into posting_fingerprints.

        Appended with their sentence keys as one string each, then split in SQL: the appender
        takes a Python list of ints element by element (~80 us a posting, a third of the
        writer's time on a big refresh), a string in one go."""
        self.con.execute(
            """CREATE OR REPLACE TEMP TABLE _stage_fingerprints (
                   posting_id VARCHAR, content_hash VARCHAR, exact_key BLOB,
                   sentence_keys VARCHAR, title_key VARCHAR, has_title BOOLEAN, company VARCHAR)"""
        )
        with self.con.appender("_stage_fingerprints") as app:
            app.append_rows(
                (pid, chash, key, " ".join(map(str, keys)), *rest)
                for pid, chash, key, keys, *rest in rows
            )
        self.con.execute(
            """INSERT INTO posting_fingerprints
               SELECT posting_id, content_hash, exact_key,
                      CASE WHEN sentence_keys = '' THEN []::UBIGINT[]
                           ELSE CAST(string_split(sentence_keys, ' ') AS UBIGINT[]) END,
                      title_key, has_title, company
               FROM _stage_fingerprints"""
        )
        self.con.execute("DROP TABLE _stage_fingerprints")

    def mark_inactive(self, sources: set[str], seen: set[str]) -> int:
        """Postings of `sources` (boards read completely this run) that were not `seen` this
        run are marked inactive now, not deleted. Returns how many became inactive."""
        if not sources:
            return 0
        self.con.execute("CREATE OR REPLACE TEMP TABLE _seen (posting_id VARCHAR)")
        self._bulk_insert("_seen", ["posting_id"], [(pid,) for pid in seen])
        marks = ", ".join("?" for _ in sources)
        changed = self.con.execute(
            f"""UPDATE postings SET inactive_since = ?
                WHERE inactive_since IS NULL AND source IN ({marks})
                  AND posting_id NOT IN (SELECT posting_id FROM _seen)
                RETURNING posting_id""",
            [_now(), *sorted(sources)],
        ).fetchall()
        n = len(changed)
        self.con.execute("DROP TABLE _seen")
        return int(n)

    def quarantine(self, refresh_id: int | None, rows: Iterable[tuple[str, str, str]]) -> int:
        rows = [(ref, reason, raw, _now(), refresh_id) for ref, reason, raw in rows]
        self._bulk_insert(
            "quarantine", ["input_ref", "reason", "raw", "quarantined_at", "refresh_id"], rows
        )
        return len(rows)

    def _bulk_insert(
        self, table: str, columns: list[str], rows: Sequence, temp_like: str | None = None
    ) -> None:
        """Insert many rows through a temporary NDJSON file: far faster than executemany."""
        if temp_like:
            self.con.execute(
                f"CREATE TEMP TABLE {table} AS SELECT {', '.join(columns)} FROM {temp_like} LIMIT 0"
            )
        if not rows:
            return
        with tempfile.NamedTemporaryFile(
            "w", suffix=".jsonl", delete=False, encoding="utf-8"
        ) as fh:
            for row in rows:
                values = row.__dict__.values() if hasattr(row, "__dict__") else row
                fh.write(json.dumps(dict(zip(columns, values, strict=True)), default=str))
                fh.write("\n")
            tmp = fh.name
        try:
            types = dict(
                self.con.execute(
                    "SELECT column_name, data_type FROM information_schema.columns "
                    "WHERE table_name = ? ORDER BY ordinal_position",
                    [table],
                ).fetchall()
            )
            spec = "{" + ", ".join(f"'{c}': '{types[c]}'" for c in columns) + "}"
            self.con.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} "
                f"FROM read_json(?, format = 'newline_delimited', columns = {spec}, "
                f"maximum_object_size = 67108864)",
                [tmp],
            )
        finally:
            os.unlink(tmp)

    # -- reading -------------------------------------------------------------------------------
    def query(self, sql: str, params: Sequence | None = None) -> tuple[list[str], list[tuple]]:
        if self.read_only:
            self._refuse_writes(sql)
        try:
            cur = self.con.execute(sql, params or [])
        except duckdb.Error as exc:
            first = str(exc).splitlines()[0]
            if isinstance(exc, duckdb.PermissionException):
                raise ReadOnlyViolation(
                    f"`sql` reads only the warehouse; files and URLs are out of reach: {first}"
                ) from None
            if isinstance(exc, duckdb.InvalidInputException) and "locked" in first:
                raise ReadOnlyViolation(f"`sql` cannot change settings: {first}") from None
            if self.read_only and ("read-only" in first.lower() or "read only" in first.lower()):
                raise ReadOnlyViolation(
                    f"this query would change the database, and `sql` is read-only: {first}"
                ) from None
            raise WarehouseError(f"query failed: {first}") from None
        if cur.description is None:
            return [], []
        return [d[0] for d in cur.description], cur.fetchall()

    def _refuse_writes(self, sql: str) -> None:
        """A read-only connection still lets COPY ... TO, EXPORT, ATTACH or INSTALL write files
        or fetch extensions; only statements that read are allowed through `sql`."""
        try:
            statements = self.con.extract_statements(sql)
        except duckdb.Error as exc:
            raise WarehouseError(f"query failed: {str(exc).splitlines()[0]}") from None
        for statement in statements:
            if statement.type not in READ_STATEMENTS:
                kind = str(statement.type).rsplit(".", 1)[-1]
                raise ReadOnlyViolation(
                    f"`sql` is read-only: {kind} statements are not allowed "
                    "(use SELECT, WITH, DESCRIBE, SHOW, SUMMARIZE or EXPLAIN)"
                )

    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("postings", "mentions", "quarantine", "refreshes", "credentials", "roles"):
            out[table] = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        return out

    def role_ids(self) -> list[str]:
        return [
            r[0] for r in self.con.execute("SELECT role_id FROM roles ORDER BY role_id").fetchall()
        ]

    def copy_to_csv(self, sql: str, params: Sequence, out: Path) -> int:
        cols, rows = self.query(sql, params)
        import csv

        with out.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(cols)
            writer.writerows(rows)
        return len(rows)


def _ladder_rows(creds) -> Iterable[tuple[str, str, str, int | None]]:
    """credential_requires rows of the catalog's ladders: every kind, so a SQL user can tell a
    prerequisite from one of an any-of group (numbered per credential) or a recommended step."""
    for c in creds:
        yield from ((c.id, r, "prerequisite", None) for r in c.requires)
        for n, group in enumerate(c.requires_one_of, 1):
            yield from ((c.id, r, "any_of", n) for r in group)
        yield from ((c.id, r, "recommended", None) for r in c.recommended)


def astuple_fast(row) -> tuple:
    """A PostingRow's values (dataclasses.astuple deep-copies: much slower), or the tuple itself."""
    return tuple(row.__dict__.values()) if hasattr(row, "__dict__") else row


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
