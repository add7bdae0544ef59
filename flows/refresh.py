"""The refresh flow: read inputs -> parse -> extract -> load -> record the refresh.

A task costs a few milliseconds, so work is batched (one task per batch of postings). A bad
record never fails the flow: it is quarantined with its input reference, the reason and the raw text.
"""

from __future__ import annotations

import multiprocessing
import pickle
import threading
from collections import deque
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TypeVar

from credfloor.extract.records import Rejected, SourceError
from credfloor.extract.sources.config import load_sources
from credfloor.extract.sources.files import InputError, check_input
from credfloor.extract.sources.registry import SOURCES
from credfloor.flows.pipeline import (
    RunCounts,
    RunDeduper,
    default_inputs,
    extract_in_worker,
    init_extract_worker,
    read_inputs,
    to_rows,
    warm_extract_worker,
    warm_up,
)
from credfloor.flows.prefect_runtime import NO_CACHE, flow, get_run_logger, quote, task
from credfloor.flows.settings import POOL_FROM_BYTES, input_bytes, worker_count
from credfloor.normalize.extractor import Extractor, load_extractor
from credfloor.warehouse.clusters import recluster
from credfloor.warehouse.lock import WriterLock
from credfloor.warehouse.occupations import install as install_occupations
from credfloor.warehouse.paths import default_db_path
from credfloor.warehouse.queries import biggest_roles
from credfloor.warehouse.store import Warehouse
from credfloor.warehouse.swap import check_readable, refreshing

T = TypeVar("T")
BATCH_SIZE = 2000
# Big inputs: batches are extracted in WORKERS processes (one per core by default) while this
# one reads, writes and keeps at most 2 batches per worker waiting; clustering signs postings in
# them too. Small inputs never pay a worker's start-up (~1 s). CREDFLOOR_WORKERS=0 keeps all
# work in this process. With --dask, every batch goes to the cluster and up to IN_FLIGHT of them
# are extracted ahead of the writer.
POOL_AFTER_POSTINGS = 20_000
# Input files of settings.POOL_FROM_BYTES or more are extracted in the worker processes from
# the first batch: the workers start and load the extractor while Prefect's API server starts.
WORKERS: int | None = None  # None: CREDFLOOR_WORKERS, else one per core (see workers())
IN_FLIGHT = 4
# Only job boards list everything open: a posting missing from a file means nothing.
BOARD_PREFIXES = tuple(f"{kind}:" for kind in SOURCES)


# Transient failures (a locked file, a full disk freed meanwhile) are retried. Each of these
# tasks is safe to repeat: a batch is one transaction (upserts, mentions replaced), clustering
# is recomputed, and a snapshot replaces its own rows.
RETRIES = {"retries": 2, "retry_delay_seconds": 2}


@task(cache_policy=NO_CACHE, **RETRIES)
def process_batch(wh: Warehouse, refresh_id: int, extracted: tuple) -> dict:
    """Write one batch's rows (from pipeline.to_rows): one transaction."""
    rows, mentions, roles, fingerprints = extracted
    wh.upsert_roles(sorted(roles))
    written = wh.write_batch(refresh_id, rows, mentions, fingerprints)
    return {**written, "mentions": len(mentions), "role_ids": {r[0] for r in roles}}


@task(cache_policy=NO_CACHE, **RETRIES)
def extract_batch(batch: bytes) -> bytes:
    """Extraction alone, on a Dask worker (which loads the extractor once): rows go back to the
    flow's process, the only one that writes the warehouse. Batches travel pickled: Prefect
    rebuilds dataclass parameters as tuples on the way to a worker."""
    return pickle.dumps(extract_in_worker(pickle.loads(batch)))


class _OnCluster:
    """A Prefect future of extract_batch, read like a concurrent.futures one."""

    def __init__(self, future) -> None:
        self.future = future

    def result(self) -> tuple:
        return pickle.loads(self.future.result())


def dask_task_runner(spec: str):
    """`local:N`: a temporary Dask cluster of N worker processes on this machine; otherwise the
    address of a running Dask scheduler (tcp://host:8786)."""
    from prefect_dask import DaskTaskRunner

    if spec.startswith("local:"):
        try:
            n = int(spec.split(":", 1)[1])
        except ValueError:
            n = 0
        if n < 1:
            raise InputError(f"--dask {spec!r}: expected local:N with N >= 1, or an address")
        return DaskTaskRunner(
            cluster_kwargs={"n_workers": n, "threads_per_worker": 1, "processes": True}
        )
    if "://" not in spec:
        raise InputError(
            f"--dask {spec!r}: expected local:N or a scheduler address tcp://HOST:PORT"
        )
    return DaskTaskRunner(address=spec)


def workers() -> int:
    """Worker processes: WORKERS when set, else CREDFLOOR_WORKERS, else one per core. Read when
    a refresh starts, not at import, so a bad value is one clear error, not a traceback."""
    return WORKERS if WORKERS is not None else worker_count()


@task(cache_policy=NO_CACHE, **RETRIES)
def cluster_reposts(wh: Warehouse, refresh_id: int) -> dict:
    """Repost clusters over the whole warehouse (this run and earlier ones)."""
    return recluster(wh, refresh_id, workers=workers())


@task(cache_policy=NO_CACHE, **RETRIES)
def snapshot_signals(wh: Warehouse, refresh_id: int) -> int:
    """This refresh's signals (recall, interval, concentration, tier) into signal_snapshots."""
    return wh.write_snapshot(refresh_id)


@task(cache_policy=NO_CACHE)
def quarantine_batch(wh: Warehouse, refresh_id: int, rejected: list[Rejected]) -> int:
    return wh.quarantine(refresh_id, [(r.input_ref, r.reason, r.raw) for r in rejected])


def refresh(
    inputs: list[Path] | None = None,
    db: Path | None = None,
    role: str | None = None,
    columns: Mapping[str, str] | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[str], None] | None = None,
    sources: Path | None = None,
    dask: str | None = None,
) -> dict:
    """Run the refresh flow and return its summary (see RunCounts).

    `sources`: a sources file (extract/sources/config.py) whose job boards and pages are
    fetched and loaded like the files; with it and no `inputs`, the samples are not read.
    `dask`: extract on a Dask cluster (see dask_task_runner); the warehouse is still written
    by this process alone, in input order, so the rows are those of a single-process run."""
    global _progress, _extractor, _pool
    if sources is not None:
        load_sources(Path(sources))  # a bad sources file fails here, with one clear line
    inputs = [Path(p) for p in (inputs or ([] if sources is not None else default_inputs()))]
    # User mistakes fail here with one clear line, before Prefect starts a run and logs tracebacks.
    for path in inputs:
        check_input(path, columns)
    n_workers = workers()

    def load() -> Extractor:
        # A broken catalog fails here too: the extractor is built from it whenever it changed
        # (the cached one, when current, was validated when it was built).
        extractor = load_extractor()
        if pool is None:  # else the workers extract every batch: this process needs no spaCy
            warm_up(extractor)
        return extractor

    # The flow takes the writer lock again (this process holds it: it goes on); taken here, a
    # second refresh is refused with one line before workers or Prefect's server start.
    lock = WriterLock(Path(db) if db else default_db_path(), "refresh").acquire()
    pool = None
    try:
        check_readable(db)
        if n_workers and not dask and input_bytes(inputs) >= POOL_FROM_BYTES:
            pool = _started_pool(n_workers)
        extractor = _while_prefect_starts(load)
        run_flow = refresh_flow
        if dask:
            run_flow = refresh_flow.with_options(task_runner=dask_task_runner(dask))
        _progress, _extractor, _pool = progress, extractor, pool
        try:
            return run_flow(
                inputs=[str(p) for p in inputs],
                db=str(db) if db else None,
                role=role,
                columns=dict(columns) if columns else None,
                batch_size=batch_size,
                sources=str(sources) if sources is not None else None,
                distributed=bool(dask),
            )
        finally:
            _progress = _extractor = _pool = None
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        lock.release()


def _started_pool(n_workers: int) -> ProcessPoolExecutor:
    """The extraction workers, started now: one warm-up task each makes the pool start all of
    them at once (it starts one per task waiting, up to n_workers)."""
    pool = ProcessPoolExecutor(
        n_workers, mp_context=multiprocessing.get_context("spawn"), initializer=init_extract_worker
    )
    for _ in range(n_workers):
        pool.submit(warm_extract_worker)
    return pool


def _while_prefect_starts(work: Callable[[], T]) -> T:
    """Run `work` while Prefect's temporary API server starts, when the flow will need one (no
    PREFECT_API_URL). The server is a process of its own that takes seconds to import and
    start; the flow would otherwise wait for it idle, then load the same things. The flow's
    own start then finds it running (Prefect keeps one per process). A server that fails to
    start here is started, and its error reported, by the flow as usual."""
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_ENABLED

    if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        return work()

    # Imported here, not in the thread: importing holds the interpreter as the warm-up would
    # (the flow imports it anyway); the thread then only waits for the server process.
    try:
        from prefect.server.api.server import SubprocessASGIServer
    except ImportError:  # another Prefect release: its flow starts its server its own way
        return work()

    def start() -> None:
        try:
            SubprocessASGIServer().start()
        except Exception:  # noqa: BLE001 - the flow starts it again and reports the error
            pass

    server = threading.Thread(target=start, name="prefect-api-start", daemon=True)
    server.start()
    try:
        return work()
    finally:
        server.join()


# Progress goes to the caller's callback (the CLI's status line) when there is one: flow
# parameters must be JSON-serialisable, so a callable cannot be one.
_progress: Callable[[str], None] | None = None
# The extractor refresh() loaded before the flow: the flow uses it rather than loading it
# again; a flow run on its own loads its own. Likewise the worker pool refresh() started early
# for a big input (refresh() shuts it down).
_extractor: Extractor | None = None
_pool: ProcessPoolExecutor | None = None


@flow(name="credfloor-refresh", validate_parameters=False)
def refresh_flow(
    inputs: list[str],
    db: str | None = None,
    role: str | None = None,
    columns: dict | None = None,
    batch_size: int = BATCH_SIZE,
    sources: str | None = None,
    distributed: bool = False,
) -> dict:
    logger = get_run_logger()
    say = _progress or logger.info
    extractor = _extractor or load_extractor()
    n_workers = workers()
    counts = RunCounts()
    target = Path(db) if db else default_db_path()
    # Written on a copy that replaces the warehouse when the block ends (warehouse/swap.py):
    # readers keep answering from the last finished refresh meanwhile.
    with refreshing(target, progress=say) as wh:
        wh.load_catalog(extractor.catalog)
        install_occupations(wh)  # O*NET education reference, SOC roll-ups (issue 19)
        params = {"inputs": inputs, "role": role, "columns": columns}
        if sources:
            params["sources"] = sources
        source_errors: list[dict] = []
        web_seen: dict[str, set[str]] = {}  # web source -> posting ids it listed this run
        fetch_stats: dict = {}
        refresh_id = wh.start_refresh(params, extractor.catalog.version, extractor.version)
        deduper = RunDeduper()
        batch, rejected = [], []

        pool: ProcessPoolExecutor | None = _pool
        pending: deque = deque()  # (future of rows, batch size): extracted elsewhere
        flushed = 0

        upserted_roles: set = set()

        def write(extracted: tuple, n: int) -> None:
            # Each role is upserted once per run (an upsert costs ~0.1 s, a batch has a few roles)
            rows, mentions, roles, fingerprints = extracted
            extracted = (rows, mentions, roles - upserted_roles, fingerprints)
            upserted_roles.update(roles)
            # quote(): Prefect would otherwise walk every row of the batch looking for futures
            out = process_batch(wh, refresh_id, quote(extracted))
            counts.loaded += n
            for k in ("new", "updated", "unchanged", "mentions"):
                setattr(counts, k, getattr(counts, k) + out[k])
            counts.role_ids |= out["role_ids"]
            say(f"loaded {counts.loaded:,} postings ({counts.quarantined:,} quarantined)")

        def flush(final: bool = False):
            nonlocal pool, flushed
            if batch:
                postings = list(batch)
                batch.clear()
                flushed += len(postings)
                if distributed:
                    pending.append(
                        (_OnCluster(extract_batch.submit(pickle.dumps(postings))), len(postings))
                    )
                else:
                    if pool is None and n_workers > 0 and flushed > POOL_AFTER_POSTINGS:
                        pool = ProcessPoolExecutor(
                            n_workers,
                            mp_context=multiprocessing.get_context("spawn"),
                            initializer=init_extract_worker,
                        )
                    if pool is None:
                        write(to_rows(postings, extractor), len(postings))
                    else:
                        pending.append((pool.submit(extract_in_worker, postings), len(postings)))
                        while len(pending) > 2 * n_workers:  # written in input order
                            future, n = pending.popleft()
                            write(future.result(), n)
            # Bounded memory: at most IN_FLIGHT batches wait on the cluster.
            while pending and (final or (distributed and len(pending) > IN_FLIGHT)):
                future, n = pending.popleft()
                write(future.result(), n)
            if rejected:
                counts.quarantined += quarantine_batch(wh, refresh_id, list(rejected))
                rejected.clear()

        try:
            items = read_inputs(
                [Path(p) for p in inputs],
                role=role,
                columns=columns,
                sources=Path(sources) if sources else None,
                fetch_stats=fetch_stats,
            )
            for item in items:
                if isinstance(item, SourceError):  # a report about a source, not a record
                    source_errors.append({"source": item.source, "reason": item.reason})
                    say(f"source failed: {item.source}: {item.reason}")
                    continue
                counts.read += 1
                if isinstance(item, Rejected):
                    rejected.append(item)
                else:
                    verdict = deduper.check(item)
                    if verdict == "duplicate":
                        counts.duplicates += 1
                    elif verdict:
                        rejected.append(Rejected(item.input_ref, verdict, item.text[:2000]))
                    else:
                        batch.append(item)
                    if item.source.startswith(BOARD_PREFIXES):
                        web_seen.setdefault(item.source, set()).add(item.posting_id)
                if len(batch) >= batch_size or len(rejected) >= batch_size:
                    flush()
            flush(final=True)
            deduper = None  # one entry per posting read: free it before clustering
            if pool is not None:  # idle from here on; clustering starts its own workers
                pool.shutdown()
                pool = None
            # Boards read to the end: what they no longer list has been taken down.
            failed = {e["source"] for e in source_errors}
            complete = {src for src in web_seen if src not in failed}
            seen_ids = set().union(*(web_seen[src] for src in complete)) if complete else set()
            counts_inactive = wh.mark_inactive(complete, seen_ids)
            say("clustering reposts")
            clusters = cluster_reposts(wh, refresh_id) if counts.loaded else {"clustered": 0}
            say("taking the snapshot of signals")
            snapshot_rows = snapshot_signals(wh, refresh_id)
            # floor_signals is the snapshot's floor rows: counted there, not worked out again
            # (the live view takes ~15 s at a million postings)
            counts.floors = wh.con.execute(
                "SELECT count(*) FROM signal_snapshots WHERE refresh_id = ? AND tier = 'floor'",
                [refresh_id],
            ).fetchone()[0]
            summary = counts.as_dict()
            summary["clustered"] = clusters["clustered"]
            summary["inactive"] = counts_inactive
            summary["snapshot_rows"] = snapshot_rows
            summary["refresh_id"] = refresh_id
            summary["db"] = str(target)
            summary["top_roles"] = [r for r, _ in biggest_roles(wh)]
            summary["source_errors"] = source_errors
            if sources:
                summary["fetch"] = fetch_stats
            wh.finish_refresh(refresh_id, summary)
        except BaseException:
            wh.finish_refresh(refresh_id, counts.as_dict(), status="failed")
            raise
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
    return summary
