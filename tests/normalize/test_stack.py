"""Stack audit (normalize/stack.py): each warning with a positive and a negative case."""

import pytest

from credfloor.normalize.stack import Signal as S
from credfloor.normalize.stack import _profiles, audit

CLOUD = [
    S("aws-solutions-architect-associate", 8, 12, 0.667, 0.391, 0.862),
    S("degree-bachelor", 8, 12, 0.667, 0.391, 0.862),
    S("cncf-cka", 5, 12, 0.417, 0.193, 0.680),
    S("microsoft-azure-administrator-associate", 4, 12, 0.333, 0.138, 0.609),
]


def codes(result):
    return {w.code for w in result.warnings}


def run(catalog, have, signals=CLOUD, **kw):
    return audit(catalog, "cloud-engineer", signals, have, **kw)


def test_overlap_group_ids_exist(catalog):
    for group in _profiles()["overlaps"]:
        for cid in group["ids"]:
            assert cid in catalog.credentials, cid


def test_floor_coverage_and_ladder_ordering(catalog):
    result = run(catalog, ["comptia-a-plus"])
    assert [s.credential_id for s in result.floor_missing] == [
        "aws-solutions-architect-associate",
        "degree-bachelor",
    ]
    steps = [c for c, _ in result.next_steps]
    # The foundation comes before the associate-level credential it leads to.
    assert steps.index("aws-cloud-practitioner") < steps.index("aws-solutions-architect-associate")
    assert result.specialization.credential_id == "cncf-cka"


def test_higher_degree_covers_the_bachelor_floor(catalog):
    result = run(catalog, ["degree-master", "aws-solutions-architect-associate"])
    assert {s.credential_id for s in result.floor_have} == {
        "aws-solutions-architect-associate",
        "degree-bachelor",
    }
    assert "degree_gap" not in codes(result)


def test_unresolved_names_are_kept(catalog):
    result = run(catalog, ["comptia-a-plus"], unresolved=["Wizard Level 9"])
    assert result.unresolved == ["Wizard Level 9"]


def test_scatter(catalog):
    scattered = ["comptia-a-plus", "cisco-ccna", "aws-cloud-practitioner", "pmi-capm"]
    assert "scatter" in codes(run(catalog, scattered))
    laddered = ["comptia-a-plus", "comptia-network-plus", "comptia-security-plus", "cisco-ccna"]
    assert "scatter" not in codes(run(catalog, laddered))


def test_skipped_foundation(catalog):
    assert "skipped_foundation" in codes(run(catalog, ["aws-solutions-architect-professional"]))
    full = [
        "aws-cloud-practitioner",
        "aws-solutions-architect-associate",
        "aws-solutions-architect-professional",
    ]
    assert "skipped_foundation" not in codes(run(catalog, full))


def test_missing_foundation_for_the_role_ecosystem(catalog):
    assert "missing_foundation" in codes(run(catalog, ["comptia-a-plus"]))
    assert "missing_foundation" not in codes(run(catalog, ["aws-cloud-practitioner"]))


def test_overlap(catalog):
    assert "overlap" in codes(run(catalog, ["comptia-a-plus", "google-it-support-certificate"]))
    assert "overlap" not in codes(run(catalog, ["comptia-a-plus", "comptia-network-plus"]))


def test_stale_retired(catalog):
    retired = next(c.id for c in catalog if c.status == "retired" and c.type == "certification")
    assert "stale" in codes(run(catalog, [retired]))
    assert "stale" not in codes(run(catalog, ["aws-cloud-practitioner"]))


@pytest.mark.parametrize(("n", "expected"), [(2, "count"), (4, None), (6, "count"), (8, "padding")])
def test_count_and_padding(catalog, n, expected):
    certs = [
        c.id
        for c in catalog
        if c.type == "certification" and not c.generic and c.ecosystem == "giac"
    ][:n]
    found = codes(run(catalog, certs)) & {"count", "padding"}
    assert found == ({expected} if expected else set())


def test_degree_gap(catalog):
    assert "degree_gap" in codes(run(catalog, ["aws-cloud-practitioner"]))
    assert "degree_gap" not in codes(run(catalog, ["degree-bachelor"]))
    no_degree_floor = [s for s in CLOUD if s.credential_id != "degree-bachelor"]
    assert "degree_gap" not in codes(run(catalog, ["comptia-a-plus"], signals=no_degree_floor))


def test_no_portfolio(catalog):
    assert "no_portfolio" in codes(run(catalog, ["comptia-a-plus"], portfolio=False))
    assert "no_portfolio" not in codes(run(catalog, ["comptia-a-plus"], portfolio=True))
    assert "no_portfolio" not in codes(run(catalog, ["comptia-a-plus"]))


def test_weak_signal(catalog):
    assert "weak_signal" in codes(run(catalog, ["google-it-support-certificate"]))
    assert "weak_signal" not in codes(run(catalog, ["comptia-a-plus"]))


def test_stale_when_it_left_the_floor(catalog):
    left = {"comptia-a-plus"}
    assert "stale" in codes(run(catalog, ["comptia-a-plus"], left_floor=left))
    assert "stale" not in codes(run(catalog, ["comptia-network-plus"], left_floor=left))
