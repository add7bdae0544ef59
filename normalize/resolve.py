"""Resolve a free-text credential name ("Registered Nurse (RN) license") to one catalog entry.

Used by `credfloor catalog resolve` and the stack audit. Tries, in order: the exact folded name,
simple variants (parentheses, trailing 'license'/'certification'), the matcher over the name,
then a strict fuzzy match (rapidfuzz ratio, not token_set: that scores any subset at 100).

A wrong id is worse than none. An acronym in brackets resolves only when the words outside
them agree with the entry (`_agrees`): "Certified Analytics Professional (CAP)" is not ISC2's
CAP (now CGRC), nothing in that entry says "analytics". A fuzzy match must keep every acronym
on both sides: "SAS certification" is no typo of "SANS certification", nor "CITI" of "ITIL".
Numbers are never typos either: "Series 2 license" is not the Series 22, and "CFA Level 4" is
no CFA entry at all (the recognizer's fuzzy match compares numbers the same way).
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz, process

from credfloor.normalize.catalog import Catalog, Credential, norm_key
from credfloor.normalize.matcher import CredentialMatcher
from credfloor.normalize.textfold import fold_keys, numbers

FUZZY_CUTOFF = 92
# Below this length a word must match exactly to agree; a long word with a typo still agrees.
EXACT_BELOW = 5
WORD_CUTOFF = 85
# More than this share of the distinctive words outside the brackets must agree with the entry.
AGREE_SHARE = 0.5
ACRONYM_MAX = 5  # a lowercase name's words this short are read as acronyms
_PARENS = re.compile(r"\(([^)]*)\)")
_TRAILING = re.compile(
    r"\s+(license|licence|licensure|certification|certificate|certified|credential|"
    r"registration|exam|designation|\(any\))$",
    re.I,
)
_TOKEN = re.compile(r"[a-z0-9+#]+")
_ACRONYM = re.compile(r"[A-Z0-9][A-Z0-9+&/-]{1,7}")
# Words that say a phrase is a credential but not which one, and places: neither agrees with
# nor contradicts a candidate ("California Certified Radiologic Technologist").
_STATES = (
    "alabama alaska arizona arkansas california colorado connecticut delaware florida georgia "
    "hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts "
    "michigan minnesota mississippi missouri montana nebraska nevada hampshire jersey mexico york "
    "carolina dakota ohio oklahoma oregon pennsylvania rhode island tennessee texas utah vermont "
    "virginia washington wisconsin wyoming new north south west district columbia"
)
GENERIC_WORDS = frozenset(
    (
        "certified certification certifications certificate certificates credential credentials "
        "license licence licensed licenced licensure registration exam examination designation "
        "program programme any the a an of in and or for with to by level current valid active "
        "unrestricted unencumbered state national professional holder equivalent required "
        "preferred us usa uk as at on is be are will must have has hold holds least one "
        "ability able obtain eligible eligibility training current currently within years "
        + _STATES
    ).split()
)


class NameResolver:
    def __init__(self, catalog: Catalog, matcher: CredentialMatcher | None = None):
        self.catalog = catalog
        self.matcher = matcher or CredentialMatcher(catalog)
        self._choices: dict[str, str] = {}
        self._forms: dict[str, str] = {}  # key -> the form as written, for its acronyms
        for cred in catalog:
            for form in (cred.name, *cred.aliases):
                key = norm_key(form)
                if len(key) >= 6 and len(catalog.ids_for(form)) == 1:
                    self._choices[key] = cred.id
                    self._forms[key] = form
        self._words: dict[str, frozenset[str]] = {}
        self._numbers: dict[str, set[str]] = {}

    def resolve(self, name: str) -> Credential | None:
        outside = _PARENS.sub(" ", name)
        brackets = _PARENS.findall(name)
        whole = name.strip()
        for variant in _variants(name):
            ids = self.catalog.ids_for(variant)
            if len(ids) == 1:
                cred = self.catalog[next(iter(ids))]
                if variant in brackets:
                    # From the brackets alone: the words outside them must agree with it.
                    if not self._agrees(outside, cred):
                        continue
                elif variant != whole and any(self._names_another(b, cred) for b in brackets):
                    # "ITIL Foundation (ITIL 3)": the brackets left out name another entry,
                    # which is tried next (and must agree with the words outside them).
                    continue
                return cred
        hits = self.matcher.find(name)
        if hits:
            longest = max(hits, key=lambda h: h.end - h.start)
            cred = self.catalog[longest.credential_id]
            # An acronym in brackets spells out the words before it: they must agree.
            rest = name[: longest.start] + " " + name[longest.end :]
            if not self._numbers_agree(rest, cred):
                # "CFA Level 4": a number beside the hit that the entry never writes names
                # another credential (or none), not this one.
                return self._fuzzy(name)
            bracketed = name[: longest.start].rstrip().endswith("(") or longest.surface[0] == "("
            acronym = _ACRONYM.fullmatch(longest.surface.strip("() "))
            if not (bracketed and acronym) or self._agrees(rest, cred):
                # A hit on part of the phrase ("certified Kubernetes", an umbrella entry's
                # alias, inside "Certified Kubernetes Administrater") yields to a close match of
                # the whole phrase when the words left over are not the hit's own.
                if _distinctive(rest) and not self._agrees(rest, cred):
                    return self._fuzzy(name) or cred
                return cred
        return self._fuzzy(name)

    def _fuzzy(self, name: str) -> Credential | None:
        key = norm_key(name)
        if len(key) >= 6 and self._choices:
            # The best few: the very closest may differ in a number ("series 2 license" and
            # "series 22 license"), which rules it out but not the next one.
            wanted = numbers(key)
            for choice, _, _ in process.extract(
                key, self._choices.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=3
            ):
                form = self._forms[choice]
                if numbers(choice) == wanted and _acronyms(name) == _acronyms(form):
                    return self.catalog[self._choices[choice]]
        return None

    def _names_another(self, text: str, cred: Credential) -> bool:
        ids = self.catalog.ids_for(text)
        return bool(ids) and cred.id not in ids

    def _numbers_agree(self, words: str, cred: Credential) -> bool:
        """Whether every number in `words` is one the credential's own forms write."""
        mine = set(numbers(words))
        if not mine:
            return True
        theirs = self._numbers.get(cred.id)
        if theirs is None:
            theirs = self._numbers[cred.id] = {
                n for form in cred.surface_forms() for n in numbers(form)
            }
        return mine <= theirs

    def _agrees(self, words: str, cred: Credential) -> bool:
        """Whether the distinctive words of `words` (none is fine) are the credential's own:
        its names, aliases, exam codes, issuer, ecosystem and cue words."""
        if not self._numbers_agree(words, cred):
            return False
        mine = _distinctive(words)
        if not mine:
            return True
        theirs = self._credential_words(cred)
        agreeing = sum(1 for w in mine if _word_in(w, theirs))
        return agreeing / len(mine) > AGREE_SHARE

    def _credential_words(self, cred: Credential) -> frozenset[str]:
        words = self._words.get(cred.id)
        if words is None:
            forms = (*cred.surface_forms(), *cred.cues, cred.issuer, cred.ecosystem or "")
            words = frozenset(w for form in forms for w in _tokens(form))
            self._words[cred.id] = words
        return words


def _tokens(text: str) -> set[str]:
    text = unicodedata.normalize("NFKC", text)
    return {w for key in fold_keys(text) for w in _TOKEN.findall(key.lower())}


def _distinctive(text: str) -> set[str]:
    """The words that say which credential: not the generic ones, not one-letter ones."""
    return {w for w in _tokens(text) if w not in GENERIC_WORDS and len(w) > 1}


def _word_in(word: str, words: frozenset[str] | set[str]) -> bool:
    if word in words:
        return True
    if len(word) < EXACT_BELOW:
        return False
    return any(len(w) >= EXACT_BELOW and fuzz.ratio(word, w) >= WORD_CUTOFF for w in words)


def _acronyms(text: str) -> set[str]:
    """The words written in capitals ("SAS", "ITIL"); in a name written all in one case, its
    short words. A fuzzy match may fix a typo in a word, never change an acronym."""
    words = re.findall(r"[A-Za-z0-9]+", unicodedata.normalize("NFKC", text))
    one_case = text == text.lower() or text == text.upper()
    return {
        w.lower()
        for w in words
        if w.lower() not in GENERIC_WORDS
        and len(w) > 1
        and ((one_case and len(w) <= ACRONYM_MAX) or (not one_case and w.isupper()))
    }


def _variants(name: str):
    name = name.strip()
    yield name
    without = _PARENS.sub(" ", name).strip()
    yield without
    yield from _PARENS.findall(name)
    stripped = without
    while True:
        shorter = _TRAILING.sub("", stripped).strip()
        if shorter == stripped:
            break
        stripped = shorter
        yield stripped
