"""fold(): the folding rules (case, dashes, spaces, "Security +"), and exact offsets back into the
original text.

Tests compare fold_key() of two spellings where they can, so they state the rule ("these two must
compare equal") rather than one exact folded string. "Security +" is matched through the catalog
side (fold_keys() of "Security+" includes the spaced spelling), so that rule is checked with
fold_keys() and Catalog.ids_for().
"""

from __future__ import annotations

import pytest

from credfloor.normalize.catalog import norm_key
from credfloor.normalize.textfold import fold, fold_key, fold_keys

# ---------------------------------------------------------------------------------------------
# Folding rules
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, folded",
    [
        ("security+", "security+"),
        ("SECURITY+", "security+"),
        ("SY0-701", "sy0 701"),
        ("SY0\u2013701", "sy0 701"),  # en dash
        ("Solutions Architect \u2013 Associate", "solutions architect associate"),
        ("Solutions Architect \u2014 Associate", "solutions architect associate"),  # em dash
        ("Bachelor\u2019s degree", "bachelor's degree"),  # curly apostrophe
        ("Bachelor\u2018s degree", "bachelor's degree"),
        ("C#", "c#"),
        ("AT&T", "at&t"),
        ("a  b\t\tc\n\nd", "a b c d"),
        ("a\u00a0b", "a b"),  # no-break space
        ("Certified: Azure", "certified azure"),
        ("cissp, cism; cisa.", "cissp cism cisa "),
    ],
)
def test_fold_text(text, folded):
    assert fold(text).text == folded


@pytest.mark.parametrize(
    "a, b",
    [
        ("security+", "SECURITY+"),
        ("Security +", "SECURITY\t+"),
        ("Security +", "Security  \t +"),
        ("Security +", "Security\n\n+"),
        (
            "AWS Certified Solutions Architect \u2013 Associate",
            "aws certified solutions architect - associate",
        ),
        (
            "AWS Certified Solutions Architect \u2013 Associate",
            "AWS Certified Solutions Architect Associate",
        ),
        ("Bachelor\u2019s degree", "bachelor's   degree"),
        ("SY0-701", "sy0 701"),
        ("SY0-701", "SY0\u2013701"),
        ("Top Secret / SCI", "TOP SECRET / SCI"),
        ("Master's\ndegree", "Master's degree"),
        ("  (CISSP)  ", "cissp"),
    ],
)
def test_fold_key_equal(a, b):
    assert fold_key(a) == fold_key(b)


@pytest.mark.parametrize(
    "spelling", ["Security +", "Security  +", "Security\t+", "security \t\n +", "SECURITY +"]
)
def test_spaced_plus_is_a_key_of_the_plus_name(spelling):
    assert fold_key(spelling) in fold_keys("Security+")


@pytest.mark.parametrize(
    "spelling", ["Security+", "Security +", "Security  +", "Security\t+", "Sec+", "SECURITY PLUS"]
)
def test_spaced_plus_resolves_in_catalog(catalog, spelling):
    assert catalog.ids_for(spelling) == {"comptia-security-plus"}


def test_fold_keys_include_plain_key():
    for name in ("CompTIA Security+", "ServiceNow", "Bachelor’s degree", "TS/SCI"):
        assert fold_key(name) in fold_keys(name)
        assert fold_key(name.lower()) in fold_keys(name)


@pytest.mark.parametrize(
    "a, b",
    [("Security+", "Security"), ("C#", "C"), ("A+", "A"), ("Network+", "Network")],
)
def test_fold_key_keeps_meaningful_symbols(a, b):
    assert fold_key(a) != fold_key(b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Health & Social Care", "Health and Social Care"),
        ("NURSING & MIDWIFERY COUNCIL", "Nursing and Midwifery Council"),
        (
            "Leadership and Management in Health & Social Care",
            "Leadership & Management in Health and Social Care",
        ),
    ],
)
def test_a_lone_ampersand_is_the_word_and(a, b):
    assert fold_key(a) == fold_key(b)


@pytest.mark.parametrize(
    "a, b", [("AT&T", "AT and T"), ("C&G 2391", "C and G 2391"), ("R&D", "RD")]
)
def test_an_ampersand_inside_a_word_is_kept(a, b):
    assert fold_key(a) != fold_key(b)


def test_fold_keys_spell_each_and_both_ways_for_the_scan():
    """Posting text is scanned unfolded for '&': the catalog's keys carry both spellings."""
    keys = fold_keys("Leadership and Management in Health & Social Care")
    assert {
        "leadership and management in health and social care",
        "leadership & management in health & social care",
        "leadership and management in health & social care",
        "leadership & management in health and social care",
    } <= keys
    assert fold_keys("Anderson Band Certificate") == {"anderson band certificate"}


def test_fold_key_strips_edges():
    assert fold_key("  (CISSP)  ") == "cissp"
    assert fold_key("---") == ""
    assert fold_key("") == ""


def test_norm_key_applies_nfkc():
    assert norm_key("\uff33\uff25\uff23\uff0b") == fold_key("SEC+")  # full-width "SEC+"
    assert norm_key("Security\u2009+") == fold_key("Security +")  # thin space


def test_fold_is_lowercase():
    assert fold("CISSP AND PMP REQUIRED").text == "cissp and pmp required"


def test_fold_identity_offsets_when_nothing_squeezed():
    text = "cissp-pmp/sy0-701:or-security+.required."
    f = fold(text)
    assert len(f.text) == len(text)
    assert all(f.to_original(i) == i for i in range(len(f.text)))


def test_fold_dotted_capital_i_keeps_length():
    text = "\u0130stanbul CISSP"  # 'İ'.lower() is two characters
    f = fold(text)
    i = f.text.index("cissp")
    assert text[slice(*f.span_to_original(i, i + 5))] == "CISSP"


# ---------------------------------------------------------------------------------------------
# Offsets back into the original text
# ---------------------------------------------------------------------------------------------


def _span(text: str, key: str, occurrence: int = 0) -> str:
    """The original text under the `occurrence`-th match of `key` in fold(text)."""
    f = fold(text)
    pos = -1
    for _ in range(occurrence + 1):
        pos = f.text.index(key, pos + 1)
    start, end = f.span_to_original(pos, pos + len(key))
    return text[start:end]


@pytest.mark.parametrize(
    "text, key, original",
    [
        ("Need   Security    Plus now", "security plus", "Security    Plus"),
        ("Need   sec +  now", fold_key("sec +"), "sec +"),
        ("x\t\tSecurity\t+\t\ty", fold_key("Security +"), "Security\t+"),
        ("x\t\tSecurity+\t\ty", fold_key("Security+"), "Security+"),
        (
            "line one\n\n\nBachelor\u2019s   degree\n\nrequired",
            "bachelor's degree",
            "Bachelor\u2019s   degree",
        ),
        (
            "AWS Certified Solutions Architect \u2013 Associate!",
            "solutions architect associate",
            "Solutions Architect \u2013 Associate",
        ),
        ("SY0\u2013701 and  SY0 - 601", "sy0 601", "SY0 - 601"),
        ("SY0\u2013701 and  SY0 - 601", "sy0 701", "SY0\u2013701"),
        ("  \t\n  TS   SCI  \n", "ts sci", "TS   SCI"),
        ("a \u2013 \u2013 \u2013 b", "a b", "a \u2013 \u2013 \u2013 b"),
        ("CISSP\n\n\n\nCISM", "cissp cism", "CISSP\n\n\n\nCISM"),
        ("   leading", "leading", "leading"),
        ("trailing   ", "trailing", "trailing"),
        (
            "Master\u2019s\t\t\tdegree \u2013 preferred",
            "master's degree",
            "Master\u2019s\t\t\tdegree",
        ),
        ("Master\u2019s\t\t\tdegree \u2013 preferred", "preferred", "preferred"),
        # a '+' glued to a capital ends the word: scraped lists lose their separators
        ("in CompTIA A+Accreditation", "a+", "A+"),
        ("in CompTIA A+Accreditation", "accreditation", "Accreditation"),
        ("Server+ITIL Foundation", "itil foundation", "ITIL Foundation"),
    ],
)
def test_span_to_original_exact(text, key, original):
    assert _span(text, key) == original


def test_span_to_original_second_occurrence_after_runs():
    text = "PMP  \t  or\n\n\nPMP \u2013  required"
    f = fold(text)
    first = f.text.index("pmp")
    second = f.text.index("pmp", first + 1)
    assert f.span_to_original(first, first + 3) == (0, 3)
    assert f.span_to_original(second, second + 3) == (text.rindex("PMP"), text.rindex("PMP") + 3)
    req = f.text.index("required")
    assert f.span_to_original(req, req + 8) == (text.index("required"), len(text))


def test_every_non_space_folded_character_maps_to_its_original():
    text = "Bachelor\u2019s \t degree \u2013\u2013 security  + , ms/bs\n\n\nin  stats\u00a0\u00a0!"
    f = fold(text)
    for i, ch in enumerate(f.text):
        o = f.to_original(i)
        assert 0 <= o < len(text)
        if ch not in " '":  # an apostrophe folds by context (inside a word or not)
            assert fold(text[o]).text == ch, (i, ch, o, text[o])
        if ch == "'":
            assert text[o] in "'\u2019"


def test_to_original_is_strictly_increasing():
    text = "a  b\t\t\tc \u2013 d  +e\n\n f"
    f = fold(text)
    mapped = [f.to_original(i) for i in range(len(f.text))]
    assert all(x < y for x, y in zip(mapped, mapped[1:], strict=False))


@pytest.mark.parametrize(
    "text, folded",
    [
        ("A+Accreditation", "a+ accreditation"),
        ("Server+ITIL", "server+ itil"),
        ("C++Java", "c++ java"),
        ("data +Analytics", "data +analytics"),  # a spaced '+' is prose, left alone
        ("A+b", "a+b"),  # only a capital opens a new word
    ],
)
def test_plus_glued_to_a_capital_ends_the_word(text, folded):
    f = fold(text)
    assert f.text == folded
    assert f.glued == ()  # lower->upper changes only: the heading rules read these


def test_a_possessive_apostrophe_lost_to_a_bad_decoding_folds_as_one():
    assert fold("Valid Driver\ufffds License").text == "valid driver's license"
    assert fold("Master\ufffds degree").text == "master's degree"


def test_other_replacement_characters_stay_spaces():
    assert fold("skills \ufffd teamwork \ufffdsafety").text == "skills teamwork safety"
