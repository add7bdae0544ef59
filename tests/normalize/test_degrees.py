"""Degree levels (labelling rules, shared/corpus/gold/README.md: "degree"): the general forms a
posting uses to name a level, each with positive and negative examples written for this file.
Asserts on credential-id sets and strengths."""

from __future__ import annotations

import pytest

from credfloor.normalize.degrees import level_phrase_hits
from tests.normalize.mentions import ids, strengths

A, B, M, D = "degree-associate", "degree-bachelor", "degree-master", "degree-doctorate"
HS, MBA = "degree-high-school", "degree-mba"


# The forms the extractor already read before issue 17's degree work, kept as a net.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Bachelor's or Master's degree in Engineering", {B, M}),
        ("BS/MS in Computer Science", {B, M}),
        ("BA/BS required", {B}),
        ("B.Sc. in Physics", {B}),
        ("MSc in Data Science", {M}),
        ("MBA preferred", {MBA}),
        ("PhD/DPhil in Mathematics", {D}),
        ("A doctorate in Chemistry is required", {D}),
        ("Masters in Computer Science preferred", {M}),
        ("4-year degree required", {B}),
        ("Undergraduate degree in Business", {B}),
        ("Graduate degree preferred", {M}),
        ("Postgraduate qualification in Oncology", {M}),
        ("HS diploma required", {HS}),
        ("GED or equivalent", {HS}),
        ("Degree level or equivalent experience", {B}),
        ("Educated to degree level", {B}),
        ("Associate degree in nursing (ADN) required", {A}),
        ("BSN required; MSN preferred", {B, M}),
        ("DNP preferred", {D}),
        ("Requirements:requiredBachelor's degree in Accounting", {B}),
        ("ADN or BSN required", {A, B}),
    ],
)
def test_known_forms(extractor, text, expected):
    assert ids(extractor, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # The associate shares the other level's "degree".
        ("Associate or Bachelor's degree in Nursing", {A, B}),
        ("Associates or Bachelors degree preferred", {A, B}),
        ("Associate\u2019s/Bachelor\u2019s degree preferred", {A, B}),
        ("Associate's or BS in Computer Science", {A, B}),
        ("QualificationsAssociate or Bachelor's degree", {A, B}),
        ("Associate's of Nursing [Required]", {A}),
        # A job board's education field.
        ("Education: Associate (Required)", {A}),
        ("Education:Associate (Preferred)", {A}),
        # Two-year colleges award the associate; "college degree" alone stays a bachelor's.
        ("Two-year college degree required", {A}),
        ("2-year college degree", {A}),
        ("a community college degree", {A}),
        ("Graduation from an accredited community college plus two years of experience", {A}),
        ("College degree preferred", {B}),
    ],
)
def test_associate_forms(extractor, text, expected):
    assert ids(extractor, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Sales Associate's earn an hourly wage and commission",
        "Our associates and managers work together",
        "Sales Associate (Required)",  # a job, not the education field
        "Sales Associate, Bachelor's degree preferred",
        "Research Associate or Bachelor's level analyst",
        "Associate-Level Analysts will support the team",
        "We are an AA/EEO employer",
        "AA/EOE",
        "We partner with community colleges across the state",
        "Graduates from a community college or university are welcome",
    ],
)
def test_not_an_associate_degree(extractor, text):
    assert A not in ids(extractor, text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Masters preferred", {M}),
        ("Statistics or a related field; masters preferred", {M}),
        ("Master\u2019s required", {M}),
        ("Masters of Science in Data Analytics", {M}),
        ("Masters of Business Administration", {MBA}),
        ("Educated to Master level", {M}),
        ("Applicants should be educated to Masters level", {M}),
        ("A masters-level qualification or extensive experience", {M}),
        ("Doctoral level training in Clinical Psychology", {D}),
        ("A Doctorate Level Qualification (or equivalent)", {D}),
        ("A graduate or higher-level degree from an accredited school", {M}),
        ("A post-graduate qualification in CT is desirable", {M}),
    ],
)
def test_master_and_doctorate_forms(extractor, text, expected):
    assert ids(extractor, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Scrum Masters preferred",
        "Master Data Management experience",
        "You will be working at Masters level from day one",
        "Ability to teach doctoral-level research methods courses",
        "Certified ScrumMaster (CSM) preferred",
    ],
)
def test_not_a_master_or_doctorate(extractor, text):
    assert not ids(extractor, text) & {M, D}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Education: High school or equivalent (Required)", {HS}),
        ("High school or its equivalent", {HS}),
        ("Graduation from high school, or possession of a G.E.D.", {HS}),
        ("Completed secondary school", {HS}),
        ("high school diploma or GED", {HS}),
    ],
)
def test_high_school_forms(extractor, text, expected):
    assert ids(extractor, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We visit primary and secondary schools across the county",
        "Mentor high school students in the summer",
        "Graduates of our apprenticeship programme",
    ],
)
def test_not_a_high_school_diploma(extractor, text):
    assert ids(extractor, text) == set()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Degree educated", {B}),
        ("We hire degree-educated candidates", {B}),
    ],
)
def test_level_less_degree_forms(extractor, text, expected):
    assert ids(extractor, text) == expected


def test_a_levels_and_nvq_are_not_degree_levels(extractor):
    # Labelling rules: NVQs are certifications; A-levels are school qualifications below the
    # catalog's degree levels.
    found = extractor.extract("p", "3 A-levels and an NVQ Level 3 in Health and Social Care")
    assert {m.type for m in found} <= {"certification"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Associate or Bachelor's degree preferred", {A: "preferred", B: "preferred"}),
        ("Education: Associate (Required)", {A: "required"}),
        ("Bachelor's degree required, Masters preferred", {B: "required", M: "preferred"}),
        # "plus" that adds an amount joins two requirements; it is not "a plus".
        ("Bachelor's degree plus two years of experience", {B: "required"}),
        ("Bachelor's degree plus 2 years of experience", {B: "required"}),
        ("MBA a plus", {MBA: "preferred"}),
        ("MBA a plus 5 years of experience", {MBA: "preferred"}),
    ],
)
def test_degree_strength(extractor, text, expected):
    assert strengths(extractor, text) == expected


def test_level_phrase_hits_skip_catalog_spans():
    """A rule hit overlapping a span the catalog matched adds nothing."""
    from credfloor.normalize.matcher import Hit

    text = "Master's (Required)"
    taken = [Hit(0, 8, "Master's", M, "ambiguous_alias")]
    assert level_phrase_hits(text, taken) == []
    assert [h.credential_id for h in level_phrase_hits(text, [])] == [M]


@pytest.mark.parametrize(
    "text, expected",
    [
        # "degree" right after a named level closes that level: no extra bachelor's.
        ("Juris Doctorate degree from an ABA-accredited law school", {"degree-jd"}),
        ("MSc degree in a quantitative science", {M}),
        ("Master of Science degree in Nursing", {M}),
        ("MSN degree from an accredited graduate school", {M}),
        ("MS/MA degree in bioengineering", {M}),
        # Not right after it: the level-less reading stays.
        ("MBA or degree in Finance", {MBA, B}),
        ("MSc, or a degree in Physics with experience", {M, B}),
    ],
)
def test_degree_word_after_a_level(extractor, text, expected):
    assert ids(extractor, text) == expected
