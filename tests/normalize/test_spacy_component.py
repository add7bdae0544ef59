"""The credfloor_credentials spaCy component (normalize/spacy_component.py)."""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest

spacy = pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def nlp(extractor):
    from credfloor.normalize.spacy_component import CredentialsComponent

    nlp = spacy.blank("en")
    nlp.add_pipe("credfloor_credentials")
    # The same catalog as the other tests, without reading the user's compiled cache.
    nlp.get_pipe("credfloor_credentials")._extractor = extractor
    assert isinstance(nlp.get_pipe("credfloor_credentials"), CredentialsComponent)
    return nlp


def test_factory_is_published_through_the_entry_point():
    names = {ep.name: ep.value for ep in entry_points(group="spacy_factories")}
    assert names["credfloor_credentials"] == (
        "credfloor.normalize.spacy_component:make_credentials_component"
    )


def test_spans_carry_id_type_and_strength(nlp):
    doc = nlp("Requirements: CISSP required. A Zorblax Widget License is preferred.")
    spans = {s.text: s for s in doc.spans["credentials"]}
    cissp = spans["CISSP"]
    assert (cissp.kb_id_, cissp.label_, cissp._.credential_strength) == (
        "isc2-cissp",
        "certification",
        "required",
    )
    assert cissp._.credential_candidate is None
    widget = spans["Zorblax Widget License"]
    assert (widget.kb_id_, widget.label_, widget._.credential_strength) == (
        "",
        "license",
        "preferred",
    )
    assert widget._.credential_candidate == "zorblax widget"


def test_spans_match_the_extractor(nlp, extractor):
    text = "BS in Computer Science and CompTIA Security+ required; AWS Certified Developer a plus."
    doc = nlp(text)
    got = [(s.start_char, s.end_char, s.kb_id_) for s in doc.spans["credentials"]]
    want = [(m.start, m.end, m.credential_id or "") for m in extractor.extract("", text)]
    assert got == want and got


def test_a_doc_without_credentials_gets_an_empty_group(nlp):
    doc = nlp("We sell kitchenware.")
    assert list(doc.spans["credentials"]) == []


def test_custom_spans_key():
    nlp = spacy.blank("en")
    nlp.add_pipe("credfloor_credentials", config={"spans_key": "creds"})
    assert nlp.get_pipe("credfloor_credentials").spans_key == "creds"
