"""Repost clusters are kept up to date across refreshes, comparing only new or changed postings."""

from dataclasses import replace

from credfloor.normalize.dedup import cluster_postings, fingerprint
from credfloor.warehouse.clusters import recluster
from credfloor.warehouse.store import PostingRow, Warehouse
from tests.normalize.test_dedup import (
    ACME_BENEFITS,
    ACME_BLURB,
    AGENCY_BLURB,
    ANALYST_AD,
    CLOUD_AD,
    NURSE_AD,
    _text,
)

AD = (
    "We need a cloud engineer to build our AWS landing zone and the shared platform teams deploy "
    "to. You will write Terraform modules, review pull requests and keep the platform documented. "
    "You will be on call one week in six and automate away what pages us. Four years of AWS and "
    "Linux experience and the AWS Solutions Architect Associate certification are required."
)


def _row(i: int, text: str, title: str = "Cloud Engineer") -> PostingRow:
    return PostingRow(
        posting_id=f"p{i}",
        source="test",
        external_id=str(i),
        url=None,
        title=title,
        company="Acme",
        location=None,
        posted_at=None,
        valid_through=None,
        fetched_at=None,
        content_hash=f"h{i}",
        text=text,
        lang="en",
        role_id="cloud-engineer",
        seniority="mid",
        cluster_id=f"h{i}",
        input_ref=None,
    )


def test_recluster_across_refreshes(tmp_path):
    with Warehouse.open(tmp_path / "c.duckdb") as wh:
        wh.write_batch(1, [_row(1, AD), _row(2, "A registered nurse for the night shift.")], [])
        assert recluster(wh, 1)["clustered"] == 0
        wh.write_batch(
            2, [_row(3, AD + " Apply today through our agency.", "Sr. Cloud Engineer")], []
        )
        out = recluster(wh, 2)
        assert out["clustered"] == 1 and out["clusters"] == 2
        got = dict(wh.con.execute("SELECT posting_id, cluster_id FROM postings").fetchall())
        assert got == {"p1": "p1", "p2": "p2", "p3": "p1"}
        assert recluster(wh)["changed"] == 0


def test_changed_posting_leaves_its_cluster(tmp_path):
    with Warehouse.open(tmp_path / "c.duckdb") as wh:
        wh.write_batch(1, [_row(1, AD), _row(3, AD + " Apply today through our agency.")], [])
        recluster(wh, 1)
        wh.write_batch(2, [_row(0, AD + " Reposted.")], [])
        assert recluster(wh, 2)["dirty"] == 1  # only the new posting is compared
        got = dict(wh.con.execute("SELECT posting_id, cluster_id FROM postings").fetchall())
        assert got == {"p0": "p0", "p1": "p0", "p3": "p0"}  # the smallest id names the cluster
        changed = _row(0, "A registered nurse for the night shift on a busy surgical ward.")
        wh.write_batch(3, [replace(changed, content_hash="h0b")], [])
        out = recluster(wh, 3)
        assert out["dirty"] == 3  # the changed posting and its old cluster mates
        got = dict(wh.con.execute("SELECT posting_id, cluster_id FROM postings").fetchall())
        assert got == {"p0": "p0", "p1": "p1", "p3": "p1"}


def test_incremental_equals_in_memory_clustering(tmp_path):
    """Loading in two refreshes gives the clusters of cluster_postings over everything (here;
    in general a clean posting keeps the boilerplate judgement of the refresh that signed it)."""
    items = [
        ("a1", _text(ACME_BLURB, *CLOUD_AD, ACME_BENEFITS), "Acme Health", "Cloud Engineer"),
        ("n1", _text(ACME_BLURB, *NURSE_AD, ACME_BENEFITS), "Acme Health", "Registered Nurse"),
        ("d1", _text(ACME_BLURB, *ANALYST_AD, ACME_BENEFITS), "Acme Health", "Data Analyst"),
        ("a2", _text(AGENCY_BLURB, *CLOUD_AD[::-1]), "TopTalent", "Sr. Cloud Engineer (AWS)"),
        ("a3", _text(ACME_BLURB, *CLOUD_AD, ACME_BENEFITS).upper(), None, "Cloud Engineer"),
        ("a0", _text(*CLOUD_AD[:4], "Apply through TopTalent today."), None, "Cloud Engineer"),
        ("n0", _text(ACME_BLURB, *NURSE_AD), "Acme Health", "RN - Med/Surg"),
    ]

    with Warehouse.open(tmp_path / "c.duckdb") as wh:
        wh.write_batch(1, [_as_row(*i) for i in items[:3]], [])
        recluster(wh, 1)
        wh.write_batch(2, [_as_row(*i) for i in items[3:]], [])
        recluster(wh, 2)
        got = dict(wh.con.execute("SELECT posting_id, cluster_id FROM postings").fetchall())
        in_memory = cluster_postings([(p, t, c, ti) for p, t, c, ti in items])
        assert got == in_memory
        assert got["a1"] == got["a3"] == got["a0"] == "a0"  # a0 came later, with a smaller id
        assert got["n1"] == "n0" and got["d1"] == "d1"
        recluster(wh, full=True)
        assert dict(wh.con.execute("SELECT posting_id, cluster_id FROM postings").fetchall()) == got


def _fingerprints(rows: list[PostingRow]) -> list[tuple]:
    return [
        (r.posting_id, r.content_hash, *fingerprint(r.text, r.title, r.company).fields())
        for r in rows
    ]


def test_fingerprints_from_loading_give_the_same_state(tmp_path):
    """Fingerprints written with a batch (as the refresh does) are what clustering would have
    computed from the texts: same posting_dedup rows and clusters; the table is emptied after;
    a fingerprint of an older version of a posting is not used."""
    rows = [_row(1, AD), _row(2, AD + " Apply today."), _row(3, "A nurse for the night shift.")]
    states = []
    for with_fp in (False, True):
        with Warehouse.open(tmp_path / f"fp{with_fp}.duckdb") as wh:
            wh.write_batch(1, rows, [], _fingerprints(rows) if with_fp else ())
            out = recluster(wh, 1)
            assert wh.con.execute("SELECT count(*) FROM posting_fingerprints").fetchone() == (0,)
            states.append(
                (
                    out,
                    wh.con.execute("SELECT * FROM posting_dedup ORDER BY posting_id").fetchall(),
                    wh.con.execute("SELECT * FROM dedup_bands ORDER BY ALL").fetchall(),
                )
            )
    assert states[0] == states[1]
    assert states[1][0]["clustered"] == 1

    with Warehouse.open(tmp_path / "stale.duckdb") as wh:
        stale = _fingerprints([_row(1, "A nurse for the night shift.")])
        wh.write_batch(1, rows[:1], [], stale)  # the right content_hash, another text
        wh.con.execute("UPDATE posting_fingerprints SET content_hash = 'old'")
        recluster(wh, 1)
        (key,) = wh.con.execute("SELECT exact_key FROM posting_dedup").fetchone()
        assert key == _fingerprints(rows[:1])[0][2]


def test_signing_in_worker_processes_gives_the_same_clusters(tmp_path, monkeypatch):
    import credfloor.warehouse.clusters as clusters

    rows = [_row(i, AD + f" Reference {i % 3}.") for i in range(7)]
    rows += [
        _row(10 + i, f"A nurse for ward {i} on the night shift, {i} days a week.") for i in range(5)
    ]
    states = []
    for workers in (0, 2):
        monkeypatch.setattr(clusters, "PARALLEL_AFTER", 0)
        monkeypatch.setattr(clusters, "CHUNK", 2)
        with Warehouse.open(tmp_path / f"w{workers}.duckdb") as wh:
            wh.write_batch(1, rows, [])
            out = recluster(wh, 1, workers=workers)
            states.append(
                (
                    out,
                    wh.con.execute(
                        "SELECT posting_id, cluster_id FROM postings ORDER BY 1"
                    ).fetchall(),
                    wh.con.execute("SELECT * FROM dedup_bands ORDER BY ALL").fetchall(),
                )
            )
    assert states[0] == states[1]
    assert states[1][0]["clustered"] >= 6


def test_a_posting_loaded_again_keeps_one_fingerprint(tmp_path):
    rows = [_row(1, AD)]
    with Warehouse.open(tmp_path / "again.duckdb") as wh:
        wh.write_batch(1, rows, [], _fingerprints(rows))
        wh.write_batch(2, rows, [], _fingerprints(rows))
        assert wh.con.execute("SELECT count(*) FROM posting_fingerprints").fetchone() == (1,)


def test_bucket_pairs_are_every_pair_of_each_uncrowded_bucket(monkeypatch):
    """_bucket_pairs against a plain enumeration: buckets of 2..MAX_BUCKET members, every pair
    once, in any chunk size."""
    import itertools

    import numpy as np
    from hypothesis import given, settings
    from hypothesis import strategies as st

    import credfloor.warehouse.clusters as clusters

    monkeypatch.setattr(clusters, "MAX_BUCKET", 4)

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.integers(0, 6), max_size=40), st.integers(1, 12))
    def check(raw_keys, per_chunk):
        keys = np.sort(np.asarray(raw_keys, dtype=np.uint64))
        ix = np.arange(len(keys), dtype=np.int64)[::-1].copy()  # any numbering
        got = sorted(
            (int(a), int(b))
            for left, right in clusters._bucket_pairs(keys, ix, per_chunk)
            for a, b in zip(left, right, strict=True)
        )
        want = []
        for _, group in itertools.groupby(range(len(keys)), key=lambda i: keys[i]):
            members = [int(ix[i]) for i in group]
            if 2 <= len(members) <= 4:
                want += list(itertools.combinations(members, 2))
        assert got == sorted(want)

    check()


def _reposts(n: int, seed: int) -> list[tuple]:
    """n postings: adverts of random words, most posted twice (reworded a little)."""
    import random

    rnd = random.Random(seed)
    words = [f"w{i}" for i in range(400)]
    items = []
    for i in range(n):
        if i % 3 and items:  # a repost of the one before, a sentence dropped or changed
            _, text, company, title = items[-1]
            sentences = text.split("\n\n")
            sentences[rnd.randrange(len(sentences))] = "Apply today at our offices."
            items.append((f"r{i:03d}", "\n\n".join(sentences), company, title))
            continue
        sentences = [" ".join(rnd.choices(words, k=12)).capitalize() + "." for _ in range(6)]
        company = rnd.choice(["Acme Health", "TopTalent", None])
        title = rnd.choice(["Cloud Engineer", "Registered Nurse", ""])
        items.append((f"r{i:03d}", _text(*sentences), company, title))
    return items


def _as_row(pid, text, company, title) -> PostingRow:
    """A posting row for a (posting_id, text, company, title) item of cluster_postings."""
    return replace(
        _row(0, text, title or ""),
        posting_id=pid,
        external_id=pid,
        content_hash="h" + pid,
        company=company,
    )


def test_crowded_buckets_are_skipped_as_in_memory_clustering(tmp_path, monkeypatch):
    """Sixty variants of four adverts with buckets this small crowded (MAX_BUCKET 3): the
    warehouse's clusters are cluster_postings'."""
    import random

    import credfloor.normalize.dedup as dedup
    import credfloor.warehouse.clusters as clusters

    monkeypatch.setattr(dedup, "MAX_BUCKET", 3)
    monkeypatch.setattr(clusters, "MAX_BUCKET", 3)
    rnd = random.Random(7)
    ads = [CLOUD_AD, NURSE_AD, ANALYST_AD, [s.replace("cloud", "data") for s in CLOUD_AD]]
    items = []
    for i in range(60):
        ad = list(ads[i % 4])
        for _ in range(rnd.randint(0, 3)):  # drop or reorder a sentence or two
            ad.pop(rnd.randrange(len(ad))) if rnd.random() < 0.5 else rnd.shuffle(ad)
        company = rnd.choice(["Acme Health", "TopTalent", None])
        title = rnd.choice(["Cloud Engineer", "Registered Nurse", "Data Analyst", ""])
        items.append((f"q{i:02d}", _text(*ad), company, title))
    want = cluster_postings(items)
    assert len(set(want.values())) < len(items) - 10  # reposts found
    with Warehouse.open(tmp_path / "all.duckdb") as wh:
        wh.write_batch(1, [_as_row(*i) for i in items], [])
        recluster(wh, 1)
        assert (
            dict(wh.con.execute("SELECT posting_id, cluster_id FROM postings").fetchall()) == want
        )


def test_reposts_loaded_in_steps_equal_in_memory_clustering(tmp_path):
    """New postings are compared with old and new ones, old ones not again: three refreshes give
    cluster_postings' clusters (no sentence is in three adverts, so none is boilerplate and
    signing earlier or later gives the same signatures)."""
    items = _reposts(45, seed=3)
    want = cluster_postings(items)
    assert len(set(want.values())) <= 20  # reposts found
    order = items[::2] + items[1::2]  # a repost often comes in a later refresh
    with Warehouse.open(tmp_path / "steps.duckdb") as wh:
        for step, part in enumerate((order[:15], order[15:30], order[30:]), 1):
            wh.write_batch(step, [_as_row(*i) for i in part], [])
            recluster(wh, step)
        assert (
            dict(wh.con.execute("SELECT posting_id, cluster_id FROM postings").fetchall()) == want
        )
