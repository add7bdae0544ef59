"""Reposts cluster together; different jobs of one employer stay apart."""

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credfloor.normalize.dedup import (
    _SENTENCE,
    _WORD,
    NUM_PERM,
    DedupItem,
    Signer,
    cluster_postings,
    fingerprint,
    fold,
    sentence_keys,
)

ACME_BLURB = (
    "Acme Health is a regional network of hospitals and clinics serving three states. "
    "We believe every patient deserves compassionate care delivered close to home. "
    "Acme Health is an equal opportunity employer and considers all qualified applicants "
    "without regard to race, color, religion, sex, national origin, disability or veteran status."
)
ACME_BENEFITS = (
    "Benefits include medical, dental and vision coverage from day one. "
    "We offer a retirement plan with an employer match and tuition reimbursement up to five "
    "thousand dollars a year. Paid time off starts at twenty days a year for full time staff."
)
AGENCY_BLURB = (
    "TopTalent Staffing has placed healthcare professionals with leading employers since 1998. "
    "Our recruiters answer the phone and know every client personally. "
    "Apply today and a recruiter will call you within one business day."
)

CLOUD_AD = [
    "We are looking for a cloud engineer to design, build and run our AWS landing zone and the "
    "shared platform that forty product teams deploy to every day.",
    "You will write Terraform modules for networking, identity and logging, review pull requests "
    "from other engineers and keep our infrastructure code tested and documented.",
    "You will be on call one week in six, lead post incident reviews and turn what we learn into "
    "automation so the same failure never wakes anyone up twice.",
    "Requirements: four years of experience operating production workloads on AWS, strong Linux "
    "and networking fundamentals, and fluency in Python or Go for tooling.",
    "The AWS Certified Solutions Architect Associate certification is required within six months "
    "of your start date and the Professional level is a plus.",
]
NURSE_AD = [
    "The medical surgical unit is a thirty two bed floor caring for adults after orthopedic, "
    "general and vascular surgery.",
    "As a registered nurse you will assess patients, administer medications, coordinate care with "
    "physicians and therapists and educate families before discharge.",
    "Requirements: an active state RN license, current BLS certification from the American Heart "
    "Association and one year of acute care experience.",
    "Twelve hour shifts with every third weekend and a rotating holiday schedule.",
]
ANALYST_AD = [
    "The finance team needs a data analyst to own the monthly revenue reporting and the "
    "dashboards that the executive team reads every Monday morning.",
    "You will write SQL against our Snowflake warehouse, build Tableau dashboards and explain "
    "variances to budget holders in plain language.",
    "Requirements: three years of SQL, experience with a BI tool and a bachelor's degree in a "
    "quantitative field.",
]


def _text(*parts) -> str:
    return "\n\n".join(parts)


def test_reworded_reposts_cluster_together():
    rng = random.Random(7)
    shuffled = CLOUD_AD[:]
    rng.shuffle(shuffled)
    items = [
        DedupItem(
            "a1", _text(ACME_BLURB, *CLOUD_AD, ACME_BENEFITS), "Acme Health", "Cloud Engineer"
        ),
        # agency repost: other boilerplate, paragraphs shuffled, a new title
        DedupItem(
            "a2",
            _text(AGENCY_BLURB, *shuffled),
            "TopTalent Staffing",
            "Sr. Cloud Engineer (AWS) - Remote",
        ),
        # exact copy, different spacing and case
        DedupItem(
            "a3", _text(ACME_BLURB, *CLOUD_AD, ACME_BENEFITS).upper(), None, "Cloud Engineer"
        ),
        DedupItem(
            "n1", _text(ACME_BLURB, *NURSE_AD, ACME_BENEFITS), "Acme Health", "RN - Med/Surg"
        ),
    ]
    clusters = cluster_postings(items)
    assert clusters["a1"] == clusters["a2"] == clusters["a3"] == "a1"
    assert clusters["n1"] == "n1"


def test_different_jobs_of_one_employer_stay_apart():
    items = [
        DedupItem(
            "c1", _text(ACME_BLURB, *CLOUD_AD, ACME_BENEFITS), "Acme Health", "Cloud Engineer"
        ),
        DedupItem(
            "n1", _text(ACME_BLURB, *NURSE_AD, ACME_BENEFITS), "Acme Health", "Registered Nurse"
        ),
        DedupItem(
            "d1", _text(ACME_BLURB, *ANALYST_AD, ACME_BENEFITS), "Acme Health", "Data Analyst"
        ),
        # same title, different unit: the shared blurb and benefits must not make them one advert
        DedupItem(
            "n2",
            _text(
                ACME_BLURB,
                "Our cardiac intensive care unit treats patients after open heart surgery and "
                "with advanced heart failure on mechanical support.",
                "As an ICU nurse you will titrate vasoactive drips, manage arterial lines and "
                "respond to rapid response calls across the hospital.",
                "Requirements: RN license, ACLS and BLS, and two years of critical care experience.",
                ACME_BENEFITS,
            ),
            "Acme Health",
            "Registered Nurse",
        ),
    ]
    clusters = cluster_postings(items)
    assert sorted(clusters.values()) == ["c1", "d1", "n1", "n2"]


def test_tuples_and_many_reposts():
    base = _text(*CLOUD_AD)
    items = [(f"p{i:02d}", base + f"\n\nReference {i}. Apply by Friday.") for i in range(30)]
    items.append(("z", _text(*NURSE_AD)))
    clusters = cluster_postings(items)
    assert len(set(clusters.values())) == 2
    assert clusters["p17"] == "p00"


def _two_step(text: str) -> list[bytes]:
    """fold's definition: split into sentences, then words (regexes over the str)."""
    sentences = [w for w in map(_WORD.findall, _SENTENCE.split(text.lower())) if w]
    return [" ".join(w).encode() for w in sentences]


# Sentence marks, word marks, whitespace beyond ASCII (\s in a str), letters whose lowercase is
# ASCII or longer (Kelvin sign, dotted I), other letters and a combining mark.
_FOLD_ALPHABET = (
    "ab1+#'.!?; \n\t\r\x0b\x1c\x85\xa0\u2003\u3000\u2022\u25cf\u25aaAZ\u212a\u0130\xe9\u0301"
)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_FOLD_ALPHABET, max_size=80))
def test_fold_is_sentences_then_words(text):
    """fold's byte operations give what splitting into sentences, then words, gives."""
    assert fold(text) == _two_step(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a b c d e.", "f g h i j k.", "l m.", "a b c d e!"]), max_size=8))
def test_fingerprint_keys_are_the_distinct_nonzero_sentence_keys(sentences):
    text = " ".join(sentences)
    want = [k for k in np.unique(sentence_keys(fold(text))).tolist() if k]
    assert fingerprint(text, None, None).sentence_keys == want


@pytest.mark.parametrize(
    "text",
    [
        "Own it.\u00a0Next one; then\u2003this? Yes!\x85Done",
        "C++ and C# skills; 'quoted' words +plus #tag it's fine.",
        "\u2022 bullet one\u25cf bullet two\u25aa three",
        "KELVIN \u212a and \u0130stanbul caf\xe9 na\u0308ive",
        "a.b.c 3.5 e.g.\tend... ok",
        "",
        "   .  ! ; ",
    ],
)
def test_fold_examples(text):
    assert fold(text) == _two_step(text)


def test_fold_knows_every_wide_space():
    """fold replaces whitespace past ASCII by its UTF-8 bytes: every character str's \\s
    matches there must be one of them."""
    import sys

    spaces = [chr(c) for c in range(0x80, sys.maxunicode + 1) if chr(c).isspace()]
    for c in spaces:
        assert fold(f"one two.{c}three") == [b"one two", b"three"], hex(ord(c))


def test_signer_minhash_is_datasketchs():
    """Signer computes datasketch's affine32 MinHash with its permutations, without its loop."""
    from datasketch import MinHash

    signer = Signer()
    template = MinHash(num_perm=NUM_PERM)
    rng = np.random.default_rng(7)
    for n in (1, 2, 40, 500):
        hashes = np.unique(rng.integers(0, 2**32, n, dtype=np.uint64))
        reference = MinHash(
            num_perm=NUM_PERM,
            hashfunc=lambda x: x,
            permutations=template.permutations,
            scheme=template.scheme,
        )
        reference.update_batch(hashes)
        assert np.array_equal(signer.minhash(hashes), reference.hashvalues)
