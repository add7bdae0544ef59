"""Hand-computed checks of the signal views: concentration, lift, specialization, ecosystem
rollups, the active window, cluster votes and snapshots (warehouse/signals.sql)."""

from datetime import UTC, datetime, timedelta

import pytest

from credfloor.warehouse.store import PostingRow, Warehouse


def _row(pid: str, role: str, cluster: str | None = None, posted: str | None = None):
    return PostingRow(
        posting_id=pid,
        source="test",
        external_id=pid,
        url=None,
        title=role,
        company="Acme",
        location=None,
        posted_at=posted,
        valid_through=None,
        fetched_at=None,
        content_hash=f"h-{pid}",
        text=f"text {pid}",
        lang="en",
        role_id=role,
        seniority="mid",
        cluster_id=cluster or pid,
        input_ref=f"test:{pid}",
    )


def _m(pid: str, cred: str, strength: str = "required") -> tuple:
    return (pid, cred, "certification", strength, cred, 0, 3, "alias", 1.0, None)


@pytest.fixture
def wh(tmp_path):
    with Warehouse.open(tmp_path / "s.duckdb") as w:
        w.con.execute(
            "INSERT INTO credentials VALUES "
            "('cert-a', 'Cert A', 'I', 'eco', 'certification', NULL, false, 'active', NULL),"
            "('cert-b', 'Cert B', 'I', 'eco', 'certification', NULL, false, 'active', NULL),"
            "('eco-any', 'Any eco', 'I', 'eco', 'certification', NULL, true, 'active', NULL),"
            "('cert-c', 'Cert C', 'I', 'other', 'certification', NULL, false, 'active', NULL),"
            "('cert-d', 'Cert D', 'I', 'other', 'certification', NULL, false, 'active', NULL),"
            "('cert-e', 'Cert E', 'I', 'other', 'certification', NULL, false, 'active', NULL)"
        )
        w.upsert_roles([("da", "Data Analyst", None), ("ce", "Cloud Engineer", None)])
        yield w


def _two_roles(wh):
    """da: d0..d9 plus d10, a repost of d0 (10 adverts); ce: c0..c9 (10 adverts)."""
    rows = [_row(f"d{i}", "da") for i in range(10)] + [_row("d10", "da", cluster="d0")]
    rows += [_row(f"c{i}", "ce") for i in range(10)]
    ms = [_m(f"d{i}", "cert-a") for i in range(7)]  # 7/10: floor
    ms += [_m(f"d{i}", "cert-b") for i in range(4)] + [_m("d10", "cert-b"), _m("c0", "cert-b")]
    ms += [_m(f"d{i}", "cert-c") for i in range(5)] + [_m(f"c{i}", "cert-c") for i in range(10)]
    ms += [_m(f"d{i}", "eco-any") for i in (7, 8, 9)]  # generic: never a specialization
    ms += [_m(f"d{i}", "cert-d") for i in (8, 9)]  # too little support
    ms += [_m(f"d{i}", "cert-e") for i in (5, 6, 7)]
    wh.write_batch(1, rows, ms)


def _recall(wh, role, cred):
    return wh.con.execute(
        "SELECT postings_with, postings_total, clusters_total, recall, credential_clusters, "
        "concentration, lift FROM role_credential_recall WHERE role_id = ? AND credential_id = ?",
        [role, cred],
    ).fetchone()


def test_concentration_and_lift_count_adverts(wh):
    _two_roles(wh)
    # cert-b: da adverts d0..d3 (the repost d10 of d0 votes once) + ce advert c0 -> 5 adverts.
    # concentration da = 4/5, ce = 1/5; all roles: 5 of 20 adverts = 0.25;
    # lift da = 0.4 / 0.25 = 1.6, ce = 0.1 / 0.25 = 0.4.
    got = _recall(wh, "da", "cert-b")
    assert got[:5] == (4, 11, 10, 0.4, 5)
    assert got[5] == pytest.approx(0.8) and got[6] == pytest.approx(1.6)
    got = _recall(wh, "ce", "cert-b")
    assert got[:5] == (1, 10, 10, 0.1, 5)
    assert got[5] == pytest.approx(0.2) and got[6] == pytest.approx(0.4)
    # cert-c: 5 + 10 = 15 adverts; da 5/15, lift (5/10) / (15/20).
    got = _recall(wh, "da", "cert-c")
    assert got[5] == pytest.approx(1 / 3) and got[6] == pytest.approx(2 / 3)
    sums = wh.con.execute(
        "SELECT credential_id, sum(concentration) FROM role_credential_recall GROUP BY ALL"
    ).fetchall()
    assert all(total == pytest.approx(1.0) for _, total in sums)
    # floor_signals reads the per-role counts: same rows as filtering role_credential_recall.
    assert wh.con.execute(
        "SELECT role_id, credential_id FROM floor_signals ORDER BY 1"
    ).fetchall() == [
        ("ce", "cert-c"),
        ("da", "cert-a"),
    ]


def test_specialization_pick(wh):
    _two_roles(wh)
    cands = wh.con.execute(
        "SELECT role_id, credential_id, rank FROM specialization_candidates ORDER BY role_id, rank"
    ).fetchall()
    # cert-a is the floor; cert-c (5/10) is common everywhere (conc 0.33, lift 0.67); eco-any is
    # generic; cert-d has 2 adverts; cert-b 4/10 (conc 0.8) beats cert-e 3/10 (conc 1.0, lift 2).
    assert cands == [("da", "cert-b", 1), ("da", "cert-e", 2)]
    picks = wh.con.execute(
        "SELECT role_id, credential_id, recall FROM specialization_signals"
    ).fetchall()
    assert picks == [("da", "cert-b", 0.4)]


def test_specialization_needs_ten_adverts(wh):
    rows = [_row(f"d{i}", "da") for i in range(9)]
    wh.write_batch(1, rows, [_m(f"d{i}", "cert-b") for i in range(4)])
    assert wh.con.execute("SELECT count(*) FROM specialization_signals").fetchone()[0] == 0


def test_ecosystem_rollup_counts_an_advert_once(wh):
    rows = [_row(f"d{i}", "da") for i in range(10)] + [_row("d10", "da", cluster="d0")]
    ms = [_m(f"d{i}", "cert-a") for i in (0, 1, 2)] + [_m(f"d{i}", "cert-b") for i in (2, 3, 4)]
    ms += [_m("d5", "eco-any", "preferred"), _m("d6", "cert-c"), _m("d10", "cert-b")]
    wh.write_batch(1, rows, ms)
    got = {
        r[0]: r[1:]
        for r in wh.con.execute(
            "SELECT ecosystem, credentials, postings_with, postings_required, clusters_total, "
            "recall, ci_low, is_floor, borderline FROM ecosystem_recall WHERE role_id = 'da'"
        ).fetchall()
    }
    # eco: adverts d0..d5 = 6/10 (d10 is d0 again); required in d0..d4 only; no single
    # credential of eco reaches 60% (3/10 each), the ecosystem does.
    assert got["eco"][:5] == (3, 6, 5, 10, 0.6)
    assert got["eco"][5] == pytest.approx(0.3127, abs=1e-4)
    assert got["eco"][6:] == (True, True)
    assert got["other"][:5] == (1, 1, 1, 10, 0.1) and got["other"][6] is False
    assert wh.con.execute("SELECT count(*) FROM floor_signals").fetchone()[0] == 0


def test_active_window(wh):
    today = datetime.now(UTC).date()
    ago = lambda days: (today - timedelta(days=days)).isoformat()  # noqa: E731
    r1 = wh.start_refresh({}, "cat", "ext")
    old = [
        _row("recent", "da", posted=ago(10)),
        _row("edge-in", "da", posted=ago(179) + "T08:00:00Z"),
        _row("edge-out", "da", posted=ago(181)),
        _row("stale", "da", posted=ago(400)),
        _row("undated", "da"),
        _row("garbage-date", "da", posted="last week"),
    ]
    wh.write_batch(r1, old, [_m("stale", "cert-a")])
    r2 = wh.start_refresh({}, "cat", "ext")
    wh.write_batch(r2, [_row("seen", "da", posted=ago(999))], [_m("seen", "cert-a")])

    def active():
        return {r[0] for r in wh.con.execute("SELECT posting_id FROM active_postings").fetchall()}

    assert active() == {"seen", "recent", "edge-in"}
    assert wh.con.execute(
        "SELECT postings_with, clusters_total FROM role_credential_recall"
    ).fetchall() == [(1, 3)]
    wh.con.execute("UPDATE settings SET value = '500' WHERE key = 'active_window_days'")
    assert active() == {"seen", "recent", "edge-in", "edge-out", "stale"}
    wh.con.execute("UPDATE settings SET value = NULL WHERE key = 'active_window_days'")
    assert len(active()) == 7


def test_without_any_refresh_every_posting_counts(wh):
    wh.write_batch(1, [_row("a", "da", posted="2001-01-01")], [])
    wh.write_batch(2, [_row("b", "da")], [])
    assert wh.con.execute("SELECT count(*) FROM active_postings").fetchone()[0] == 2


def test_snapshot_tiers_and_floor_changes(wh):
    _two_roles(wh)
    r1 = wh.start_refresh({}, "cat", "ext")
    # every posting seen in refresh r1
    wh.con.execute("UPDATE postings SET last_refresh_id = ?", [r1])
    assert wh.write_snapshot(r1) == wh.write_snapshot(r1)  # re-run replaces, never duplicates
    tiers = dict(
        wh.con.execute(
            "SELECT credential_id, tier FROM signal_snapshots WHERE role_id = 'da'"
        ).fetchall()
    )
    assert tiers == {
        "cert-a": "floor",
        "cert-b": "specialization",
        "cert-c": "other",
        "cert-d": "other",
        "cert-e": "other",
        "eco-any": "other",
    }
    assert wh.con.execute("SELECT count(*) FROM floor_changes").fetchone()[0] == 0
    # Next refresh: cert-a drops to 5/10 (leaves the floor), cert-e rises to 6/10 (enters).
    r2 = wh.start_refresh({}, "cat", "ext")
    wh.con.execute(
        "DELETE FROM mentions WHERE posting_id IN ('d5', 'd6') AND credential_id = 'cert-a'"
    )
    wh.con.execute(
        "INSERT INTO mentions SELECT posting_id, 'cert-e', type, strength, surface, start_char, "
        "end_char, method, score, section, candidate_key FROM mentions "
        "WHERE credential_id = 'cert-a' AND posting_id IN ('d0', 'd1', 'd2')"
    )
    wh.con.execute("UPDATE postings SET last_refresh_id = ?", [r2])
    wh.write_snapshot(r2)
    got = {
        r[0]: r[1:]
        for r in wh.con.execute(
            "SELECT credential_id, change, tier_before, tier_after, recall_before, recall_after, "
            "from_refresh_id, to_refresh_id, move_rank FROM floor_changes WHERE role_id = 'da'"
        ).fetchall()
    }
    # cert-a, now 5/10 and only in da, becomes the specialization pick (5/10 beats cert-b 4/10).
    assert got["cert-a"][:5] == ("left", "floor", "specialization", 0.7, 0.5)
    assert got["cert-b"][:3] == ("same", "specialization", "other")
    assert got["cert-e"][:5] == ("entered", "other", "floor", 0.3, 0.6)
    assert got["cert-e"][5:] == (r1, r2, 1)  # the largest move: +0.3
    assert got["cert-c"][0] == "same"
    # An earlier pair by hand: the same comparison through the table macro.
    same = wh.con.execute(
        "SELECT count(*) FROM floor_changes_between(?, ?) WHERE change IN ('entered', 'left')",
        [r1, r2],
    ).fetchone()[0]
    assert same == 2
