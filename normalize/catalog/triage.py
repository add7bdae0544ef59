"""Triage of credential-like phrases the catalog does not resolve: reviewed data, checked here.

A phrase that looks like a credential ("Great Place To Work Certified", "Enhanced DBS Certificate")
is either a credential or not. Two reviewed files beside the catalog record every decision:

- not_credentials.yaml: phrases that are NOT a person's credential, each with a kind and a reason
  (a company attestation, a facility accreditation, an organisation's name, generic wording ...);
- variants.yaml: phrases that ARE a catalog credential written in a way the resolver misses, each
  with the id it names (an alias to add to that entry).

`untriaged` lists the candidates no decision covers, so a test can require that every candidate
named in enough postings has been looked at. Candidates come from `corpus_candidates` (the cue-word
phrases of normalize/suggest.py); a recognizer of unlisted credentials can supply them instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

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
    that the catalog resolves, or a variant naming an unknown id."""
    import yaml

    directory = directory or triage_dir()
    decisions: dict[str, Decision] = {}
    problems: list[str] = []
    for name, is_variant in (("not_credentials.yaml", False), ("variants.yaml", True)):
        path = directory / name
        if not path.is_file():
            continue
        try:
            data = yaml.safe_load(path.read_text("utf-8")) or []
        except yaml.YAMLError as exc:
            raise CatalogError(f"{name}: not valid YAML: {exc}") from exc
        if not isinstance(data, list):
            raise CatalogError(f"{name}: top level must be a list")
        for i, raw in enumerate(data, 1):
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


def untriaged(
    candidates: Iterable[tuple[str, int]],
    resolve: Callable[[str], object | None],
    decisions: dict[str, Decision],
    min_postings: int = 3,
) -> list[tuple[str, int]]:
    """(phrase, postings) of candidates named in >= min_postings postings that neither resolve to
    a catalog entry nor have a reviewed decision."""
    return [
        (phrase, n)
        for phrase, n in candidates
        if n >= min_postings and norm_key(phrase) not in decisions and resolve(phrase) is None
    ]


def corpus_candidates(
    texts: Iterable[str], resolve: Callable[[str], object | None], min_postings: int = 3
) -> list[tuple[str, int]]:
    """(phrase, postings) of credential-like phrases the resolver misses, from the cue-word
    patterns of normalize/suggest.py."""
    from credfloor.normalize.suggest import suggest_phrases

    found = suggest_phrases(texts, resolve, limit=1_000_000, min_postings=min_postings)
    return [(s.phrase, s.postings) for s in found]
