"""Triage of credential-like phrases the catalog does not resolve: reviewed data, checked here.

A phrase that looks like a credential ("Great Place To Work Certified", "Enhanced DBS Certificate")
is either a credential or not. Two reviewed files beside the catalog record every decision:

- not_credentials.yaml: phrases that are NOT a person's credential, each with a kind and a reason
  (a company attestation, a facility accreditation, an organisation's name, generic wording ...);
- variants.yaml: phrases that ARE a catalog credential written in a way the resolver misses, each
  with the id it names (an alias to add to that entry).

Candidates are exactly what the pipeline stores as unlisted: the extractor's mentions with no
credential id, counted by their `candidate_key` (normalize/recognizer.py). A decision covers a
candidate when its phrase has the same candidate key ("DBS certificate" covers 'dbs') or the
same comparison key. A candidate a not_credentials.yaml decision covers is no longer stored:
the extractor drops it (`not_credential_phrases`, `covering_keys`). `untriaged` lists the
candidates no decision covers, so a test can require that every candidate named in enough
postings has been looked at.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from credfloor.normalize.catalog.loader import Catalog, CatalogError, norm_key

KINDS = {
    "company-attestation",  # the employer's certification: SOC 2, ISO 27001, Great Place to Work
    "facility-accreditation",  # a hospital's or lab's accreditation: Joint Commission, stroke centre
    "organisation",  # the name of a body or employer, not an award
    "generic-wording",  # no credential named: "obtain certification", "Professional/Vendor Certification"
    "jurisdiction-only",  # a place without the licence type: "Illinois license"
    "academic-award",  # an academic or school qualification outside the catalog's degree levels
    "background-check",  # a pre-employment check: Enhanced DBS, fingerprint clearance
    "immigration",  # visa sponsorship documents: Tier 2 Certificate of Sponsorship
    "document",  # an identity or vehicle document: birth certificate, MOT certificate
    "job-title",  # a post's title that reads like a credential
    "held-by-others",  # the licence of people the post serves or regulates: "TLC-licensed drivers"
}


@dataclass(frozen=True)
class Decision:
    phrase: str
    kind: str  # one of KINDS, or "variant" for variants.yaml
    reason: str
    credential_id: str | None = None  # variants only


def triage_dir() -> Path:
    return Path(__file__).parent


def load_decisions(catalog: Catalog, directory: Path | None = None) -> dict[str, Decision]:
    """Every reviewed decision, keyed by the phrase's comparison key. Raises CatalogError naming
    the file and entry for a missing field, an unknown kind, a duplicate phrase, a non-credential
    that the catalog resolves, a variant naming an unknown id, or a variant already folded into
    its entry (the catalog resolves it to that id)."""
    directory = directory or triage_dir()
    decisions: dict[str, Decision] = {}
    problems: list[str] = []
    for name, is_variant in (("not_credentials.yaml", False), ("variants.yaml", True)):
        for i, raw in enumerate(_entries(directory, name), 1):
            where = f"{name} entry {i}"
            if not isinstance(raw, dict) or not str(raw.get("phrase") or "").strip():
                problems.append(f"{where}: needs a phrase")
                continue
            phrase = str(raw["phrase"])
            where = f"{name} entry {i} ({phrase!r})"
            reason = str(raw.get("reason") or "").strip()
            if not reason:
                problems.append(f"{where}: needs a reason")
            if is_variant:
                cid = raw.get("credential")
                if cid not in catalog.credentials:
                    problems.append(f"{where}: credential {cid!r} is not a catalog id")
                elif cid in catalog.ids_for(phrase):
                    problems.append(
                        f"{where}: the catalog already resolves it to {cid}: delete it here"
                    )
                decision = Decision(phrase, "variant", reason, cid)
            else:
                kind = raw.get("kind")
                if kind not in KINDS:
                    problems.append(f"{where}: kind {kind!r} not in {sorted(KINDS)}")
                if catalog.ids_for(phrase):
                    problems.append(
                        f"{where}: the catalog resolves it to {sorted(catalog.ids_for(phrase))}"
                    )
                decision = Decision(phrase, str(kind), reason)
            key = norm_key(phrase)
            if key in decisions:
                problems.append(f"{where}: phrase already decided ({decisions[key].phrase!r})")
            decisions[key] = decision
    if problems:
        raise CatalogError(f"triage has {len(problems)} problem(s):\n  " + "\n  ".join(problems))
    return decisions


def _entries(directory: Path, name: str) -> list:
    """The entries of one triage file; none when it is absent."""
    import yaml

    path = directory / name
    if not path.is_file():
        return []
    try:
        data = yaml.safe_load(path.read_text("utf-8")) or []
    except yaml.YAMLError as exc:
        raise CatalogError(f"{name}: not valid YAML: {exc}") from exc
    if not isinstance(data, list):
        raise CatalogError(f"{name}: top level must be a list")
    return data


def not_credential_phrases(directory: Path | None = None) -> list[str]:
    """The phrases of not_credentials.yaml in `directory` (default: the bundled catalog's), for
    the extractor, which stores none of them as an unlisted candidate. Read without the checks
    of `load_decisions`, which needs the catalog (tests/normalize/test_triage.py runs them on
    the bundled files); an entry without a phrase is skipped."""
    entries = _entries(directory or triage_dir(), "not_credentials.yaml")
    return [str(e["phrase"]) for e in entries if isinstance(e, dict) and e.get("phrase")]


def covering_keys(phrases: Iterable[str]) -> set[str]:
    """The keys a candidate may carry to be covered by one of `phrases`: each phrase's
    comparison key and its candidate keys ("MOT certificate" -> 'mot certificate' and 'mot')."""
    from credfloor.normalize.recognizer import candidate_key, unlisted_key

    keys = set()
    for phrase in phrases:
        keys |= {norm_key(phrase), candidate_key(phrase), unlisted_key(phrase)} - {""}
    return keys


def decided_keys(decisions: dict[str, Decision]) -> set[str]:
    """The keys a candidate may carry to count as decided (`covering_keys` of every phrase)."""
    return set(decisions) | covering_keys(d.phrase for d in decisions.values())


def untriaged(
    candidates: Iterable[tuple],
    decisions: dict[str, Decision],
    resolve: Callable[[str], object | None] | None = None,
    min_postings: int = 3,
) -> list[tuple]:
    """The candidates ((phrase or candidate key, postings, ...) tuples) named in >= min_postings
    postings that have no reviewed decision and, given `resolve`, do not resolve to a catalog
    entry. The extractor's candidates resolve to nothing by construction: pass no `resolve`."""
    covered = decided_keys(decisions)
    return [
        c
        for c in candidates
        if c[1] >= min_postings
        and c[0] not in covered
        and norm_key(c[0]) not in covered
        and (resolve is None or resolve(c[0]) is None)
    ]


class Candidate(NamedTuple):
    key: str  # the recognizer's candidate_key, as stored on the unlisted mention
    postings: int
    example: str  # its most frequent surface


class CandidateTally:
    """Unlisted candidates counted over postings: each key once per posting, with the surfaces
    it was written as. The bench and the corpus test count the same way."""

    def __init__(self) -> None:
        self.postings: Counter[str] = Counter()
        self.surfaces: dict[str, Counter[str]] = {}

    def add(self, mentions: Iterable) -> None:
        """The mentions the extractor returned for one posting."""
        seen = set()
        for m in mentions:
            if m.credential_id is not None or not m.candidate_key:
                continue
            self.surfaces.setdefault(m.candidate_key, Counter())[" ".join(m.surface.split())] += 1
            if m.candidate_key not in seen:
                seen.add(m.candidate_key)
                self.postings[m.candidate_key] += 1

    def candidates(self, min_postings: int = 1) -> list[Candidate]:
        """Most postings first, then by key."""
        ranked = sorted(self.postings, key=lambda k: (-self.postings[k], k))
        return [
            Candidate(k, self.postings[k], self.surfaces[k].most_common(1)[0][0])
            for k in ranked
            if self.postings[k] >= min_postings
        ]


def corpus_candidates(
    items: Iterable[tuple[str, str]], extractor, min_postings: int = 3
) -> list[Candidate]:
    """The unlisted candidates the extractor stores for (posting id, text) items, named in
    >= min_postings of them."""
    tally = CandidateTally()
    for posting_id, text in items:
        tally.add(extractor.extract(posting_id, text))
    return tally.candidates(min_postings)
