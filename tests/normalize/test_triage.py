"""Reviewed triage of credential-like phrases: not_credentials.yaml and variants.yaml load and
validate, `untriaged` reports exactly the undecided candidates, and (slow, needs ../shared) no
candidate named in >= 3 corpus postings is left untriaged."""

from __future__ import annotations

import gzip
import json

import pytest

from credfloor.normalize.catalog import CatalogError
from credfloor.normalize.catalog.triage import KINDS, load_decisions, untriaged
from tests.conftest import CORPUS


def test_bundled_decisions_load_and_cover_both_files(catalog):
    decisions = load_decisions(catalog)
    kinds = {d.kind for d in decisions.values()}
    assert "variant" in kinds and kinds - {"variant"} <= KINDS
    assert all(d.reason for d in decisions.values())
    assert decisions["soc 2 certified"].kind == "company-attestation"
    variant = next(d for d in decisions.values() if d.kind == "variant")
    assert variant.credential_id in catalog.credentials


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
            "- phrase: Zeta Company Certified\n  kind: company-attestation\n  reason: employer award\n",
            "- phrase: Zeta Widget Cert\n  credential: isc2-cissp\n  reason: a variant\n",
        ),
    )
    resolve = {"known thing certification": object()}.get
    candidates = [
        ("Zeta Company Certified", 9),  # decided: not a credential
        ("zeta widget  cert", 5),  # decided: a variant (compared by key)
        ("Known Thing Certification", 4),  # the resolver knows it
        ("Omega Gadget Certification", 3),  # undecided, frequent enough
        ("Rare Thing Certification", 2),  # below the threshold
    ]
    assert untriaged(candidates, lambda p: resolve(p.lower()), decisions, min_postings=3) == [
        ("Omega Gadget Certification", 3)
    ]


@pytest.mark.slow
def test_no_corpus_candidate_named_in_three_postings_is_untriaged(catalog):
    """Every credential-like phrase the resolver misses, named in >= 3 corpus postings, has a
    reviewed decision. Candidates come from triage.corpus_candidates (cue-word phrases); point it
    at the unlisted-credential recognizer when that lands."""
    if not CORPUS.exists():
        pytest.skip(f"shared corpus not available at {CORPUS}")
    from credfloor.normalize.catalog.triage import corpus_candidates
    from credfloor.normalize.resolve import NameResolver

    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        texts = [json.loads(line).get("description") or "" for line in fh]
    resolve = NameResolver(catalog).resolve
    candidates = corpus_candidates(texts, resolve, min_postings=3)
    assert candidates, "no candidates at all: the candidate finder is broken"
    assert untriaged(candidates, resolve, load_decisions(catalog)) == []
