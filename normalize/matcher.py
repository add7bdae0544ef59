"""Find catalog credentials in text: a fast Aho-Corasick scan over folded text.

spaCy's tokenizer costs ~0.7 ms per posting here; scanning the whole text with an automaton costs
~0.04 ms, so the scan finds candidates and only their sentences get the slower context rules
(see context.py). Ambiguous short forms (CSM, CPA, MS) count only with a cue word nearby.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ahocorasick_rs import BytesAhoCorasick, Implementation

from credfloor.normalize.catalog import Catalog, Credential
from credfloor.normalize.textfold import Folded, fold, fold_keys

# Words that show a phrase is about a credential. Used for ambiguous forms with no cues of their own.
GENERIC_CUES = (
    "certified",
    "certification",
    "certifications",
    "certificate",
    "credential",
    "credentials",
    "license",
    "licence",
    "licensed",
    "licenced",
    "licensure",
    "designation",
    "exam",
    "holder",
    "accredited",
    "accreditation",
    "registration",
    "registered",
)
CUE_WINDOW = 80  # characters either side of the candidate, clipped to its sentence
DEGREE_CUE_BEFORE = 24
_CASE_SENSITIVE_FORM = re.compile(r"^[A-Z0-9+#/&.\- ]+$")
_ALNUM = re.compile(r"[^0-9A-Za-z]")


@dataclass(frozen=True)
class _Target:
    credential_id: str
    method: str
    case_sensitive: bool
    ambiguous: bool


@dataclass(frozen=True)
class Hit:
    """A catalog form found at an original-text span, before context rules."""

    start: int
    end: int
    surface: str
    credential_id: str
    method: str
    score: float = 1.0


# What may follow a comma inside one name: "Google Analytics, certification preferred".
_CREDENTIAL_NOUN = re.compile(
    r"(?:certifi(?:ed|cation|cations)|certificate|licen[cs]e[ds]?|licensure|registration|"
    r"registered|credential)$",
    re.I,
)


def _lists_items(surface: str) -> bool:
    """Whether a match that crosses a comma joins two items of a list ("OPT, CPT, I-20",
    "our network, plus"), not a name and its credential noun."""
    return not _CREDENTIAL_NOUN.match(surface.rsplit(",", 1)[1].strip())


def _is_short_acronym(form: str) -> bool:
    letters = _ALNUM.sub("", form)
    return (
        bool(_CASE_SENSITIVE_FORM.match(form)) and len(letters) <= 4 and letters.upper() == letters
    )


class CredentialMatcher:
    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        by_key: dict[str, dict[str, _Target]] = {}
        exact_forms: dict[str, set[str]] = {}
        # Keys of forms written with a comma ("Bachelor's degree, preferably"): only these may
        # match across one in the text.
        comma_keys: set[str] = set()
        for cred in catalog:
            for form, method in _forms(cred):
                case_sensitive = _is_short_acronym(form) or form in cred.case_sensitive_aliases
                target = _Target(
                    cred.id,
                    method,
                    case_sensitive=case_sensitive,
                    ambiguous=method == "ambiguous_alias",
                )
                for key in fold_keys(form):
                    if "," in form:
                        comma_keys.add(key)
                    if case_sensitive:
                        exact_forms.setdefault(key, set()).add(_ALNUM.sub("", form))
                    old = by_key.setdefault(key, {}).get(cred.id)
                    # The most permissive reading of a key wins: a plain alias beats an ambiguous one.
                    if old is None or (old.ambiguous, old.case_sensitive) > (
                        target.ambiguous,
                        target.case_sensitive,
                    ):
                        by_key[key][cred.id] = target
        _add_number_variants(catalog, by_key, exact_forms)
        self._keys = list(by_key)
        self._comma_keys = frozenset(i for i, k in enumerate(self._keys) if k in comma_keys)
        # Equal targets shared: ~11,000 objects are ~3,700 distinct ones, and each one fewer
        # is one fewer to rebuild when the compiled cache is unpickled (~15 ms of every start).
        shared: dict[_Target, _Target] = {}
        self._targets = [
            tuple(shared.setdefault(t, t) for t in by_key[k].values()) for k in self._keys
        ]
        self._exact = [exact_forms.get(k, frozenset()) for k in self._keys]
        # Keys that count only when spelled exactly: most spans the scan reports are these
        # ("as" for AS, Associate of Science: half of all spans), rejected by one set lookup.
        self._exact_only = [all(t.case_sensitive for t in targets) for targets in self._targets]
        self._automaton = _automaton(self._keys)
        # Cue words, not compiled patterns: a pickled pattern is recompiled when the cache is
        # loaded, and compiling all ~170 took ~0.08 s of every `extract` start. A run compiles
        # only the few its postings need (_has_cue).
        self._cue_words = {
            cred.id: _cue_words(cred.cues or GENERIC_CUES)
            for cred in catalog
            if cred.ambiguous_aliases
        }

    def __getstate__(self) -> dict:
        # The automaton cannot be pickled; rebuilding it from the keys takes ~20 ms.
        return {k: v for k, v in self.__dict__.items() if k != "_automaton"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._automaton = _automaton(self._keys)

    def find(self, text: str, folded: Folded | None = None) -> list[Hit]:
        """Catalog forms in `text`, leftmost-longest, each resolved to one credential.
        `folded`: fold(text) when the caller has it."""
        folded = folded or fold(text)
        ftext = b" " + folded.text.encode("ascii") + b" "
        # (start, -end, key): sorted, the longest match at each start comes first. Two spans
        # with the same start and end are the same key, so no order is left to chance.
        spans = [
            (start, 2 - end, key_idx)  # folded coordinates: the padding spaces excluded
            for key_idx, start, end in self._automaton.find_matches_as_indexes(
                ftext, overlapping=True
            )
        ]
        if not spans:
            return []
        spans.sort()
        exact_only, exact, cased_text = self._exact_only, self._exact, folded.cased
        hits: list[Hit] = []
        pending: list[tuple[int, int, str, tuple[_Target, ...]]] = []
        last_end = -1
        for start, neg_end, key_idx in spans:
            if start < last_end:
                continue
            end = -neg_end
            cased = cased_text[start:end]
            if exact_only[key_idx]:
                # The folded text is ASCII, so isalnum() is [0-9A-Za-z] here.
                if (cased if cased.isalnum() else _ALNUM.sub("", cased)) not in exact[key_idx]:
                    continue
            plain = self._case_filter(key_idx, cased)
            if not plain:  # e.g. "as" in prose for the acronym AS (Associate of Science)
                continue
            o_start, o_end = folded.span_to_original(start, end)
            if text.startswith(")", o_end) and text.count("(", o_start, o_end) > text.count(
                ")", o_start, o_end
            ):
                o_end += 1  # "Project Management Professional (PMP)": keep the bracket whole
            surface = text[o_start:o_end]
            if "," in surface and key_idx not in self._comma_keys and _lists_items(surface):
                continue  # "OPT, CPT, I-20" lists items: it is not the form "CPT I"
            target = self._choose(plain, surface, text, o_start, o_end)
            if target is None:
                continue
            last_end = end
            if isinstance(target, tuple):  # ambiguous, no cue: decided by its neighbours below
                pending.append((o_start, o_end, surface, target))
                continue
            hits.append(Hit(o_start, o_end, surface, target.credential_id, target.method))
        if pending:
            hits = sorted(hits + self._listed(text, hits, pending), key=lambda h: h.start)
        return hits

    def _listed(self, text: str, hits: list[Hit], pending) -> list[Hit]:
        """An ambiguous acronym in a list of credentials ("CPA, CISA, CIA or CFE") is one too."""
        accepted: list[Hit] = []
        anchors = sorted(hits, key=lambda h: h.start)
        changed = True
        while changed and pending:
            changed = False
            for item in list(pending):
                start, end, surface, targets = item
                for h in anchors:
                    gap = text[h.end : start] if h.end <= start else text[end : h.start]
                    if len(gap) <= 12 and _LIST_GAP.fullmatch(gap):
                        same = [t for t in targets if self._ecosystem(t) == self._ecosystem_of(h)]
                        if surface in US_STATE_CODES and not same:
                            break  # "phlebotomist, CA certification": the state, not a CA
                        pick = (
                            same[0] if len(same) == 1 else targets[0] if len(targets) == 1 else None
                        )
                        if pick is not None:
                            hit = Hit(start, end, surface, pick.credential_id, pick.method)
                            accepted.append(hit)
                            anchors.append(hit)
                            pending.remove(item)
                            changed = True
                        break
        return accepted

    def _defined_as_other(self, text: str, start: int, surface: str, targets) -> bool:
        """'Customer Success Manager (CSM)': the text spells the acronym out as something else."""
        if not text[:start].rstrip().endswith("("):
            return False
        letters = _ALNUM.sub("", surface).upper()
        words = re.findall(r"[A-Za-z]+", text[max(0, start - 80) : start])[-len(letters) :]
        if len(words) != len(letters) or "".join(w[0].upper() for w in words) != letters:
            return False
        spelled = self.catalog.ids_for(" ".join(words))
        return not spelled & {t.credential_id for t in targets}

    def _window_for(self, target: _Target, text: str, start: int, end: int) -> str:
        if self.catalog[target.credential_id].type == "degree":
            # "MS in Statistics", "BS/MS", "Bachelor's degree required, Master's preferred": the
            # cue sits right beside a degree acronym; "MS Excel and statistics" must not count.
            before = text[max(0, start - DEGREE_CUE_BEFORE) : start]
            if _DEGREE_AFTER.match(text, end) or _DEGREE_BEFORE.search(before):
                return "degree"
            return ""
        return _window(text, start, end)

    def _ecosystem(self, target: _Target) -> str | None:
        return self.catalog[target.credential_id].ecosystem

    def _ecosystem_of(self, hit: Hit) -> str | None:
        return self.catalog[hit.credential_id].ecosystem

    def _case_filter(self, key_idx: int, cased: str) -> list[_Target]:
        """The key's readings that this spelling allows (short acronyms match in capitals only)."""
        targets = self._targets[key_idx]
        exact = None
        plain: list[_Target] = []
        for t in targets:
            if t.case_sensitive:
                if exact is None:
                    exact = _ALNUM.sub("", cased) in self._exact[key_idx]
                if not exact:
                    continue
            plain.append(t)
        return plain

    def _choose(
        self, plain: list[_Target], surface: str, text: str, start: int, end: int
    ) -> _Target | tuple[_Target, ...] | None:
        """The credential this surface names here; a tuple when only its neighbours can tell."""
        if " +" in surface and not surface[0].isupper():
            return None  # "data + decision" is prose; "Security +" is the credential
        sure = [t for t in plain if not t.ambiguous]
        if len(sure) == 1:
            return sure[0]
        if len(sure) > 1:
            return None  # the catalog validator forbids this; be safe rather than guess
        if _ORG_NOUN_AFTER.match(text, end) or self._defined_as_other(text, start, surface, plain):
            return None  # "a CPA firm", "Customer Success Manager (CSM)"
        cued = [
            t
            for t in plain
            if _has_cue(self._cue_words[t.credential_id], self._window_for(t, text, start, end))
        ]
        if len(cued) == 1:
            return cued[0]
        return tuple(plain) if not cued else None


_DEGREE_AFTER = re.compile(
    r"\s*(?:in\s+[A-Z]|in\s+(?:a\s+)?(?:related|relevant|computer|data|business|engineering)|"
    r"degree|program|\(|/\s*[A-Z]|(?:,|or|and)\s+(?:an?\s+)?(?:BS|BA|MS|MA|PhD|MBA|B\.|M\.|"
    r"Ph\.|Bachelor|Master|Doctor|related|equivalent|higher))",
    re.I,
)
_DEGREE_BEFORE = re.compile(
    r"(?i:\bbachelor|\bmaster'?s?\b|\bdegree|\bdoctor|\bph\.?d)|\b(?:BS|BA|B\.S\.|B\.A\.|MBA)\b"
)
# A two-letter acronym that is also a US state code is read as the state unless its own
# cues or a neighbour of its own field say otherwise.
US_STATE_CODES = frozenset(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ "
    "NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC".split()
)
_LIST_GAP = re.compile(r"\s*(?:,|/|;|\(|\)|&|\band\b|\bor\b|\s)*\s*", re.I)


# An ambiguous acronym naming an organisation or team, not a person's credential.
_ORG_NOUN_AFTER = re.compile(
    r"\s+(?:firms?|practices?|offices?|teams?|department|organi[sz]ations?)\b", re.I
)


_NUMBER_PAIRS = ((" certification", " certifications"), (" certificate", " certificates"))


def _add_number_variants(
    catalog: Catalog, by_key: dict[str, dict], exact_forms: dict[str, set[str]]
) -> None:
    """An umbrella entry's form ending in certification or certificate also matches with the
    noun's other number, when no entry lists that spelling itself: "Salesforce.com
    certifications" is the catalog's "Salesforce.com certification". Only umbrella entries:
    a specific one is already found by its name ("ACLS" in "ACLS certifications"), and
    "licenses" is also a verb ("the agency licenses taxis")."""
    for key in list(by_key):
        if key in exact_forms or not all(catalog[c].generic for c in by_key[key]):
            continue  # a form matched only as written (capitals) keeps its own spelling
        for one, many in _NUMBER_PAIRS:
            if key.endswith(one):
                other = key + "s"
            elif key.endswith(many):
                other = key[:-1]
            else:
                continue
            if other not in by_key:
                by_key[other] = dict(by_key[key])
            break


def _automaton(keys: list[str]) -> BytesAhoCorasick:
    """Every key, padded with a space on both sides as the scanned text is, so the automaton
    reports only whole-word matches: ~20x fewer raw matches than bare keys, and no per-match
    boundary check in Python. Folded text and keys are ASCII, so the scan runs over bytes
    (offsets are character offsets) in a contiguous NFA: built in ~20 ms at every start (it
    cannot be pickled), it scans ~2x faster than pyahocorasick did."""
    return BytesAhoCorasick(
        [b" " + key.encode("ascii") + b" " for key in keys],
        implementation=Implementation.ContiguousNFA,
    )


def _forms(cred: Credential):
    yield cred.name, "name"
    for a in cred.aliases:
        yield a, "alias"
    for c in cred.exam_codes:
        yield c, "exam_code"
    for a in cred.ambiguous_aliases:
        yield a, "ambiguous_alias"


def _cue_words(cues) -> tuple[str, ...]:
    return tuple(sorted({c.lower() for c in cues}, key=len, reverse=True))


def _has_cue(words: tuple[str, ...], window: str) -> bool:
    """Whether one of `words` stands as a whole word in `window`, case-insensitively, as the
    regular expression `_cue_regex(words)` would find it. Searched with str.find: compiling the
    pattern of a cue list costs ~1 ms, and a 5,000-posting run needed dozens of them."""
    if not _all_ascii(words):
        return _cue_regex(words).search(window) is not None
    # Unicode case folding in a regex also matches four non-ASCII letters to ASCII ones, which
    # str.lower leaves alone or lengthens (İ -> i + combining dot): spelled out first, lowering
    # gives what the regex compares (every other code point checked in the tests).
    low = window.lower() if window.isascii() else window.translate(_REGEX_CASE_EXTRAS).lower()
    for word in words:
        pos = low.find(word)
        while pos >= 0:
            after = pos + len(word)
            if (pos == 0 or not _is_word_char(low[pos - 1])) and (
                after == len(low) or not _is_word_char(low[after])
            ):
                return True
            pos = low.find(word, pos + 1)
    return False


_REGEX_CASE_EXTRAS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # regex \w (Unicode), and lowering does not change it


@cache
def _all_ascii(words: tuple[str, ...]) -> bool:
    return all(w.isascii() for w in words)


@cache  # one pattern per distinct cue list in the catalog
def _cue_regex(words: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.I)


def _window(text: str, start: int, end: int) -> str:
    """Up to CUE_WINDOW characters either side, not crossing a line or sentence end."""
    lo = max(0, start - CUE_WINDOW)
    hi = min(len(text), end + CUE_WINDOW)
    left = text[lo:start]
    cut = max(left.rfind("\n"), left.rfind(". "))
    if cut >= 0:
        left = left[cut + 1 :]
    right = text[end:hi]
    cuts = [i for i in (right.find("\n"), right.find(". ")) if i >= 0]
    if cuts:
        right = right[: min(cuts)]
    return left + " " + right
