"""Credentials the catalog lacks: spaCy token patterns over the sentences that hold a cue.

The Aho-Corasick scan (matcher.py) finds every name the catalog lists; it cannot find "CBAP
certification" or "Splunk Core Certified User" until someone adds them. This module finds
credential-shaped phrases: title-case runs with a credential head word ("Certified ...",
"... Certification", "Chartered ..."), a name with its acronym in brackets, exam codes
(AZ-104, SY0-701) and "X-certified". spaCy (blank English: tokenizer + Matcher, no model)
runs only on the sentences around a cue word, so it reads a small share of each posting.

A phrase that overlaps a catalog hit is already covered. Any other is normalized: exactly or by
a strict rapidfuzz ratio against the catalog's names and aliases, accepted only when the
acronym, issuer words and numbers agree; coordinated lists ("M365 (Security/Messaging/Teams)
Associate", "CCNA/CCDA/CCVP") are expanded first. What maps to no entry is kept as an
unlisted candidate with a normalized `candidate_key`, unless triage has decided that key is no
person's credential (normalize/catalog/not_credentials.yaml).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from credfloor.normalize.cache import collector_paused, remembered
from credfloor.normalize.catalog import Catalog, norm_key
from credfloor.normalize.matcher import Hit
from credfloor.normalize.textfold import fold_key, literal_hits, numbers

FUZZY_CUTOFF = 92.0
MAX_TOKENS = 10
WINDOW = 90  # characters either side of a cue read by spaCy: a name is at most ~10 words

# Head words that make a title-case run a credential name, by the type they suggest.
HEADS = {
    "certified": "certification",
    "certification": "certification",
    "certifications": "certification",
    "certificate": "certification",
    "certificates": "certification",
    "accredited": "certification",
    "diploma": "certification",
    "chartered": "certification",
    "license": "license",
    "licence": "license",
    "licensed": "license",
    "licenced": "license",
    "registration": "license",
    "registered": "license",
    "clearance": "clearance",
}
# Literal starts of the cue words (over lowercased text), found by the extractor's one scan.
LITERALS = ("certif", "licen", "registr", "chartered", "accredited", "diploma", "clearance")
_CUE = re.compile(
    r"(?:certif(?:ied|ications?|icates?)|licen[cs](?:es?|ed)|registration|registered|"
    r"chartered|accredited|diplomas?|clearance)\b"
)
# Exam codes: found from their "-ddd" (a regex that opens with a literal is searched for at
# memchr speed; one opening with a character class tried every position: ~0.3 ms a posting),
# then the letters before it are checked.
_EXAM_CODE_TAIL = re.compile(r"-[0-9]{3}[A-Z]?\b")
_EXAM_CODE_HEAD = re.compile(r"(?<![\w-])[A-Z]{2,4}[0-9]?$")


def _capital_before(text: str, pos: int) -> bool:
    """Whether the word before `pos` (across spaces or a hyphen) starts with a capital or a
    digit: "CBAP certification", "TOGAF-certified"."""
    i = pos
    while i > 0 and text[i - 1] in " -\t":
        i -= 1
    if i == pos:
        return False
    j = i
    while j > 0 and i - j < 40 and not text[j - 1].isspace():
        j -= 1
    return text[j].isupper() or text[j].isdigit()


_ACRONYM = r"^[A-Z][A-Z0-9&+-]{1,9}$"


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return pos


# Words that open or pad a phrase without naming anything ("Must hold a Valid State License").
GENERIC = frozenset(
    """a an any and or the this that these our your their its all other one two three
    valid current currently active relevant related appropriate applicable required preferred desired
    must should will may can industry technical recognized recognised equivalent approved
    state national federal international unrestricted unencumbered good standing plus bonus
    nice strong including include additional advanced full specialty multi-state compact
    such as e.g i.e etc with in of for to on at by from is are be being been have has
    hold holds holding obtain obtained possess possession maintain maintained requires
    require requirement requirements preferred qualifications qualification education
    experience minimum ability able eligible eligibility proof evidence copy
    certification certifications certificate certificates certified license licenses licence
    licences licensed licenced credential credentials registration registered accredited
    accreditation exam examination program programme course training degree degrees
    professional professionals level skills knowledge job position role candidate
    desirable desired essential official previous prior citizenship i ii iii iv v
    us usa uk u.s america american""".split()
) | frozenset(
    # A state's or country's licence is the jurisdiction, not a name ("Louisiana License").
    """alabama alaska arizona arkansas california colorado connecticut delaware florida georgia
    hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts
    michigan minnesota mississippi missouri montana nebraska nevada hampshire jersey mexico
    york carolina dakota ohio oklahoma oregon pennsylvania rhode island tennessee texas utah
    vermont virginia washington west wisconsin wyoming england scotland wales ireland canada
    ontario new north south district columbia
    monday tuesday wednesday thursday friday saturday sunday""".split()
)
# A phrase holding one of these names a place, body, policy or document, not a person's
# credential ("Certified Primary Stroke Center", "Chartered Institute", "Certificate of
# Sponsorship", "Registration Verification Policy", "ABET accredited").
NOT_A_CREDENTIAL = frozenset(
    """center centre centers hospital hospitals institute society association associations
    board corporation commission council school schools college colleges university
    universities facility facilities unit program programs programme policy policies
    procedure requirement requirements reimbursement sponsorship disability completion
    place employer employers company organization organisation agency vendor vendors
    verification status date dates number pursuing currently""".split()
)
# Whole keys that name a field or a kind, not one credential ("Security certifications", "IT
# certifications", "Nursing License", "Clearance Type").
NOT_A_NAME = frozenset(
    """security it agile data cloud technical medical nursing clinical post clearance type
    teaching vendor industry software hardware networking safety""".split()
) | frozenset({"clearance type", "nursing license", "it security"})
# Head words that make a name only when they open it ("Accredited Checking Technician",
# "Chartered Psychologist"); after a name they describe a body or a programme ("ABET
# accredited", "UKAS accredited").
_LEADING_ONLY = frozenset({"accredited", "chartered"})
# Trailing words dropped from a candidate key: "TOGAF certification" and "TOGAF certified" are
# the same candidate. Clearance and diploma stay: "Secret Clearance" is not "Secret".
_KEY_TRAILING = frozenset(
    """certification certifications certificate certificates certified license licenses
    licence licences licensed licenced licensure credential credentials registration
    exam examination designation holder required preferred""".split()
)
# Organisations' attestations, not a person's credential (SOC 2, ISO 27001, HIPAA compliance).
_ORG_CERTS = re.compile(
    r"\b(ISO|CMMI|SOC|HITRUST|PCI|MBE|WBE|DBE|SBE|DVBE|B Corp|EEO|Great Place|Work)\b"
)
# "We are ... certified", "Our hospital is ... accredited": the employer speaks of itself.
_ORG_SUBJECT = re.compile(
    r"(?i:\b(?:we|we're|we've|our (?:company|organi[sz]ation|firm|team|hospital|facility|"
    r"practice|business|clinic|lab|laboratory)|the company)\b)[^.;\n]{0,60}$"
)
_SLASH_LIST = re.compile(r"\(?\b([A-Za-z0-9+]+(?:\s*/\s*[A-Za-z0-9+]+)+)\b\+?\)?")
_LIST_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&+-]{1,9}\b")
_BRACKET_ACRONYM = re.compile(r"\(([A-Z][A-Za-z0-9&+-]{1,9})\)")


_KNOWN_FORM = (None, "known", 0.0)


@dataclass(frozen=True)
class Recognized:
    """A credential-shaped phrase: resolved to a catalog id, or an unlisted candidate."""

    start: int
    end: int
    surface: str
    credential_id: str | None
    candidate_key: str | None
    type: str
    method: str  # recognizer (exact after cleaning) | recognizer_fuzzy | expanded | unlisted
    score: float


class Recognizer:
    def __init__(self, catalog: Catalog, not_credentials: Iterable[str] = ()):
        """`not_credentials`: candidate keys reviewed as not a person's credential
        (triage.covering_keys of not_credentials.yaml): such a phrase is no unlisted candidate."""
        self.catalog = catalog
        self._not_credentials = frozenset(not_credentials)
        # Names and aliases by length: a ratio >= 92 needs lengths within ~16% of each other,
        # so each phrase is compared with a few hundred keys, not all ~10,000: those of the
        # lengths it may match are one slice of these lists.
        choices: list[tuple[int, str, str]] = []
        for cred in catalog:
            if cred.generic:
                continue
            for form in (cred.name, *cred.aliases):
                key = fold_key(form)
                if len(key) >= 8 and len(catalog.ids_for(form)) == 1:
                    choices.append((len(key), key, cred.id))
        choices.sort(key=lambda c: c[0])  # stable: catalog order within a length
        self._choice_lengths = [n for n, _, _ in choices]
        self._choice_keys = [key for _, key, _ in choices]
        self._choice_ids = [cid for _, _, cid in choices]
        # Issuer brand words ("cisco", "microsoft", "comptia"): a word of the issuer's name that
        # also opens or fills most of its credentials' names. A phrase naming one may only map
        # to that issuer's credentials. Words shared by several issuers name no one issuer.
        forms: dict[str, list[set[str]]] = {}
        for cred in catalog:
            forms.setdefault(cred.issuer, []).append(set(fold_key(cred.name).split()))
        issuers: dict[str, set[str]] = {}
        for issuer, names in forms.items():
            for word in set(fold_key(issuer).split()):
                if len(word) < 3 or word in GENERIC:
                    continue
                if len(names) >= 3 and sum(word in n for n in names) * 2 >= len(names):
                    issuers.setdefault(word, set()).add(issuer)
        self._issuer_words = {w: names for w, names in issuers.items() if len(names) <= 2}
        self._nlp = None
        self._matcher = None
        self._flags: dict[str, int] = {}  # spaCy attribute id of each _word_classes test
        self._resolved: dict[str, tuple[str | None, str, float]] = {}
        self._windows: dict[str, list[tuple[int, int, str]]] = {}

    def __getstate__(self) -> dict:
        # spaCy objects are built on first use: unpickling the compiled extractor must not
        # import spaCy (~0.7 s) for a run whose postings hold no cue.
        skip = ("_nlp", "_matcher", "_flags", "_resolved", "_windows")
        return {k: v for k, v in self.__dict__.items() if k not in skip}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._nlp = None
        self._matcher = None
        self._flags = {}
        self._resolved = {}
        self._windows = {}

    # -- spaCy ---------------------------------------------------------------------------
    def warm_up(self) -> None:
        """Build the spaCy tokenizer and matcher now rather than on the first cue."""
        self._spacy()

    def _spacy(self):
        if self._nlp is None:
            # Importing spaCy makes tens of thousands of lasting objects (see collector_paused).
            with collector_paused():
                self._build_spacy()
        return self._nlp, self._matcher

    def _build_spacy(self) -> None:
        from spacy import attrs
        from spacy.lang.en import English
        from spacy.lang.lex_attrs import LEX_ATTRS
        from spacy.matcher import Matcher
        from spacy.tokenizer import Tokenizer
        from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex
        from spacy.vocab import Vocab

        # English punctuation rules without the ~1,000 special cases ("e.g.", "Dr."), which
        # names never need: building English() costs ~0.3 s of every run, this ~1 ms.
        defaults = English.Defaults
        # Only the word attributes the patterns read: every new word computes each getter
        # once, and the other ~15 (LIKE_URL, IS_STOP, ...) made tokenizing ~25% slower.
        used = {
            attrs.IS_LOWER,
            attrs.IS_PUNCT,
            attrs.IS_SPACE,
            attrs.IS_UPPER,
            attrs.IS_TITLE,
            attrs.LOWER,
            attrs.SHAPE,
        }
        vocab = Vocab(lex_attr_getters={k: f for k, f in LEX_ATTRS.items() if k in used})
        # The patterns' word lists and length tests as flags of each word, computed once when
        # spaCy first sees it: an IN or LENGTH test in a pattern runs Python for every token
        # the matcher reads. Bits from spaCy's spare FLAG19..FLAG63, counted down from the top.
        self._flags = {
            name: vocab.add_flag(test, flag_id=63 - i)
            for i, (name, test) in enumerate(_word_classes(LEX_ATTRS[attrs.SHAPE]).items())
        }
        tokenizer = Tokenizer(
            vocab,
            prefix_search=compile_prefix_regex(defaults.prefixes).search,
            suffix_search=compile_suffix_regex(defaults.suffixes).search,
            infix_finditer=compile_infix_regex(defaults.infixes).finditer,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )
        # One Matcher per group of patterns that need the same character: a window without
        # it skips that group's pass (most windows hold no bracket, slash or hyphen). Each
        # label keeps its own longest matches, so the split finds the same phrases.
        # (Unvalidated: spaCy's pattern schema does not know flag attributes.)
        matchers: dict[tuple[str, ...], Matcher] = {}
        for name, patterns in _patterns(self._flags).items():
            matcher = matchers.setdefault(_NEEDS.get(name, ()), Matcher(vocab, validate=False))
            matcher.add(name, patterns, greedy="LONGEST")
        self._nlp, self._matcher = tokenizer, tuple(matchers.items())

    def phrases(
        self,
        text: str,
        low: str | None = None,
        found: dict | None = None,
        taken: list[Hit] | tuple = (),
    ):
        """(start, end, pattern) of every credential-shaped phrase near a cue word."""
        low = low if low is not None else text.lower()
        windows = self._cue_windows(text, low, found, taken)
        if not windows:
            return []
        out = []
        for lo, hi in windows:
            window = text[lo:hi]
            # Postings repeat their windows (an employer's boilerplate, reposts: 23% of the
            # corpus's windows): each is read by spaCy once.
            phrases = remembered(self._windows, window, self._window_phrases)
            out += [(lo + s, lo + e, label) for s, e, label in phrases]
        out.sort()
        return out

    def _window_phrases(self, window: str) -> list[tuple[int, int, str]]:
        """(start, end, pattern) of the phrases in one window, offsets into it."""
        nlp, matchers = self._spacy()
        strings = nlp.vocab.strings
        doc = nlp(window)
        spans = [
            (doc[s:e], strings[key])
            for needs, matcher in matchers
            if not needs or any(n in window for n in needs)
            for key, s, e in matcher(doc)
        ]
        # Longest first; an overlapped shorter phrase is the same name.
        spans.sort(key=lambda x: (x[0].start - x[0].end, x[0].start))
        kept: list[tuple[int, int]] = []
        out = []
        for span, label in spans:
            span = _with_acronym(doc, span)
            if any(span.start < e and s < span.end for s, e in kept):
                continue
            kept.append((span.start, span.end))
            out.append((span.start_char, span.end_char, label))
        return out

    def _cue_windows(self, text: str, low: str, found: dict | None, taken) -> list[tuple[int, int]]:
        """Short stretches around the cue words that may start or end a name: a cue inside a
        catalog hit ("AWS Certified ...") or with only lowercase prose beside it ("must be
        certified within") is skipped, so spaCy reads a small share of the text."""
        cues = []
        for m in literal_hits(low, LITERALS, _CUE, found=found):
            start, end = m.start(), m.end()
            if (
                any(h.start <= start < h.end for h in taken)
                and "/" not in text[max(0, start - 60) : end + 60]
            ):
                continue  # "AWS Certified ...": the catalog has it; a "CCNA/CCVP ..." list may not
            if not (
                text[start].isupper()
                or _capital_before(text, start)
                or text.startswith("(", _skip_space(text, end))
            ):
                continue
            cues.append((start, end))
        for m in _EXAM_CODE_TAIL.finditer(text):
            head = _EXAM_CODE_HEAD.search(text, max(0, m.start() - 6), m.start())
            if head:
                cues.append((head.start(), m.end()))
        if not cues:
            return []
        cues.sort()
        windows: list[tuple[int, int]] = []
        n = len(text)
        for start, end in cues:
            lo, hi = max(0, start - WINDOW), min(n, end + WINDOW)
            # Not across a line; cut at whitespace so no word is split.
            cut = text.rfind("\n", lo, start)
            if cut >= 0:
                lo = cut + 1
            cut = text.find("\n", end, hi)
            if cut >= 0:
                hi = cut
            while lo > 0 and lo < start and not text[lo - 1].isspace():
                lo += 1
            while hi < n and hi > end and not text[hi].isspace():
                hi -= 1
            if windows and lo <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(hi, windows[-1][1]))
            else:
                windows.append((lo, hi))
        return windows

    # -- normalization -----------------------------------------------------------------------
    def find(
        self, text: str, taken: list[Hit], low: str | None = None, found: dict | None = None
    ) -> list[Recognized]:
        """Phrases no catalog hit covers: each resolved to an entry, or kept as a candidate."""
        out: list[Recognized] = []
        for start, end, label in self.phrases(text, low, found, taken):
            if label == "acronym_list":
                out += self._acronyms(text, start, end, taken)
                continue
            covered = any(h.start < end and start < h.end for h in taken)
            if covered and label != "coordinated":
                continue  # the catalog already names it
            cleaned = _clean(text, start, end)
            if cleaned is None:
                continue
            start, end = cleaned
            surface = text[start:end]
            if _ORG_CERTS.search(surface) or _ORG_SUBJECT.search(text, max(0, start - 70), start):
                continue
            if label == "coordinated":
                out += self._expand(text, start, end, taken)
                continue
            rec = self._normalize(surface, start, end, label)
            if rec is not None:
                out.append(rec)
        if self._not_credentials and out:
            out = [r for r in out if r.credential_id or not self._not_a_credential(r.candidate_key)]
        return out

    def _not_a_credential(self, key: str | None) -> bool:
        """Whether triage decided the candidate is no person's credential (covered as
        triage.untriaged counts it: by its key or that key's comparison key)."""
        return bool(key) and (
            key in self._not_credentials or norm_key(key) in self._not_credentials
        )

    def _acronyms(self, text: str, start: int, end: int, taken: list[Hit]) -> list[Recognized]:
        """'CBAP and/or CSPO Certification': each acronym of the list the catalog does not know
        (in any reading, ambiguous ones included) and no hit covers is a candidate."""
        out = []
        ctype = _type_of(text[start:end])
        for m in _LIST_ACRONYM.finditer(text, start, end):
            acr = m.group()
            if acr.lower() in HEADS or self.catalog.ids_for(acr):
                continue
            if any(h.start < m.end() and m.start() < h.end for h in taken):
                continue
            out.append(
                Recognized(m.start(), m.end(), acr, None, acr.lower(), ctype, "unlisted", 1.0)
            )
        return out

    def _normalize(self, surface: str, start: int, end: int, label: str) -> Recognized | None:
        ctype = _type_of(surface)
        cid, method, score = self.resolve(surface)
        if method == "known":
            return None
        if cid is not None:
            ctype = self.catalog[cid].type
            return Recognized(start, end, surface, cid, None, ctype, method, score)
        key = unlisted_key(surface)
        if not key or key in NOT_A_NAME:
            return None
        return Recognized(start, end, surface, None, key, ctype, "unlisted", 1.0)

    def resolve(self, phrase: str) -> tuple[str | None, str, float]:
        """(credential id, method, score) for a phrase, or (None, "", 0) when nothing agrees."""
        # Postings repeat their phrases (boilerplate, reposts): each is resolved once.
        return remembered(self._resolved, phrase, self._resolve)

    def _resolve(self, phrase: str) -> tuple[str | None, str, float]:
        acronyms = _BRACKET_ACRONYM.findall(phrase)
        bare = _BRACKET_ACRONYM.sub(" ", phrase)
        # An acronym alone decides only when the phrase is nothing but it: "Certified Analytics
        # Professional (CAP)" is not ISC2's CAP (now CGRC) just because the letters agree.
        named = candidate_key(bare)
        # "Registered Nurses", "Certified Nursing Assistants": the catalog lists the singular.
        singular = named[:-1] if named.endswith("s") and not named.endswith("ss") else ""
        for variant in (bare, named, singular, *([] if named else acronyms)):
            ids = self.catalog.ids_for(variant) if variant else set()
            if ids and " " not in named:
                # One word the catalog knows ("APN-certified"): the scan's own rules for that
                # form (case, cue words) already said no here; guessing past them costs precision.
                return _KNOWN_FORM
            if len(ids) == 1:
                cid = next(iter(ids))
                if not self.catalog[cid].generic and self._agrees(phrase, cid, acronyms):
                    return cid, "recognizer", 1.0
        # Fuzzy only for names of two or more words: one-word keys are acronyms and codes,
        # where one letter changed is another credential ("CBAP" vs "BCBA").
        key = fold_key(bare)
        if len(named) < 10 or " " not in named or not self._choice_keys:
            return None, "", 0.0
        lo = bisect_left(self._choice_lengths, int(len(key) * 0.84))
        hi = bisect_right(self._choice_lengths, int(len(key) / 0.84) + 1)
        for name, score, idx in process.extract(
            key,
            self._choice_keys[lo:hi],
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=FUZZY_CUTOFF,
            limit=3,
        ):
            cid = self._choice_ids[lo + idx]
            if numbers(name) == numbers(key) and self._agrees(phrase, cid, acronyms):
                return cid, "recognizer_fuzzy", score / 100
        return None, "", 0.0

    def _agrees(self, phrase: str, cid: str, acronyms: list[str]) -> bool:
        """An acronym in brackets must be one of the entry's forms; an issuer named in the
        phrase must be the entry's issuer."""
        cred = self.catalog[cid]
        for acr in acronyms:
            if cid not in self.catalog.ids_for(acr):
                return False
        issuer = fold_key(cred.issuer)
        own = set(fold_key(" ".join((cred.name, *cred.aliases))).split())
        for word in fold_key(phrase).split():
            issuers = self._issuer_words.get(word)
            if issuers and cred.issuer not in issuers and word not in issuer and word not in own:
                return False
        return True

    def _expand(self, text: str, start: int, end: int, taken: list[Hit]) -> list[Recognized]:
        """'M365 (Security/Messaging/Teams) Associate', 'CCNA/CCDA/CCVP': one phrase per item
        (the shared words before and after it added), each resolved exactly or strictly. When
        some item is a catalog credential, an unresolved acronym item is an unlisted candidate
        and any other unresolved item is left out (a list of credentials with a stray word);
        when none is, every expanded phrase is a candidate of its own."""
        surface = text[start:end]
        m = _SLASH_LIST.search(surface)
        if not m:
            return []
        # The shared words stop at a bracket or comma: "Licensed Practical/Vocational Nurse
        # (LPN/LVN)" shares "Licensed" and "Nurse", not "(LPN".
        prefix = re.split(r"[(),;]", surface[: m.start()])[-1].strip()
        suffix = re.split(r"[(),;]", surface[m.end() :].lstrip(" )"))[0].strip()
        suffix_words = [w for w in suffix.split() if _plain(w) not in HEADS]
        suffix = " ".join(suffix_words)
        known, out, unknown = 0, [], []
        pos = start + m.start(1)
        for item in (i.strip() for i in m.group(1).split("/")):
            i_start = text.find(item, pos, end)
            if not item or i_start < 0:
                continue
            i_end = i_start + len(item)
            pos = i_end
            if any(h.start < i_end and i_start < h.end for h in taken):
                known += 1
                continue
            for phrase in (
                f"{prefix} {item} {suffix}",
                f"{prefix} {item}",
                f"{item} {suffix}",
                item,
            ):
                cid, method, score = self.resolve(" ".join(phrase.split()))
                if cid is not None:
                    known += 1
                    cred = self.catalog[cid]
                    out.append(
                        Recognized(i_start, i_end, item, cid, None, cred.type, "expanded", score)
                    )
                    break
            else:
                if re.match(_ACRONYM, item) and not prefix:
                    unknown.append(
                        Recognized(
                            i_start,
                            i_end,
                            item,
                            None,
                            item.lower(),
                            _type_of(surface),
                            "unlisted",
                            1.0,
                        )
                    )
        if known:
            return out + unknown
        ctype = _type_of(surface)
        expanded = []
        for item in (i.strip() for i in m.group(1).split("/")):
            i_start = text.find(item, start + m.start(1), end) if item else -1
            key = candidate_key(" ".join(f"{prefix} {item} {suffix}".split()))
            if key and key not in NOT_A_NAME and i_start >= 0:
                rec = Recognized(
                    i_start, i_start + len(item), item, None, key, ctype, "unlisted", 1.0
                )
                expanded.append(rec)
        return expanded


def _word_classes(shape: Callable[[str], str]) -> dict[str, Callable[[str], bool]]:
    """The word tests the patterns need beyond spaCy's own attributes, by name; `shape` is
    spaCy's word-shape function."""
    exam_shapes = frozenset(_EXAM_SHAPES)
    return {
        "head": lambda word: word.lower() in HEADS,
        "acronym": lambda word: word.isupper() and 2 <= len(word) <= 10,
        "title_separator": lambda word: word in (":", "-", "–"),
        "in_of": lambda word: word.lower() in ("in", "of"),
        "certified": lambda word: word.lower() in ("certified", "licensed"),
        "list_joint": lambda word: word in (",", "and", "or", "&", "/"),
        # A shape is worked out character by character: only for words that can have one of
        # these (a hyphen in it; a digit last), as every new word computes each test once.
        "exam_code": lambda word: "-" in word and shape(word) in exam_shapes,
        "exam_prefix": lambda word: word[-1:].isdigit() and shape(word) in ("XXd", "XXXd", "XXXXd"),
    }


def _patterns(flags: dict[str, int]) -> dict[str, list]:
    """The Matcher patterns by label; `flags`: the attribute id of each `_word_classes` test."""
    # Token attributes only (no REGEX, IN or LENGTH test, which run Python per token): a word
    # of a name is any word not in lower case (CompTIA, M365, Security+, SuccessFactors, 365).
    name = {"IS_LOWER": False, "IS_PUNCT": False, "IS_SPACE": False}
    head_any = {flags["head"]: True}
    head_title = {flags["head"]: True, "IS_LOWER": False}
    acronym = {flags["acronym"]: True}
    joint = {flags["list_joint"]: True}
    return {
        # "SAP SuccessFactors certification", "TOGAF certified", "NMC Registration"
        "name_head": [[{**name, "OP": "+"}, head_any]],
        # "Certified Business Analysis Professional", "Chartered Psychologist",
        # "Splunk Core Certified User", "Diploma in Nursing"
        "head_name": [
            [
                {**name, "OP": "*"},
                head_title,
                {flags["title_separator"]: True, "OP": "?"},
                {flags["in_of"]: True, "OP": "?"},
                {**name, "OP": "+"},
            ],
        ],
        # "TOGAF-certified"
        "x_certified": [[name, {"ORTH": "-"}, {flags["certified"]: True}]],
        # "AZ-104", "SY0-701"
        "exam_code": [
            [{flags["exam_code"]: True}],
            # "SY0-701": a hyphen between a digit and a letter splits the token
            [{flags["exam_prefix"]: True}, {"ORTH": "-"}, {"SHAPE": "ddd"}],
        ],
        # "Certified Analytics Professional (CAP)", "Project Management Professional (PMP)
        # certification": a name with its acronym in brackets, with a head word in or after it.
        "name_acronym": [
            [{**name, "OP": "+"}, {"ORTH": "("}, acronym, {"ORTH": ")"}, head_any],
            [head_title, {**name, "OP": "+"}, {"ORTH": "("}, acronym, {"ORTH": ")"}],
        ],
        # "CBAP and/or CSPO Certification", "CBAP, CCBA or PMI-PBA certification"
        "acronym_list": [
            [
                acronym,
                {**joint, "OP": "+"},
                acronym,
                {**joint, "OP": "*"},
                {**acronym, "OP": "?"},
                head_any,
            ],
        ],
        # "CCNA/CCDA/CCVP certification", "M365 (Security/Messaging/Teams) Associate"
        "coordinated": [
            [
                {**name, "OP": "*"},
                name,
                {"ORTH": "/"},
                name,
                {"ORTH": "/", "OP": "?"},
                {**name, "OP": "?"},
                {"ORTH": "/", "OP": "?"},
                {**name, "OP": "?"},
                {**name, "OP": "*"},
                head_any,
            ],
            [
                {**name, "OP": "+"},
                {"ORTH": "("},
                name,
                {"ORTH": "/"},
                name,
                {"ORTH": "/", "OP": "?"},
                {**name, "OP": "?"},
                {"ORTH": ")"},
                {**name, "OP": "+"},
            ],
            # "Microsoft Certified: Azure Administrator/Developer Associate"
            [
                {**name, "OP": "*"},
                head_title,
                {"ORTH": ":", "OP": "?"},
                {**name, "OP": "*"},
                name,
                {"ORTH": "/"},
                name,
                {"ORTH": "/", "OP": "?"},
                {**name, "OP": "?"},
                {**name, "OP": "*"},
            ],
        ],
    }


# Characters a label's phrases must contain, one of them at least (the tokens its patterns
# spell out): a window with none of them is not matched against that label's patterns.
_NEEDS = {
    "x_certified": ("-",),
    "exam_code": ("-",),
    "name_acronym": ("(",),
    "coordinated": ("/",),
    "acronym_list": (",", "and", "or", "&", "/"),
}

# spaCy shapes of exam codes ("AZ-104" -> XX-ddd, "SY0-701" -> XXd-ddd): runs cap at 4.
_EXAM_SHAPES = [f"{'X' * n}{d}-ddd{x}" for n in (2, 3, 4) for d in ("", "d") for x in ("", "X")]


def _with_acronym(doc, span):
    """The phrase with '(ACR)' right after it, when there is one."""
    e = span.end
    if e + 2 < len(doc) + 0 and doc[e].text == "(" and doc[e + 2].text == ")":
        if re.match(_ACRONYM, doc[e + 1].text):  # one token: the regex runs once per phrase
            return doc[span.start : e + 3]
    return span


_WORD = re.compile(r"\S+")


def _clean(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The phrase without its generic opening words and trailing punctuation; None when
    nothing but generic and head words is left ("Valid State License")."""
    words = list(_WORD.finditer(text, start, end))
    # A sentence or clause break inside: keep what follows it.
    for i in range(len(words) - 2, -1, -1):
        if words[i].group()[-1] in ".,;:!?" and not words[i].group().endswith("."):
            words = words[i + 1 :]
            break
    while words and _plain(words[0].group()) in GENERIC - set(HEADS) - {"professional"}:
        words = words[1:]
    if not words:
        return None
    s, e = words[0].start(), words[-1].end()
    while e > s and text[e - 1] in ".,;:/-":
        e -= 1
    core = [_plain(w.group()) for w in words]
    parts = [_plain(p) for w in core for p in w.split("/")]  # "Professional/Vendor"
    if all(w in GENERIC or w in HEADS or not w for w in parts):
        return None
    if any(w in NOT_A_CREDENTIAL for w in parts) or core[-1] in _LEADING_ONLY:
        return None
    # Trailing list words and numbers ("Diploma in Nursing AND 1") are not part of the name.
    while len(words) > 1 and (
        (core[-1] in GENERIC and core[-1] not in HEADS) or core[-1].isdigit()
    ):
        words, core = words[:-1], core[:-1]
        e = words[-1].end()
    return s, e


def _plain(word: str) -> str:
    return word.strip(".,;:()[]\"'’").lower()


def _type_of(surface: str) -> str:
    types = [HEADS[w] for w in (_plain(x) for x in surface.split()) if w in HEADS]
    for t in ("clearance", "license"):
        if t in types:
            return t
    return "certification"


def unlisted_key(surface: str) -> str:
    """The key an unlisted phrase is counted under: its acronym when it spells one out
    ("Certified Business Analysis Professional (CBAP)" -> 'cbap', counted with "CBAP
    certification"), else candidate_key."""
    key = candidate_key(surface)
    for acr in _BRACKET_ACRONYM.findall(surface):
        letters = "".join(c for c in acr.lower() if c.isalpha())
        initials = "".join(w[0] for w in key.split() if w not in _LINK_WORDS)
        if len(letters) >= 2 and letters == initials:
            return letters
    return key


_LINK_WORDS = frozenset({"of", "and", "in", "the", "for", "on"})


def candidate_key(surface: str) -> str:
    """The normalized key of an unlisted phrase: folded, brackets and trailing head words
    ("certification", "license") dropped: 'TOGAF® Certification' -> 'togaf'."""
    words = fold_key(_BRACKET_ACRONYM.sub(" ", surface).replace("-", " ")).split()
    while words and (words[-1] in _KEY_TRAILING or words[-1] in ("and", "or")):
        words.pop()
    while words and words[0] in GENERIC and words[0] not in HEADS:
        words.pop(0)
    if len(words) == 1 and words[0] in HEADS:
        return ""
    key = " ".join(words)
    if not any(c.isalpha() for c in key):
        key = ""
    if not key:
        acr = _BRACKET_ACRONYM.findall(surface)
        key = acr[0].lower() if acr else ""
    return key
