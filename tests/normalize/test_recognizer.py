"""The recognizer (normalize/recognizer.py): credentials the catalog lacks are kept as
candidates, known ones are not guessed past the catalog's own rules, and lists expand."""

from __future__ import annotations

import pytest

from credfloor.normalize.recognizer import candidate_key


def unlisted(extractor, text: str) -> dict[str, str]:
    return {
        m.candidate_key: m.strength for m in extractor.extract("p", text) if m.credential_id is None
    }


def ids(extractor, text: str) -> set[str]:
    return {m.credential_id for m in extractor.extract("p", text) if m.credential_id}


@pytest.mark.parametrize(
    "text, key",
    [
        ("Zorblax Cloud Architect certification is required.", "zorblax cloud architect"),
        ("Must be Certified Widget Integration Professional (CWIP).", "cwip"),
        ("Preferred: QBAP and/or CSPO Certification", "qbap"),
        ("QRZX-certified engineers preferred.", "qrzx"),
        (
            "Candidates should hold the Quillon Core Certified User credential.",
            "quillon core certified user",
        ),
        ("Chartered Widgetologist status required.", "chartered widgetologist"),
        ("Pass exam QX-907 within 90 days.", "qx 907"),
        ("Active Blorf Clearance required.", "blorf clearance"),
    ],
)
def test_unlisted_credential_is_kept_with_a_key(extractor, text, key):
    found = unlisted(extractor, text)
    assert key in found, found


def test_unlisted_mention_has_type_strength_and_no_id(extractor):
    ms = [m for m in extractor.extract("p", "Zorblax Data Wrangler certification preferred.")]
    (m,) = [m for m in ms if m.credential_id is None]
    assert (m.type, m.strength, m.method) == ("certification", "preferred", "unlisted")
    assert m.surface == "Zorblax Data Wrangler certification"
    lic = [m for m in extractor.extract("p", "Requires a Zorblax Widget License.")]
    assert [m.type for m in lic if m.credential_id is None] == ["license"]


@pytest.mark.parametrize(
    "text",
    [
        "We are ISO 27001 certified and Great Place to Work certified.",
        "Our hospital is Joint Commission accredited.",
        "Must hold a valid State License.",
        "Louisiana License required.",
        "Professional Certification preferred.",
        "Our Certified Primary Stroke Center serves the region.",
        "See the Registration Verification Policy.",
        "we pay for certifications and training",
    ],
)
def test_not_credentials_are_not_candidates(extractor, text):
    assert unlisted(extractor, text) == {}


def test_catalog_names_are_not_candidates(extractor):
    text = "CISSP certification and AWS Certified Solutions Architect - Associate required."
    assert unlisted(extractor, text) == {}
    assert {"isc2-cissp"} <= ids(extractor, text)


def test_acronym_alone_does_not_pick_an_entry_the_name_disagrees_with(extractor):
    """ "Certified Analytics Professional (CAP)" is INFORMS's, not ISC2's CAP (now CGRC)."""
    text = "Certified Analytics Professional (CAP) preferred."
    found = ids(extractor, text)
    assert "isc2-cgrc" not in found
    # The catalog lists INFORMS's CAP: the name and its acronym agree on it.
    assert "informs-cap" in found


def test_an_unlisted_name_is_counted_under_the_acronym_it_spells_out(extractor):
    text = "Certified Quorvane Modelling Professional (CQMP) preferred."
    assert "cqmp" in unlisted(extractor, text)


def test_plural_of_a_catalog_name_resolves(extractor, catalog):
    (cid,) = catalog.ids_for("Certified Nursing Assistant")
    text = "We hire Certified Nursing Assistants with a current certification."
    assert unlisted(extractor, text) == {}


def test_coordinated_acronyms_expand_and_keep_the_unknown_one(extractor, catalog):
    text = "CCNA/CCDA/CQZX certification required."
    assert {"cisco-ccna", "cisco-ccda"} <= ids(extractor, text)
    assert "cqzx" in unlisted(extractor, text)


def test_unlisted_keeps_clearance_and_drops_certification_words():
    assert candidate_key("TOGAF® 9 Certification") == "togaf 9"
    assert candidate_key("Enhanced DBS Clearance") == "enhanced dbs clearance"
    assert candidate_key("Certified Analytics Professional (CAP)") == (
        "certified analytics professional"
    )
    assert candidate_key("Valid License") == ""


def test_recognizer_adds_nothing_without_a_cue(extractor):
    text = "Zorblax Cloud Architect with Python, SQL and Tableau (BI) skills."
    assert extractor.extract("p", text) == []


def test_shared_words_expand_to_each_catalog_credential(extractor):
    text = "Microsoft Certified: Azure Administrator/Developer Associate required."
    found = {m.credential_id: m for m in extractor.extract("p", text)}
    assert {
        "microsoft-azure-administrator-associate",
        "microsoft-azure-developer-associate",
    } <= set(found)
    assert found["microsoft-azure-developer-associate"].surface == "Developer"


def test_unknown_coordinated_list_gives_one_candidate_per_item(extractor):
    text = "Zorblax (Storage/Network/Identity) Engineer certification preferred."
    assert set(unlisted(extractor, text)) == {
        "zorblax storage engineer",
        "zorblax network engineer",
        "zorblax identity engineer",
    }


# --- Reviewed non-credentials are not stored (issue 17) ---------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # Each is decided in normalize/catalog/not_credentials.yaml.
        "Successful applicants will need a DBS certificate.",
        "Nursing Diploma or BSN required.",
        "Applicants must hold a Certified IT Developer title.",
        "Drivers must be TLC-licensed.",
    ],
)
def test_reviewed_not_credentials_are_not_stored(extractor, text):
    assert unlisted(extractor, text) == {}


def test_the_not_credentials_list_is_what_decides(catalog):
    from credfloor.normalize.extractor import Extractor

    text = "Zorblax Cloud Architect certification is required."
    assert "zorblax cloud architect" in unlisted(Extractor(catalog, not_credentials=[]), text)
    # Covered as triage covers a candidate: by its candidate key, whatever the head word.
    decided = Extractor(catalog, not_credentials=["Zorblax Cloud Architect license"])
    assert unlisted(decided, text) == {}
    # Another candidate in the same sentence is still kept.
    both = text + " Quillon Widget certification preferred."
    assert set(unlisted(decided, both)) == {"quillon widget"}


def test_a_repeated_window_is_read_by_spacy_once_with_the_same_phrases(extractor, monkeypatch):
    """Boilerplate repeats across postings: a window already read gives its phrases again (at
    the new offsets) without spaCy; the memo is never pickled with the compiled extractor."""
    import pickle

    rec = extractor.recognizer
    text = "About us.\nPreferred: Zorblax Cloud Architect certification (ZCA)."
    first = rec.phrases(text)
    assert first
    monkeypatch.setattr(rec, "_window_phrases", lambda window: pytest.fail("read again"))
    shifted = rec.phrases("Hello there.\n" + text)
    assert shifted == [(s + 13, e + 13, label) for s, e, label in first]
    monkeypatch.undo()
    assert rec._windows and pickle.loads(pickle.dumps(rec))._windows == {}
