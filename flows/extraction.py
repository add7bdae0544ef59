"""`credfloor extract`: postings file -> mentions JSONL, with the same extractor as refresh."""

from __future__ import annotations

import dataclasses
import gc
import json
import math
import multiprocessing
import pickle
import queue
import sys
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from json.encoder import encode_basestring
from pathlib import Path

from credfloor.extract.records import Rejected
from credfloor.extract.sources.files import read_path
from credfloor.flows.errors import USER_ERRORS
from credfloor.flows.settings import POOL_FROM_BYTES, input_bytes, worker_count
from credfloor.normalize.extractor import Extractor, load_extractor
from credfloor.normalize.locations import locate_posting
from credfloor.normalize.records import Mention

_JSON = json.JSONEncoder(ensure_ascii=False)
# The JSON keys of a mention line, in order: the mention's fields (posting_id holding the
# input's own id), then the warehouse's id for the posting.
_FIELDS = tuple(f.name for f in dataclasses.fields(Mention))
_KEYS = tuple(_JSON.encode(name) + ": " for name in (*_FIELDS, "warehouse_id"))


# Inputs past this many postings are extracted in worker processes (one per core, see
# settings.worker_count) while this one reads and writes; smaller ones never pay for a pool.
# Input files of settings.POOL_FROM_BYTES or more go to the workers from the first batch.
POOL_AFTER = 2_000
BATCH = 250  # postings per task: big enough that pickling is a small share of a task's work
# Batches a big input's reader process parses ahead (~0.9 MB each from the corpus): enough to
# cover spaCy's import, bounded for an input of millions.
READ_AHEAD = 64
_worker: Extractor | None = None  # each worker process's own, forked or loaded once
# Forked workers inherit the loaded extractor; where fork is not the safe default (macOS,
# Windows), spawned ones are sent it (pickled) once, at their start.
FORK = sys.platform.startswith("linux")


def extract_file(
    input: Path, output: Path, extractor: Extractor | None = None, workers: int | None = None
) -> dict[str, int]:
    """Write one JSON object per mention, in input order. `posting_id` is the input's own id for
    the posting (so results join back to the input); `warehouse_id` is the id the warehouse
    gives it. `workers`: processes for big inputs (None: settings.worker_count(); 0: none).
    The output is the same whatever the number of workers."""
    global _worker
    workers = worker_count() if workers is None else workers
    counts = {"postings": 0, "mentions": 0, "rejected": 0}
    big = workers > 0 and input_bytes([input]) >= POOL_FROM_BYTES
    # A reader process parses a big input meanwhile: this one would only load the extractor and
    # wait for spaCy's import, with a core idle (forked, so not where processes are spawned).
    reader = _Reader(input, counts) if big and FORK else None
    try:
        _worker = extractor or load_extractor()
        if big:
            # Loaded before the fork, once, rather than by each worker at its first cue.
            _worker.recognizer.warm_up()
            # What is loaded by now lives until the end: the collector need not scan it again,
            # here or in the forked workers (where each scan also copied its memory pages).
            gc.freeze()
            batches = reader.batches() if reader else _batches(input, counts)
        else:
            batches = _batches(input, counts)
        with output.open("w", encoding="utf-8") as out:
            for lines, n in _extracted(batches, workers, 0 if big else POOL_AFTER):
                out.write(lines)
                counts["mentions"] += n
    finally:
        if reader:
            reader.stop()
    return counts


def _batches(input: Path, counts: dict[str, int]) -> Iterator[list[tuple]]:
    batch = []
    # The mentions need only the ids, the text and the country: no language guess. The country
    # is looked up here (in the reader process, for a big input) rather than in each worker.
    for item in read_path(input, guess_language=False):
        if isinstance(item, Rejected):
            counts["rejected"] += 1
            continue
        counts["postings"] += 1
        batch.append((item.external_id, item.posting_id, item.text, posting_country(item.location)))
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


class _Reader:
    """`_batches(input)` in a forked process, pickled, up to READ_AHEAD batches ahead of use."""

    def __init__(self, input: Path, counts: dict[str, int]):
        context = multiprocessing.get_context("fork")
        self.input, self.counts = input, counts
        self.queue = context.Queue(READ_AHEAD)
        self.process = context.Process(target=self._run, args=(input,), daemon=True)
        self.process.start()

    def _run(self, input: Path) -> None:
        counts = {"postings": 0, "mentions": 0, "rejected": 0}
        try:
            for batch in _batches(input, counts):
                # Pickled here, once: this process passes the bytes on to a worker as they are
                # (unpickling and pickling each batch again cost it ~0.3 s per 20,000 postings).
                self.queue.put(pickle.dumps(batch, pickle.HIGHEST_PROTOCOL))
            self.queue.put(("done", counts))
        except BaseException as exc:  # the reading's error is the command's: sent, raised there
            self.queue.put(("error", exc))

    def batches(self) -> Iterator[bytes]:
        """Pickled batches, for `_extract_batch`."""
        while True:
            item = self._next()
            if isinstance(item, bytes):
                yield item
                continue
            kind, value = item
            if kind == "error":
                raise value
            self.counts["postings"] = value["postings"]
            self.counts["rejected"] = value["rejected"]
            return

    def _next(self):
        while True:
            try:
                return self.queue.get(timeout=1)
            except queue.Empty:
                if not self.process.is_alive():  # killed: it sent no error
                    try:
                        return self.queue.get(timeout=1)  # unless its last words are in transit
                    except queue.Empty:
                        raise RuntimeError(
                            f"the process reading {self.input} stopped "
                            f"(exit code {self.process.exitcode})"
                        ) from None

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()


def _extracted(
    batches: Iterator[list[tuple] | bytes], workers: int, pool_after: int
) -> Iterator[tuple[str, int]]:
    """(JSON lines, mentions) per batch, in input order: here for the first `pool_after`
    postings, then in `workers` processes (at most two batches each waiting)."""
    done = 0
    while workers <= 0 or done < pool_after:
        batch = next(batches, None)
        if batch is None:
            return
        yield _extract_batch(batch)
        done += len(batch)
    with ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork" if FORK else "spawn"),
        initializer=None if FORK else _set_worker,
        initargs=() if FORK else (_worker,),
    ) as pool:
        pending: deque = deque()
        for batch in batches:
            pending.append(pool.submit(_extract_batch, batch))
            while len(pending) > 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _set_worker(extractor: Extractor) -> None:
    global _worker
    _worker = extractor


def _extract_batch(batch: list[tuple] | bytes) -> tuple[str, int]:
    """`batch`: postings as _batches gives them, or pickled (a reader's)."""
    if isinstance(batch, bytes):
        batch = pickle.loads(batch)
    lines = []
    for external_id, posting_id, text, country in batch:
        for m in _worker.extract(posting_id, text, country):
            lines.append(mention_line(m, external_id))
    return "".join(lines), len(lines)


def mention_line(m: Mention, external_id: str) -> str:
    """The JSON line of one mention: what json.dumps(..., ensure_ascii=False) writes for its
    fields, `external_id` as posting_id and the warehouse's id last, written field by field
    (JSONEncoder.encode set up its encoder anew for every mention: 4.5 µs a mention, against 2)."""
    values = m.__dict__
    parts = ["{", _KEYS[0], _json_value(external_id)]
    for key, name in zip(_KEYS[1:-1], _FIELDS[1:], strict=True):
        parts += (", ", key, _json_value(values[name]))
    parts += (", ", _KEYS[-1], _json_value(m.posting_id), "}\n")
    return "".join(parts)


def _json_value(value) -> str:
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if kind is int or (kind is float and math.isfinite(value)):
        return repr(value)  # what the encoder writes for these (int.__repr__, float.__repr__)
    return _JSON.encode(value)


def posting_country(location: str | None) -> str | None:
    """The country the posting's location names ('Gravesend, United Kingdom' -> GB, 'Austin,
    TX' -> US), or None (then the precision rules read UK postings from the text). A UK
    advert's "registered nurse" is NMC registration, not a US state licence. A bare city name
    is not trusted: 'Exeter' and 'Ashford' are towns in England and in New England alike."""
    if not location:
        return None
    place = locate_posting(location)
    return place.country if place.how != "city" else None


def run_extract(input: Path, output: Path) -> int:
    """The whole `credfloor extract` command: the summary line (or one error line) on stderr,
    and the exit code. Both the Typer command and the console fast path (console.py) call it."""
    try:
        counts = extract_file(input, output)
    except USER_ERRORS as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(
        f"{counts['postings']:,} postings, {counts['mentions']:,} mentions, "
        f"{counts['rejected']:,} rejected -> {output}",
        file=sys.stderr,
    )
    return 0
