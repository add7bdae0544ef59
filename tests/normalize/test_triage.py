"""Reviewed triage of credential-like phrases: not_credentials.yaml and variants.yaml load and
validate, `untriaged` reports exactly the undecided candidates, candidates are counted from the
extractor's unlisted mentions, and (needs ../shared) no unlisted candidate named in >= 3 corpus
postings is left untriaged."""

from __future__ import annotations

import pytest

from credfloor.normalize.catalog import CatalogError
from credfloor.normalize.catalog.triage import (
    KINDS,
    Candidate,
    corpus_candidates,
    load_decisions,
    untriaged,
)
from tests.conftest import CORPUS


def test_bundled_decisions_load(catalog):
    decisions = load_decisions(catalog)
    kinds = {d.kind for d in decisions.values()}
    assert kinds - {"variant"} <= KINDS and len(kinds - {"variant"}) >= 5
    assert all(d.reason for d in decisions.values())
    assert decisions["soc 2 certified"].kind == "company-attestation"
    # Variants wait in variants.yaml only until they are folded into their entry's aliases.
    assert all(
        d.credential_id in catalog.credentials for d in decisions.values() if d.credential_id
    )


def test_no_listed_non_credential_resolves_to_an_entry(catalog):
    listed = [d.phrase for d in load_decisions(catalog).values() if d.kind != "variant"]
    assert [p for p in listed if catalog.ids_for(p)] == []


def _write(tmp_path, not_credentials: str = "", variants: str = ""):
    (tmp_path / "not_credentials.yaml").write_text(not_credentials, encoding="utf-8")
    (tmp_path / "variants.yaml").write_text(variants, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("not_credentials", "variants", "message"),
    [
        ("- phrase: Foo certified\n  kind: company-attestation\n", "", "needs a reason"),
        ("- phrase: Foo certified\n  kind: nonsense\n  reason: x\n", "", "kind 'nonsense'"),
        ("- kind: document\n  reason: x\n", "", "needs a phrase"),
        ("- phrase: CISSP\n  kind: generic-wording\n  reason: x\n", "", "catalog resolves it"),
        ("", "- phrase: Foo cert\n  credential: no-such-id\n  reason: x\n", "not a catalog id"),
        ("", "- phrase: CISSP\n  credential: isc2-cissp\n  reason: x\n", "already resolves it"),
        (
            "- phrase: Foo certified\n  kind: document\n  reason: x\n",
            "- phrase: foo  CERTIFIED\n  credential: isc2-cissp\n  reason: y\n",
            "already decided",
        ),
        ("phrase: not a list\n", "", "must be a list"),
    ],
)
def test_bad_decisions_name_file_and_problem(catalog, tmp_path, not_credentials, variants, message):
    with pytest.raises(CatalogError, match=message):
        load_decisions(catalog, _write(tmp_path, not_credentials, variants))


def test_untriaged_keeps_only_frequent_undecided_unresolved(catalog, tmp_path):
    decisions = load_decisions(
        catalog,
        _write(
            tmp_path,
            "- phrase: Zeta Company Certified\n  kind: company-attestation\n  reason: employer award\n"
            "- phrase: Zorp certificate\n  kind: document\n  reason: a made-up document\n"
            "- phrase: Quux Widget Tender (QWT)\n  kind: job-title\n  reason: a made-up title\n",
            "- phrase: Zeta Widget Cert\n  credential: isc2-cissp\n  reason: a variant\n",
        ),
    )
    resolve = {"known thing certification": object()}.get
    candidates = [
        ("Zeta Company Certified", 9),  # decided: not a credential
        ("zeta widget  cert", 5),  # decided: a variant (compared by key)
        ("zorp", 5, "Zorp certificates"),  # decided, by the phrase's candidate key
        ("qwt", 4, "QWT"),  # decided, by the acronym the phrase spells out
        ("Known Thing Certification", 4),  # the resolver knows it
        ("Omega Gadget Certification", 3),  # undecided, frequent enough
        ("Rare Thing Certification", 2),  # below the threshold
    ]
    assert untriaged(candidates, decisions, lambda p: resolve(p.lower()), min_postings=3) == [
        ("Omega Gadget Certification", 3)
    ]
    assert len(untriaged(candidates, decisions)) == 2  # no resolver: the known one counts too


def test_candidates_are_the_extractors_unlisted_mentions(extractor):
    postings = [
        ("a", "Zorblax Cloud Architect certification required. Zorblax Cloud Architect certified."),
        ("b", "Must hold a Zorblax Cloud Architect Certificate and CISSP."),
        ("c", "Quillon Core Certified User preferred; CISSP required."),
    ]
    found = corpus_candidates(postings, extractor, min_postings=1)
    assert found[0] == Candidate(
        "zorblax cloud architect", 2, "Zorblax Cloud Architect certification"
    )
    assert [c.key for c in found] == ["zorblax cloud architect", "quillon core certified user"]
    assert corpus_candidates(postings, extractor, min_postings=2) == found[:1]


def _corpus_items():
    from credfloor.extract.records import Rejected
    from credfloor.extract.sources.files import read_path

    for item in read_path(CORPUS, guess_language=False):
        if not isinstance(item, Rejected):
            yield item.posting_id, item.text


@pytest.mark.slow
def test_no_corpus_candidate_named_in_three_postings_is_untriaged(catalog):
    """Every unlisted candidate the pipeline stores (the recognizer's candidate_key) that is named
    in >= 3 corpus postings is in the catalog or decided in not_credentials.yaml/variants.yaml.
    `bench/unlisted_candidates.py --tsv FILE` lists them all with an example each."""
    if not CORPUS.exists():
        pytest.skip(f"shared corpus not available at {CORPUS}")
    from credfloor.normalize.extractor import load_extractor

    # Every candidate, however rare: the ones decided not to be credentials are no longer
    # stored, so those named in >= 3 postings may well be none.
    candidates = corpus_candidates(_corpus_items(), load_extractor(), min_postings=1)
    assert candidates, "no candidates at all: the candidate finder is broken"
    left = untriaged(candidates, load_decisions(catalog), min_postings=3)
    assert left == [], "untriaged candidates (key, postings, example):\n" + "\n".join(
        f"  {c.key!r}  {c.postings}  {c.example!r}" for c in left
    )
