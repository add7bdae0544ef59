"""Stack audit (normalize/stack.py): each warning with a positive and a negative case."""

import pytest

from credfloor.normalize.stack import Signal as S
from credfloor.normalize.stack import (
    audit,
    degree_ranks,
    earned_year_after,
    past_renewal,
    split_earned_year,
)

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


def test_overlap_groups_are_loaded_with_the_catalog(catalog):
    names = {name for name, _ in catalog.overlaps}
    assert "entry-level security" in names
    for _, ids in catalog.overlaps:
        assert all(cid in catalog.credentials for cid in ids)


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


@pytest.mark.parametrize(
    "degree", ["degree-master", "degree-mba", "degree-doctorate", "degree-jd", "degree-md"]
)
def test_every_degree_above_a_bachelor_covers_its_floor(catalog, degree):
    """A JD or MD holder is not told a bachelor's is missing: ranks come from the catalog."""
    result = run(catalog, [degree, "aws-solutions-architect-associate"])
    assert "degree-bachelor" in {s.credential_id for s in result.floor_have}
    assert "degree-bachelor" not in {c for c, _ in result.next_steps}
    assert "degree_gap" not in codes(result)


def test_lower_degrees_do_not_cover_a_bachelor_floor(catalog):
    for degree in ("degree-associate", "degree-high-school"):
        result = run(catalog, [degree])
        assert "degree-bachelor" in {s.credential_id for s in result.floor_missing}
        assert "degree_gap" in codes(result)


def test_degree_ranks_come_from_the_catalog(catalog):
    ranks = degree_ranks(catalog)
    # every degree of the catalog is ranked; nothing else is
    assert set(ranks) == {c.id for c in catalog if c.type == "degree"}
    assert ranks["degree-bachelor"] < ranks["degree-jd"] == ranks["degree-md"]
    assert ranks["degree-master"] < ranks["degree-doctorate"]


def test_unresolved_names_are_kept(catalog):
    result = run(catalog, ["comptia-a-plus"], unresolved=["Wizard Level 9"])
    assert result.unresolved == ["Wizard Level 9"]


def test_scatter(catalog):
    scattered = ["comptia-a-plus", "cisco-ccna", "aws-cloud-practitioner", "pmi-capm"]
    assert "scatter" in codes(run(catalog, scattered))
    laddered = ["comptia-a-plus", "comptia-network-plus", "comptia-security-plus", "cisco-ccna"]
    assert "scatter" not in codes(run(catalog, laddered))


def test_no_prerequisite_warning_for_a_recommended_order(catalog):
    # AWS recommends, but does not ask for, the Associate before the Professional; ISC2 never
    # asked a CISSP for an SSCP.
    assert "missing_prerequisite" not in codes(
        run(catalog, ["aws-solutions-architect-professional"])
    )
    assert "missing_prerequisite" not in codes(run(catalog, ["isc2-cissp"]))
    assert "skipped_foundation" not in codes(run(catalog, ["isc2-cissp"]))


def test_missing_prerequisite_names_what_the_issuer_asks_for(catalog):
    (w,) = [w for w in run(catalog, ["cncf-cks"]).warnings if w.code == "missing_prerequisite"]
    assert "cncf-cka" in w.evidence and "requires" in w.message
    assert "missing_prerequisite" not in codes(run(catalog, ["cncf-cka", "cncf-cks"]))


def test_missing_prerequisite_follows_the_chain_down(catalog):
    (w,) = [w for w in run(catalog, ["cfa-level-3"]).warnings if w.code == "missing_prerequisite"]
    assert "cfa-level-2" in w.evidence and "cfa-level-1" in w.evidence


def test_any_of_prerequisite_is_met_by_any_member(catalog):
    # Azure DevOps Engineer Expert: Azure Administrator OR Azure Developer Associate.
    expert = "microsoft-azure-devops-engineer-expert"
    (w,) = [w for w in run(catalog, [expert]).warnings if w.code == "missing_prerequisite"]
    assert "one of" in w.message
    for either in (
        "microsoft-azure-administrator-associate",
        "microsoft-azure-developer-associate",
    ):
        assert "missing_prerequisite" not in codes(run(catalog, [expert, either]))


def test_next_steps_say_required_or_recommended(catalog):
    signals = [S("cncf-cks", 8, 12, 0.667, 0.391, 0.862)]
    steps = dict(run(catalog, ["comptia-a-plus"], signals=signals).next_steps)
    assert steps["cncf-cka"] == "required before cncf-cks"
    signals = [S("aws-solutions-architect-professional", 8, 12, 0.667, 0.391, 0.862)]
    steps = dict(run(catalog, ["comptia-a-plus"], signals=signals).next_steps)
    assert steps["aws-solutions-architect-associate"].startswith("recommended before")


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


def test_weak_signal_for_attendance_only_courses_unless_the_role_names_them(catalog):
    assert catalog["aha-bls"].assessment == "attendance"
    assert "weak_signal" in codes(run(catalog, ["aha-bls"]))
    nursing = [S("aha-bls", 9, 12, 0.75, 0.47, 0.91)]
    assert "weak_signal" not in codes(run(catalog, ["aha-bls"], signals=nursing))


def test_weak_signal_for_unknown_issuers(catalog):
    result = run(catalog, ["comptia-a-plus"], unresolved=["Acme Cloud Ninja"])
    weak = [w for w in result.warnings if w.code == "weak_signal"]
    assert weak and weak[0].evidence == "Acme Cloud Ninja"
    assert "weak_signal" not in codes(run(catalog, ["comptia-a-plus"], unresolved=[]))


def test_stale_past_renewal(catalog):
    sec = catalog["comptia-security-plus"]
    assert sec.renewal_years == 3
    old = run(catalog, [sec.id], earned={sec.id: 2019}, as_of=2026)
    stale = [w for w in old.warnings if w.code == "stale"]
    assert len(stale) == 1 and "lapsed in 2022" in stale[0].message
    recent = run(catalog, [sec.id], earned={sec.id: 2024}, as_of=2026)
    assert "stale" not in codes(recent)
    assert "stale" not in codes(run(catalog, [sec.id]))  # no year given: nothing to say


def test_credentials_that_do_not_expire_are_never_past_renewal(catalog):
    fundamentals = catalog["microsoft-azure-fundamentals"]
    assert fundamentals.renewal_years == 0
    assert past_renewal(fundamentals, 2010, 2026) is None
    assert past_renewal(catalog["microsoft-azure-administrator-associate"], 2020, 2026) == 2021
    assert past_renewal(catalog["aws-cloud-practitioner"], 2024, 2026) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Security+ (2019)", ("Security+", 2019)),
        ("AZ-104 [earned 2023]", ("AZ-104", 2023)),
        ("MCSA: Windows Server 2016", ("MCSA: Windows Server 2016", None)),
        ("220-1101", ("220-1101", None)),
        ("  CCNA  ", ("CCNA", None)),
    ],
)
def test_split_earned_year(text, expected):
    assert split_earned_year(text) == expected


def test_earned_year_after_a_resume_mention():
    text = "CompTIA Security+, 2019\nAWS Cloud Practitioner\nBSc 2015"
    assert earned_year_after(text, len("CompTIA Security+")) == 2019
    aws_end = text.index("Practitioner") + len("Practitioner")
    assert earned_year_after(text, aws_end) is None  # the next line's year is not its year


def test_entry_level_specialization_stays_below_professional(catalog):
    signals = [
        S("aws-solutions-architect-associate", 8, 12, 0.667, 0.391, 0.862),
        S("aws-solutions-architect-professional", 5, 12, 0.417, 0.193, 0.680),
        S("aws-developer-associate", 3, 12, 0.25, 0.09, 0.53),
    ]
    assert (
        run(catalog, [], signals=signals).specialization.credential_id
        == "aws-solutions-architect-professional"
    )
    entry = run(catalog, [], signals=signals, level="entry")
    assert entry.specialization.credential_id == "aws-developer-associate"
    assert entry.level == "entry"


def test_stale_when_it_left_the_floor(catalog):
    left = {"comptia-a-plus"}
    assert "stale" in codes(run(catalog, ["comptia-a-plus"], left_floor=left))
    assert "stale" not in codes(run(catalog, ["comptia-network-plus"], left_floor=left))


def test_no_recommended_step_below_what_is_already_held(catalog):
    signals = [S("aws-solutions-architect-associate", 8, 12, 0.667, 0.391, 0.862)]
    steps = dict(run(catalog, ["aws-solutions-architect-professional"], signals=signals).next_steps)
    assert "aws-cloud-practitioner" not in steps
    steps = dict(run(catalog, ["comptia-a-plus"], signals=signals).next_steps)
    assert steps["aws-cloud-practitioner"].startswith("recommended before")
