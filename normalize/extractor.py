"""Posting text -> credential mentions with type, strength, method and score.

The one extraction function: `credfloor extract` and the refresh flow both call it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from credfloor.normalize import (
    cert_lists,
    degrees,
    fuzzy,
    person_licences,
    recognizer,
    scoped,
    shared_head,
)
from credfloor.normalize.cache import cached
from credfloor.normalize.catalog import (
    Catalog,
    catalog_dir,
    catalog_files,
    catalog_root,
    load_catalog,
)
from credfloor.normalize.catalog.triage import covering_keys, not_credential_phrases
from credfloor.normalize.cert_lists import CertificationLists
from credfloor.normalize.context import StrengthRules, sentence_bounds
from credfloor.normalize.degrees import bare_degree_hits, level_phrase_hits
from credfloor.normalize.fuzzy import FuzzyNames
from credfloor.normalize.matcher import CredentialMatcher, Hit
from credfloor.normalize.person_licences import PersonLicences
from credfloor.normalize.precision import PrecisionRules
from credfloor.normalize.recognizer import Recognized, Recognizer
from credfloor.normalize.records import Mention
from credfloor.normalize.scoped import ScopedGenerics
from credfloor.normalize.shared_head import SharedHeads
from credfloor.normalize.textfold import Literals, ascii_lower, fold, same_length_lower

EXTRACTOR_VERSION = "0.1.0"
# With no cue in the sentence and no heading above: postings list degrees, licenses and
# clearances as conditions of hire far more often than as asides (measured on the dev labels).
DEFAULT_STRENGTH = {
    "degree": "required",
    "license": "required",
    "clearance": "required",
    "certification": "required",
}
_EXPERIENCE_AFTER = re.compile(r"\s+(?:nursing\s+)?experience\b", re.I)


class Extractor:
    def __init__(self, catalog: Catalog | None = None, not_credentials: list[str] | None = None):
        """`not_credentials`: phrases reviewed as not a person's credential, never stored as
        unlisted candidates; None reads the bundled not_credentials.yaml."""
        self.catalog = catalog or load_catalog()
        if not_credentials is None:
            not_credentials = not_credential_phrases()
        self.matcher = CredentialMatcher(self.catalog)
        self.fuzzy = FuzzyNames(self.catalog)
        self.scoped = ScopedGenerics(self.catalog)
        self.cert_lists = CertificationLists(self.catalog)
        self.person_licences = PersonLicences(self.catalog)
        self.shared_heads = SharedHeads(self.catalog)
        self.precision = PrecisionRules(self.catalog)
        self.strength = StrengthRules()
        self.recognizer = Recognizer(self.catalog, covering_keys(not_credentials))
        # The reviewed list changes what is stored, so it is part of the version refreshes record.
        self._triage = hashlib.sha1("\n".join(sorted(not_credentials)).encode()).hexdigest()[:6]
        self.literals = Literals(
            degrees.LITERALS
            + fuzzy.LITERALS
            + scoped.LITERALS
            + cert_lists.LITERALS
            + person_licences.LITERALS
            + shared_head.LITERALS
            + recognizer.LITERALS
        )

    @property
    def version(self) -> str:
        return f"{EXTRACTOR_VERSION}+{self.catalog.version[:8]}.{self._triage}"

    def extract(self, posting_id: str, text: str, country: str | None = None) -> list[Mention]:
        """`country`: the posting's country when the source gives one (ISO code or name);
        without it the precision rules read UK postings from the text."""
        folded = fold(text)
        hits = self.matcher.find(text, folded)
        hits = [h for h in hits if not self._is_role_experience(text, h)]
        low = same_length_lower(text)
        found = self.literals.find(low, ascii_lower(text, folded))
        hits = hits + level_phrase_hits(text, hits, low, found)
        hits = hits + bare_degree_hits(text, hits, low, found)
        hits = hits + self.fuzzy.find(text, hits, low, found)
        hits = hits + self.scoped.find(text, hits, low, found)
        hits = hits + self.cert_lists.find(text, hits, low, found)
        hits = hits + self.person_licences.find(text, hits, low, found)
        hits = hits + self.shared_heads.find(text, hits, low, found)
        recognized = self.recognizer.find(text, hits, low, found)
        unlisted: list[Recognized] = []
        for r in recognized:
            if r.credential_id:
                hits.append(Hit(r.start, r.end, r.surface, r.credential_id, r.method, r.score))
            else:
                unlisted.append(r)
        hits = self._drop_shadowed_generics(text, sorted(hits, key=lambda h: h.start))
        hits, forced = self.precision.apply(text, hits, country)
        if not hits and not unlisted:
            return []
        # Catalog hits and unlisted candidates, in text order, share one strength pass.
        items = sorted(
            [(h.start, h.end, h.surface, h.credential_id, None, h.method, h.score) for h in hits]
            + [(r.start, r.end, r.surface, None, r, r.method, r.score) for r in unlisted],
            key=lambda x: x[0],
        )
        catalog = self.catalog
        defaults = [
            DEFAULT_STRENGTH[catalog[cid].type if cid else rec.type]
            for _, _, _, cid, rec, _, _ in items
        ]
        spans = [(x[0], x[1]) for x in items]
        strengths = self.strength.strengths(text, spans, defaults, low, folded.glued)
        if forced:
            strengths = [
                (forced.get(sp, st), sec) for sp, (st, sec) in zip(spans, strengths, strict=True)
            ]
        mentions = []
        for (start, end, surface, cid, rec, method, score), (strength, section) in zip(
            items, strengths, strict=True
        ):
            mentions.append(
                Mention(
                    posting_id=posting_id,
                    credential_id=cid,
                    type=catalog[cid].type if cid else rec.type,
                    strength=strength,
                    surface=surface,
                    start=start,
                    end=end,
                    method=method,
                    score=score,
                    section=section,
                    candidate_key=None if cid else rec.candidate_key,
                )
            )
        return mentions

    def extract_many(self, items: Iterable[tuple[str, str]]) -> Iterator[list[Mention]]:
        for posting_id, text in items:
            yield self.extract(posting_id, text)

    def _is_role_experience(self, text: str, hit: Hit) -> bool:
        """'one year of LPN experience' speaks of a job held, not a license asked for."""
        cred = self.catalog[hit.credential_id]
        return (
            cred.type == "license"
            and hit.surface.isupper()
            and bool(_EXPERIENCE_AFTER.match(text, hit.end))
        )

    def _drop_shadowed_generics(self, text: str, hits: list[Hit]) -> list[Hit]:
        """'AWS certification (e.g. SAA)' names a specific credential: the umbrella entry adds
        nothing. Any other entry of the ecosystem in the sentence shadows an '-any' entry,
        unless asked for on top of it ("one Salesforce certification, with Service Cloud
        preferred")."""
        generic = [h for h in hits if self.catalog[h.credential_id].generic]
        if not generic:
            return hits
        keep = []
        for h in hits:
            cred = self.catalog[h.credential_id]
            if cred.generic:
                lo, hi = sentence_bounds(text, h.start, h.end)
                if any(
                    o is not h
                    and lo <= o.start < hi
                    and o.credential_id != cred.id
                    and o.method != cert_lists.WITH_ITEM
                    and (not self.catalog[o.credential_id].generic or cred.id.endswith("-any"))
                    and self.catalog[o.credential_id].ecosystem == cred.ecosystem
                    for o in hits
                ):
                    continue
            keep.append(h)
        return keep


def _fingerprint(directory: Path) -> str:
    """Changes whenever the catalog data or the code that compiles it changes: every file of the
    catalog (credentials, profiles.yaml, roles.yaml and any file added later), named by its
    path so a moved file counts too."""
    digest = hashlib.sha1(EXTRACTOR_VERSION.encode())
    root = catalog_root(directory)
    for path in catalog_files(directory):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load_extractor(directory: Path | None = None) -> Extractor:
    """An Extractor for the catalog in `directory`, from a compiled cache when one is current.

    Building one (parse and validate ~1,400 YAML entries, fold ~11,000 keys, build the
    automaton) takes ~0.65 s; unpickling takes ~0.08 s, which matters for a short `extract` run.
    """
    directory = directory or catalog_dir()
    # The triage files sit beside the credentials, as the fingerprint's catalog files do.
    root = catalog_root(directory)
    return cached(
        "extractor",
        _fingerprint(directory),
        Extractor,
        lambda: Extractor(load_catalog(directory), not_credential_phrases(root)),
    )
