"""Repost clusters over the whole warehouse, kept up to date incrementally.

normalize/dedup.py decides what a repost is. Re-reading every text at each refresh does not scale
(one million postings took more than 13 minutes and 1 GB), so the warehouse keeps what the
decision needs per posting (`posting_dedup`: exact-text hash, sentence keys, signature; and
`dedup_bands`: LSH band keys) and a refresh only works on *dirty* postings: those new or changed
since their state was computed, plus the other members of a changed posting's old cluster (a
change can split it). Dirty postings are compared with every posting that shares a band key with
them, so a repost is found whether its other copies came in the same run or an earlier one.

For dirty postings the result is that of `cluster_postings` over the whole warehouse; clean
postings keep the signatures computed when they were dirty (sentence frequencies then), so an
employer's blurb that became common later is not re-judged for them. `recluster(full=True)`
recomputes everything. A cluster's id is its smallest posting_id.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from credfloor.normalize.dedup import (
    MAX_BUCKET,
    NUM_PERM,
    THRESHOLD,
    DedupMeta,
    Frequencies,
    Signer,
    UnionFind,
    fingerprint,
    init_signing_process,
    sign_in_process,
    sign_texts,
    similar,
)
from credfloor.warehouse.store import Warehouse

WINDOW = 20_000  # postings rows read per query (by rowid, so each query reads its rows only)
# Signing (fold, sentence keys, MinHash: ~0.3 ms a posting) is most of the Python time; past
# PARALLEL_AFTER originals it runs in worker processes, CHUNK postings a task (a process costs
# ~1 s to start).
PARALLEL_AFTER = 20_000
CHUNK = 2_500


def recluster(
    wh: Warehouse, refresh_id: int | None = None, full: bool = False, workers: int = 0
) -> dict[str, int]:
    """Bring cluster_id up to date; return `clusters` (whole warehouse), `dirty` (postings
    compared), `changed` (rows whose cluster_id moved) and `clustered` (postings of this refresh,
    or of the whole warehouse, folded into another posting's cluster, old or new). `workers`:
    processes that sign postings when there are many (0: all in this process)."""
    con = wh.con
    # Nothing here relies on the order of unordered results; not keeping it lets DuckDB spill
    # the big inserts and joins of a first million-posting refresh within its memory limit.
    con.execute("SET preserve_insertion_order = false")
    con.execute("BEGIN")
    try:
        if full:
            con.execute("DELETE FROM posting_dedup")
            con.execute("DELETE FROM dedup_bands")
        dirty = _mark_dirty(wh)
        changed = _update(wh, workers) if dirty else 0
        con.execute("DELETE FROM posting_fingerprints")  # used, or out of date
        for table in (
            "_dirty",
            "_fp",
            "_sig",
            "_bands",
            "_members",
            "_ix",
            "_close",
            "_remap",
            "_twin_edges",
        ):
            con.execute(f"DROP TABLE IF EXISTS {table}")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.execute("RESET preserve_insertion_order")
    where, params = ("AND last_refresh_id = ?", [refresh_id]) if refresh_id else ("", [])
    (clustered,) = con.execute(
        f"SELECT count(*) FROM postings WHERE cluster_id <> posting_id {where}", params
    ).fetchone()
    (clusters,) = con.execute(
        "SELECT count(DISTINCT coalesce(cluster_id, posting_id)) FROM postings"
    ).fetchone()
    return {"clusters": clusters, "dirty": dirty, "changed": changed, "clustered": clustered}


def _mark_dirty(wh: Warehouse) -> int:
    """_dirty(posting_id, rid): postings without up-to-date state, and their old cluster mates.
    Their state is deleted here and recomputed by _update."""
    con = wh.con
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _dirty AS
           WITH changed AS (
               SELECT p.posting_id, p.cluster_id, d.posting_id IS NOT NULL AS had_state
               FROM postings p LEFT JOIN posting_dedup d USING (posting_id)
               WHERE d.posting_id IS NULL OR d.content_hash <> p.content_hash
           ), ids AS (
               SELECT posting_id FROM changed
               UNION
               SELECT posting_id FROM postings
               WHERE cluster_id IN (SELECT cluster_id FROM changed WHERE had_state)
           )
           SELECT p.posting_id, p.rowid AS rid, f.posting_id IS NOT NULL AS has_fp
           FROM postings p SEMI JOIN ids USING (posting_id)
           LEFT JOIN posting_fingerprints f
                  ON f.posting_id = p.posting_id AND f.content_hash = p.content_hash"""
    )
    (n,) = con.execute("SELECT count(*) FROM _dirty").fetchone()
    if n:
        for table in ("posting_dedup", "dedup_bands"):
            con.execute(f"DELETE FROM {table} WHERE posting_id IN (SELECT posting_id FROM _dirty)")
    return int(n)


def _dirty_postings(
    wh: Warehouse, columns: str, originals_only: bool = False, unfingerprinted: bool = False
) -> Iterator[tuple]:
    """Dirty postings' rows, a window of rowids at a time (never all texts at once):
    `originals_only`, those signed (first of their exact text); `unfingerprinted`, those whose
    fingerprint was not computed while loading."""
    join = "JOIN _fp f ON f.posting_id = d.posting_id AND f.is_original" if originals_only else ""
    only = "AND NOT d.has_fp" if unfingerprinted else ""
    windows = wh.con.execute(f"SELECT DISTINCT rid // {WINDOW} FROM _dirty ORDER BY 1").fetchall()
    for (w,) in windows:
        lo, hi = w * WINDOW, (w + 1) * WINDOW
        rows = wh.con.execute(
            f"""SELECT {columns} FROM postings p JOIN _dirty d ON p.rowid = d.rid {join}
                WHERE d.rid >= ? AND d.rid < ? AND p.rowid >= ? AND p.rowid < ? {only}""",
            [lo, hi, lo, hi],
        ).fetchall()
        yield rows


def _update(wh: Warehouse, workers: int) -> int:
    con = wh.con
    # 1. per dirty posting: exact-text hash, distinct sentence keys, title/company for `similar`
    # Tables the appender fills are declared column by column: with DuckDB 2.0.0, rows appended
    # to a `CREATE TABLE ... AS SELECT ... LIMIT 0` table past one row group (122,880 rows) are
    # silently skipped by a later INSERT ... SELECT from it.
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _fp (
               posting_id VARCHAR, content_hash VARCHAR, exact_key BLOB, is_original BOOLEAN,
               sentence_keys UBIGINT[], title_key VARCHAR, has_title BOOLEAN, company VARCHAR)"""
    )
    # Fingerprints missing (old cluster mates of a changed posting; warehouses loaded before
    # fingerprints) are computed here, then every dirty posting's is read the same way.
    fields = "p.posting_id, p.content_hash, p.text, p.title, p.company"
    for rows in _dirty_postings(wh, fields, unfingerprinted=True):
        wh.add_fingerprints(
            [
                (pid, chash, *fingerprint(text, title, company).fields())
                for pid, chash, text, title, company in rows
            ]
        )
    con.execute(
        """INSERT INTO _fp
           SELECT f.posting_id, f.content_hash, f.exact_key, false, f.sentence_keys, f.title_key,
                  f.has_title, f.company
           FROM posting_fingerprints f JOIN _dirty d ON d.posting_id = f.posting_id
           JOIN postings p ON p.posting_id = f.posting_id AND p.content_hash = f.content_hash"""
    )

    # 2. exact texts: a dirty posting joins a clean twin's cluster, else the first dirty twin is
    # the original; only originals are signed and counted for boilerplate.
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _twin_edges AS
           SELECT f.posting_id AS a, min(d.posting_id) AS b
           FROM _fp f JOIN posting_dedup d USING (exact_key) GROUP BY f.posting_id"""
    )
    con.execute(
        """UPDATE _fp SET is_original = true FROM (
               SELECT min(posting_id) AS posting_id FROM _fp
               WHERE posting_id NOT IN (SELECT a FROM _twin_edges) GROUP BY exact_key) o
           WHERE _fp.posting_id = o.posting_id"""
    )
    con.execute(
        """INSERT INTO _twin_edges
           SELECT f.posting_id, o.posting_id FROM _fp f JOIN _fp o USING (exact_key)
           WHERE o.is_original AND NOT f.is_original
             AND f.posting_id NOT IN (SELECT a FROM _twin_edges)"""
    )
    con.execute("UPDATE _fp SET sentence_keys = NULL WHERE NOT is_original")

    # 3. sentence frequencies over all originals, for the keys of dirty ones (a key missing here
    # occurs once: in its own posting)
    df = con.execute(
        """WITH mine AS (SELECT DISTINCT unnest(sentence_keys) AS k FROM _fp),
                every AS (SELECT unnest(sentence_keys) AS k FROM posting_dedup WHERE is_original
                          UNION ALL SELECT unnest(sentence_keys) FROM _fp)
           SELECT k, count(*) AS n FROM every SEMI JOIN mine USING (k)
           GROUP BY k HAVING count(*) > 1 ORDER BY k"""
    ).fetchnumpy()
    df = Frequencies(np.asarray(df["k"], dtype=np.uint64), np.asarray(df["n"], dtype=np.int64))

    # 4. signatures and band keys of dirty originals, in worker processes when there are many
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _sig (posting_id VARCHAR, signature BLOB, band_keys VARCHAR)"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _bands (band UTINYINT, key UBIGINT, posting_id VARCHAR)"
    )
    (originals,) = con.execute("SELECT count(*) FROM _fp WHERE is_original").fetchone()
    windows = _dirty_postings(wh, "p.posting_id, p.text", originals_only=True)
    for signed in _signed(windows, df, workers if originals > PARALLEL_AFTER else 0):
        with con.appender("_sig") as app:
            app.append_rows(signed)
    del df
    con.execute(
        """INSERT INTO _bands
           SELECT unnest(range(len(k))), unnest(k), posting_id
           FROM (SELECT posting_id, CAST(string_split(band_keys, ' ') AS UBIGINT[]) AS k FROM _sig)"""
    )
    con.execute(
        """INSERT INTO posting_dedup
           SELECT f.*, s.signature FROM _fp f LEFT JOIN _sig s USING (posting_id)"""
    )
    con.execute("INSERT INTO dedup_bands SELECT * FROM _bands")

    # 5. candidates: a dirty original and any other original sharing a band key that at most
    # MAX_BUCKET originals share; similar() judges those whose signatures are close enough.
    edges = [tuple(e) for e in con.execute("SELECT a, b FROM _twin_edges").fetchall()]
    edges += [(a, b) for a, b, *meta in _close_pairs(wh) if similar(*meta)]

    # 6. components: a dirty posting stands for itself, a clean one for its cluster
    return _apply(wh, edges)


def _close_pairs(wh: Warehouse) -> list[tuple[str, str, DedupMeta, DedupMeta, float]]:
    """Candidate pairs (a dirty original and another original in one uncrowded LSH bucket)
    whose signatures agree on at least THRESHOLD of their values, with what similar() needs.

    Made and compared in numpy over dense numbers of the postings involved: at a million
    postings there are tens of millions of candidates, and a join, DISTINCT and fetch of
    posting-id pairs in SQL took most of the clustering time."""
    con = wh.con
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _members AS
           SELECT d.band, d.key, d.posting_id FROM dedup_bands d SEMI JOIN _bands USING (band, key)"""
    )
    # Numbered in posting-id order; `dirty` marks postings compared with everything.
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _ix AS
           SELECT posting_id, CAST(row_number() OVER (ORDER BY posting_id) - 1 AS INTEGER) AS ix,
                  posting_id IN (SELECT posting_id FROM _dirty) AS dirty
           FROM (SELECT DISTINCT posting_id FROM _members)"""
    )
    (n,) = con.execute("SELECT count(*) FROM _ix").fetchone()
    if not n:
        return []
    # Read a window at a time into one array: all at once, the rows (a bytes object each) and
    # their join would add ~550 MB at a million postings, past the refresh's 2 GB.
    dirty = np.zeros(n, dtype=bool)
    sigs = np.empty((n, NUM_PERM), dtype=np.uint32)
    rows = con.execute(
        "SELECT i.ix, i.dirty, p.signature FROM _ix i JOIN posting_dedup p USING (posting_id)"
    )
    while window := rows.fetchmany(WINDOW):
        at = np.fromiter((r[0] for r in window), dtype=np.int64, count=len(window))
        dirty[at] = [r[1] for r in window]
        sigs[at] = np.frombuffer(b"".join(r[2] for r in window), dtype=np.uint32).reshape(
            len(window), NUM_PERM
        )
        del window
    need = int(np.ceil(THRESHOLD * NUM_PERM - 1e-9))  # equal values for >= THRESHOLD
    found_a, found_b, found_n = [], [], []
    for band in range(len(Signer().hashranges)):
        m = con.execute(
            """SELECT m.key, i.ix FROM _members m JOIN _ix i USING (posting_id)
               WHERE m.band = ? ORDER BY m.key""",
            [band],
        ).fetchnumpy()
        for a, b in _bucket_pairs(np.asarray(m["key"]), np.asarray(m["ix"], dtype=np.int64)):
            keep = dirty[a] | dirty[b]
            a, b = a[keep], b[keep]
            same = np.count_nonzero(sigs[a] == sigs[b], axis=1)
            close = same >= need
            found_a.append(a[close])
            found_b.append(b[close])
            found_n.append(same[close])
    if not found_a:
        return []
    a, b, same = np.concatenate(found_a), np.concatenate(found_b), np.concatenate(found_n)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    _, first = np.unique(lo * n + hi, return_index=True)  # a pair shares several bands
    con.execute("CREATE OR REPLACE TEMP TABLE _close (a INTEGER, b INTEGER, same INTEGER)")
    with con.appender("_close") as app:
        app.append_rows(
            zip(lo[first].tolist(), hi[first].tolist(), same[first].tolist(), strict=True)
        )
    rows = con.execute(
        """SELECT ia.posting_id, ib.posting_id, x.title_key, x.has_title, x.company,
                  y.title_key, y.has_title, y.company, c.same
           FROM _close c JOIN _ix ia ON ia.ix = c.a JOIN _ix ib ON ib.ix = c.b
                JOIN posting_dedup x ON x.posting_id = ia.posting_id
                JOIN posting_dedup y ON y.posting_id = ib.posting_id"""
    ).fetchall()
    return [
        (a, b, DedupMeta(*meta[:3]), DedupMeta(*meta[3:6]), meta[6] / NUM_PERM)
        for a, b, *meta in rows
    ]


def _bucket_pairs(
    keys: np.ndarray, ix: np.ndarray, per_chunk: int = 100_000
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Every pair of postings in one bucket (run of equal `keys`, sorted) of 2..MAX_BUCKET
    members, as arrays of `ix`, about `per_chunk` pairs at a time (their two signatures are
    gathered per pair: 100,000 pairs hold 51 MB; 500,000 took the million-posting refresh past
    2 GB and were slower)."""
    if len(keys) < 2:
        return
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    usable = (sizes >= 2) & (sizes <= MAX_BUCKET)
    starts, sizes = starts[usable], sizes[usable]
    upto = np.cumsum(sizes * (sizes - 1) // 2)  # pairs in the buckets up to each one
    done = 0
    while done < len(starts):
        # buckets [done, end) hold about per_chunk pairs (at least one bucket)
        before = upto[done - 1] if done else 0
        end = max(done + 1, int(np.searchsorted(upto, before + per_chunk, side="right")))
        s, z = starts[done:end], sizes[done:end]
        # each member, then the members after it in its bucket
        member = np.repeat(s, z) + _ranges(z)
        after = np.repeat(z, z) - 1 - _ranges(z)
        left = np.repeat(member, after)
        right = left + 1 + _ranges(after)
        yield ix[left], ix[right]
        done = end


def _ranges(lengths: np.ndarray) -> np.ndarray:
    """0..n-1 for each n of `lengths`, concatenated."""
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    return np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)


def _signed(
    windows: Iterator[list[tuple[str, str]]], df: Frequencies, workers: int
) -> Iterator[list[tuple[str, bytes, str]]]:
    """sign_texts over each window of (posting_id, text) rows: here, or split in chunks over
    `workers` processes while the next window is read (at most two chunks per process wait)."""
    if workers < 1:
        signer = Signer()
        for rows in windows:
            yield sign_texts(rows, df, signer)
        return
    pending: deque = deque()
    with ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=init_signing_process,
        initargs=(df.keys, df.counts),
    ) as pool:
        for rows in windows:
            for i in range(0, len(rows), CHUNK):
                while len(pending) >= 2 * workers:
                    yield pending.popleft().result()
                pending.append(pool.submit(sign_in_process, rows[i : i + CHUNK]))
        while pending:
            yield pending.popleft().result()


def _apply(wh: Warehouse, edges: list[tuple[str, str]]) -> int:
    con = wh.con
    con.execute("CREATE OR REPLACE TEMP TABLE _ends (posting_id VARCHAR)")
    with con.appender("_ends") as app:
        app.append_rows([(p,) for p in {p for e in edges for p in e}])
    # the cluster each end stands for: dirty postings themselves, clean ones their cluster
    stands = dict(
        con.execute(
            """SELECT e.posting_id,
                      CASE WHEN e.posting_id IN (SELECT posting_id FROM _dirty) THEN e.posting_id
                           ELSE coalesce(p.cluster_id, p.posting_id) END
               FROM _ends e JOIN postings p USING (posting_id)"""
        ).fetchall()
    )
    con.execute("DROP TABLE _ends")
    uf = UnionFind()
    for a, b in edges:
        uf.union(stands[a], stands[b])
    con.execute("CREATE OR REPLACE TEMP TABLE _remap (old VARCHAR, new VARCHAR)")
    with con.appender("_remap") as app:
        app.append_rows([(x, r) for x in uf.parent if (r := uf.find(x)) != x])
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _before AS SELECT posting_id, cluster_id FROM postings
           WHERE posting_id IN (SELECT posting_id FROM _dirty)
              OR cluster_id IN (SELECT old FROM _remap)"""
    )
    # dirty postings first become their own cluster, then every merged cluster id moves to the
    # smallest id of its component
    con.execute(
        """UPDATE postings SET cluster_id = posting_id
           WHERE posting_id IN (SELECT posting_id FROM _dirty)
             AND cluster_id IS DISTINCT FROM posting_id"""
    )
    con.execute(
        """UPDATE postings SET cluster_id = r.new FROM _remap r
           WHERE postings.cluster_id = r.old"""
    )
    (changed,) = con.execute(
        """SELECT count(*) FROM _before b JOIN postings p USING (posting_id)
           WHERE p.cluster_id IS DISTINCT FROM b.cluster_id"""
    ).fetchone()
    con.execute("DROP TABLE _before")
    return int(changed)
