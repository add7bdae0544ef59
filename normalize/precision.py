"""Precision rules: catalog matches the posting's own words say are not the credential asked for.

Each rule is general (a kind of mistake, not a posting) and is documented in
docs/extraction-rules.md with the tests that hold it (tests/normalize/test_precision.py):

- negation: "A driver's license is not required", "no degree needed", "without a CDL", a form's
  "CDL required No";
- boilerplate: "AA/EEO employer" is affirmative action, "Associate-Level analysts" a job level,
  "#LI-DNP" a LinkedIn tag,
  "under the supervision of a registered nurse" someone else's licence; a match inside a word
  whose letters the fold dropped ("Helsingør") is none;
- word sense: an acronym the posting spells out as something else ("NYC Voluntary Cleanup
  Program (NYC VCP)"), French "notre ADN" (DNA, not an associate degree in nursing), "WHAT
  YOU'LL DO" and "the JD", and a US state code in an address, a list of states or beside another
  field's credential ("Los Angeles, CA", "Boston, MA (Hybrid)", "Excluding: CA, CT, MD, MA");
- one family, one entry: TS/SCI is not also Top Secret; a level-unspecified clearance is not
  added when the posting names the level; a DoD 8570 category is not added when the
  certifications that meet it are listed with it; an umbrella '-any' entry is not added when
  the posting names a member of its family; "BLS/CPR" is one card, the BLS; "board
  certified" on an NP/PA advert is not the physician's board;
- jurisdiction: a UK posting's "registered nurse" is NMC registration, not a US state licence.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from credfloor.normalize.catalog import Catalog
from credfloor.normalize.cert_lists import WITH_ITEM
from credfloor.normalize.context import sentence_bounds
from credfloor.normalize.jurisdiction import for_country
from credfloor.normalize.matcher import US_STATE_CODES, Hit

# --- negation -----------------------------------------------------------------------------
_NOT_NEEDED = (
    r"(?:not|n't|never)\s+(?:be\s+)?(?:required|necessary|needed|mandatory|essential|"
    r"a\s+requirement|a\s+prerequisite)\b"
)
# Right after the mention, in its clause: "license is not required", "degree (not required)".
_NEGATED_AFTER = re.compile(
    r"\s*\)?\s*(?:\(\s*|[-–—:,]\s*)?(?:is|are|was|will|would|'s)?\s*(?:also\s+)?" + _NOT_NEEDED,
    re.I,
)
# A form field whose value says no: "Public Trust/Other Required: None", "Clearance: N/A".
_FIELD_NONE = re.compile(
    r"[^\n:.]{0,30}:\s*(?:none|n/a|not\s+required|not\s+applicable)(?:\b|(?-i:(?=[A-Z])))", re.I
)
# A form whose answer follows the question: "Commercial Driver's License required No", then the
# next field's capital or the end of the line ("required No exceptions" is not an answer).
_FIELD_NO = re.compile(
    r"\s*(?:is\s+)?(?:required|needed|mandatory)\s*[:?]?\s*No\b(?=\s*(?:$|\n|[A-Z(]))"
)
# "... not required, but preferred": a preference, not a negation.
_BUT_WANTED = re.compile(
    r"\s*[,;]?\s*(?:but|though|although)\s+(?:is\s+|it\s+is\s+)?(?:strongly\s+|highly\s+)?"
    r"(?:preferred|desired|a\s+plus|helpful|beneficial|an\s+advantage|nice|welcome|valued)",
    re.I,
)
# Right before it: "no degree required", "without a CDL", "does not require a license".
_NEGATED_BEFORE = re.compile(
    r"(?:\bno|\bwithout(?:\s+an?)?|\b(?:does|do|will|would)\s+not\s+(?:require|need)(?:\s+an?)?|"
    r"\b(?:doesn't|don't|won't)\s+(?:require|need)(?:\s+an?)?|\bnot\s+requir(?:e|ing)(?:\s+an?)?|"
    r"\bneed\s+not\s+(?:have|hold)(?:\s+an?)?)\s+$",
    re.I,
)

# --- boilerplate ----------------------------------------------------------------------------
_EEO = re.compile(
    r"\b(?:EEO|EOE|E\.O\.E\.?|M/F|affirmative\s+action|equal\s+(?:employment\s+)?opportunity)\b",
    re.I,
)
_EEO_GAP = re.compile(r"[\s/|,&-]{0,4}")
# "the highest levels of security clearance", "various levels of agency public trust": what the
# employer's other work involves, not what this job asks.
_LEVELS_OF = re.compile(
    r"\b(?:various|varying|different|all|highest|multiple|many)\s+levels?\s+of\s+(?:\w+\s+){0,2}$",
    re.I,
)
# A document that proves identity or work eligibility (I-9 lists), not a licence to drive.
_IDENTITY = re.compile(
    r"\bpassport|\bgreen\s+card|\bI-9\b|\bestablish(?:es)?\s+(?:your\s+)?identity|"
    r"\bproof\s+of\s+identity|\bemployment\s+eligibility",
    re.I,
)
# Someone else's licence: "under the supervision of the licensed RN", "provides direction to
# LVN/LPNs", "tasks which must be performed by a licensed nurse", "reports to the RN Case
# Manager". Only the words right before the mention, in its line.
_OTHER_PERSON_BEFORE = re.compile(
    r"(?:\b(?:supervision|direction|guidance|delegation)\s+(?:of|from|to)|"
    r"\b(?:performed|provided|directed|supervised|delegated|ordered|overseen|conducted|signed|"
    r"prescribed|examined)\s+by|"
    r"\breports?\s+to|\bsupervises?|\bassists?)"
    r"\s+(?:an?\s+|the\s+)?(?:[\w-]+\s*/\s*)?(?:licensed\s+|registered\s+)?$"
    # "care ... with the knowledge of a licensed physician": an article, so "knowledge of LPN
    # duties" is not read as someone else.
    r"|\bknowledge\s+of\s+(?:an?|the)\s+(?:licensed\s+|registered\s+)?$",
    re.I,
)
# A benefit, not a requirement: "we cover your medical licensure costs", "license fees paid".
_BENEFIT_AFTER = re.compile(r"\s+(?:costs?|expenses|fees|reimbursements?)\b", re.I)
# The US Sunshine Act notice of drug and device makers: "if you are a licensed physician who
# incurs recruiting expenses as a result of interviewing with us, we must report it".
_REPORTABLE_EXPENSES_AFTER = re.compile(r"\s+who\s+incurs?\s+(?:[\w-]+\s+){0,2}expenses\b", re.I)
# Board-certified people the employer already has: "board certified gastroenterologists",
# "provided by board certified emergency medicine physicians".
_STAFF_AFTER = re.compile(
    r"\s+(?:[\w’'-]+\s+){0,4}?(?:physicians|surgeons|doctors|\w+ologists|\w+iatrists|faculty)\b",
    re.I,
)
_JOB_LEVEL = re.compile(r"[- ]level\b(?!\s+(?:degree|qualification|education))", re.I)
# A LinkedIn job-slot tag at the end of an advert: "#LI-DNP" (do not post), "#LI-AM2" (a
# recruiter's initials), also written "*LI-...".
_RECRUITER_TAG_BEFORE = re.compile(r"[#*]LI-$", re.I)

# --- word sense -----------------------------------------------------------------------------
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&+-]{1,7}")
_SMALL_WORDS = {"of", "and", "for", "the", "in", "on", "to", "&", "a"}
_SPELLING_FILLER = {"certified", "program", "programme"}


def _dropped_letter(ch: str) -> bool:
    return ch.islower() and not ch.isascii() and ch not in "âã"


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# The words an acronym is followed by in brackets: "CPC (Certified Personnel Consultant)".
_EXPANSION_AFTER = re.compile(r" ?\(([A-Za-z][A-Za-z'’ &-]{2,80})\)")
# "Los Angeles, CA", "CA 90012", "San Diego CA": an address, not a credential.
_PLACE_BEFORE = re.compile(r"[A-Z][a-z]+,?\s+$")
# What follows a state code in a place ("Boston, MA (Hybrid)", "Frederick, MD/Wilson, NC", a
# line's end), unlike a degree asked for ("Psychology, MA preferred").
_PLACE_AFTER = re.compile(r"[ \t]*(?:[(/;|\n]|\d{5}|-\s|–|$)")
_DEGREE_WORD_BEFORE = re.compile(r"(?i:bachelor|master|doctor|associate|degree)['’]?s?,?\s+$")
# Two capitals before or after, in a list: "Excluding: CA, CT, MD, MA, NY".
_CODE_BEFORE = re.compile(r"\b([A-Z]{2})\s*[,/]\s*$")
_CODE_AFTER = re.compile(r"\s*[,/]\s*([A-Z]{2})\b")
# State codes that are also a credential's acronym or a capitalised word: a neighbour like these
# does not show a list of states ("MA/MS", "MD, PA").
_CREDENTIAL_CODES = frozenset({"MA", "MS", "MD", "PA", "OR", "IN", "ME", "CA"})
# "WHAT YOU'LL DO", "WHAT WE DO": the verb in a capitals heading, not the osteopath's D.O.
_VERB_DO_BEFORE = re.compile(r"\b(?:YOU['’]LL|WILL|WE|YOU|I|TO|CAN)\s+$")
# "use the exact phrases from the JD": the job description, not a law degree.
_JOB_DESCRIPTION_BEFORE = re.compile(r"\b(?:the|this|our|attached|full)\s+$", re.I)
# "notre ADN", "un ADN fort", "l'ADN de l'entreprise": French for DNA, not an associate degree
# in nursing.
_FRENCH_ARTICLE_BEFORE = re.compile(r"(?:\b(?:notre|votre|leur|son|un|cet)\s+|\b[ld]['’])$", re.I)
# Capitals that are another word before these: the surface, what precedes it, how far back.
_OTHER_WORD_BEFORE = {
    "DO": (_VERB_DO_BEFORE, 8),
    "JD": (_JOB_DESCRIPTION_BEFORE, 10),
    "ADN": (_FRENCH_ARTICLE_BEFORE, 8),
}
_ZIP_AFTER = re.compile(r",?\s+\d{5}\b")

# The employer itself: "At CNA, we...", "CNA is committed to...", "Internal CNA employees".
# Not after an article: "The RN provides care" is the nurse. "At X," alone settles it; the
# other uses must come twice, in different wordings.
_ORG_AT = r"\bAt {a}\s*,"
# Each with words it cannot match without: most windows hold none, and skip the search.
_ORG_USES = (
    (
        r"(?<![Tt]he )(?<![Aa]n )(?<![Aa] )(?<![Ee]ach )(?<![Ee]very )\b{a}\s+(?:is|are)\s+"
        r"(?:committed|proud|an?\s+equal|an?\s+leading)\b",
        ("committed", "proud", "equal", "leading"),
    ),
    (
        r"(?<![Tt]he )(?<![Aa]n )(?<![Aa] )(?<![Ee]ach )(?<![Ee]very )\b{a}\s+"
        r"(?:seeks|offers|strives|employs)\b",
        ("seeks", "offers", "strives", "employs"),
    ),
    (r"\b(?:[Ii]nternal|[Jj]oin)\s+{a}\b(?!\s+(?:team|unit))", ("nternal", "oin")),
    (
        r"\b{a}['’]s\s+(?:mission|employees|culture|benefits)\b",
        ("mission", "employees", "culture", "benefits"),
    ),
)


_CLAUSE_END = ("\n", ". ", ";", "  ")


def _clause(text: str, h: Hit, reach: int = 80) -> str:
    """The words around a hit up to a line, sentence or clause break (a scraped posting that
    lost its full stops often keeps a double space)."""
    left = text[max(0, h.start - reach) : h.start]
    cut = max(left.rfind(e) for e in _CLAUSE_END)
    left = left[cut + 1 :] if cut >= 0 else left
    right = text[h.end : h.end + reach]
    cuts = [i for i in (right.find(e) for e in _CLAUSE_END) if i >= 0]
    return left + " " + (right[: min(cuts)] if cuts else right)


_ORG_REACH_BEFORE = 48  # "Internal " / "Join " / an article before the acronym
_ORG_REACH_AFTER = 64  # "is committed", "'s mission" after it


def _acronym_windows(text: str, acr: str) -> str:
    """The text around each place `acr` is written, joined by NULs (no pattern above spans
    one): the patterns open with lookbehinds, which the regex engine tries at every character
    of a whole posting, 15% of extraction's time before they were run on these windows."""
    parts = []
    pos = text.find(acr)
    while pos >= 0:
        start = max(0, pos - _ORG_REACH_BEFORE)
        if start:  # start after a space, so \b and the lookbehinds see what they see in the text
            start = next((j + 1 for j in range(start, pos) if text[j].isspace()), pos)
        parts.append(text[start : pos + len(acr) + _ORG_REACH_AFTER])
        pos = text.find(acr, pos + 1)
    return "\0".join(parts)


# The acronym's places in its windows are written as a stand-in, so one compiled set of
# patterns serves every acronym: compiled per acronym (~1 ms each, several hundred distinct
# acronyms in a large input, in every worker process) they cost more than the searches. The
# stand-in opens with a letter, and ends with one when the acronym does, so \b reads the same.
_STAND_IN = {True: "\u0298", False: "\u0298\x02"}  # by whether the acronym ends in a letter


@lru_cache(maxsize=2)
def _org_patterns(
    ends_in_word: bool,
) -> tuple[re.Pattern, tuple[tuple[re.Pattern, tuple[str, ...]], ...]]:
    a = re.escape(_STAND_IN[ends_in_word])
    return re.compile(_ORG_AT.format(a=a)), tuple(
        (re.compile(p.format(a=a)), words) for p, words in _ORG_USES
    )


def _names_an_organisation(text: str, acr: str) -> bool:
    if acr not in text:
        return False
    ends_in_word = acr[-1].isalnum() or acr[-1] == "_"
    at, uses = _org_patterns(ends_in_word)
    around = _acronym_windows(text, acr).replace(acr, _STAND_IN[ends_in_word])
    if f"At {acr}" in text and at.search(around):
        return True
    # Two uses are needed: searched only when two could be there (each search tries its
    # lookbehinds at every character of the window).
    possible = [p for p, words in uses if any(w in around for w in words)]
    return len(possible) >= 2 and sum(1 for p in possible if p.search(around)) >= 2


# --- one family, one entry ------------------------------------------------------------------
TS = "clearance-top-secret"
TS_SCI = "clearance-ts-sci"
# Generic entries whose scheme is met by other issuers' certifications ("IAT Level II
# (Security+, CISSP or CASP)"): when those are listed with it, the labels name only them.
SCHEME_ECOSYSTEMS = {"dod-8570"}
_LIST_REACH = 300  # after a sentence that ends in ':' its list follows
# A card that includes another, named together as one ("BLS/CPR", "BLS CPR card", "CPR (BLS)"):
# the BLS course is the healthcare provider's CPR card, so the pair is one credential.
INCLUDES = {"aha-bls": ("aha-cpr",)}
_ONE_CARD_GAP = re.compile(r"\s*[/-]?\s*\(?\s*")

# "Board certified" is a physician's specialty board only where the posting asks for a
# physician: on the advert of a nurse practitioner, physician assistant, nurse anaesthetist or
# nurse-midwife (and no physician credential in it) it is their own board (NCCPA, ANCC,
# AANPCB, NBCRNA, AMCB).
PHYSICIAN_BOARD = "abms-any"
MEDICAL_LICENSE = "physician-medical-license"
MD_DEGREE = "degree-md"
PHYSICIAN = {MEDICAL_LICENSE, MD_DEGREE}
ADVANCED_PRACTICE = {
    "nursing-np-license",
    "nursing-aprn-license",
    "nursing-fnp",
    "nccpa-pa-c",
    "nbcrna-crna",
    "amcb-cnm",
}
# "medical license", not "license to practice medicine": adverts for nurse anaesthetists and
# midwives use the loose words for the nurse's own licence.
_LOOSE_MEDICAL = re.compile(r"\bmedical\s+licen[cs]", re.I)

# --- jurisdiction ---------------------------------------------------------------------------
UK_EQUIVALENT = {
    "nursing-rn-license": "uk-nmc-registration",
    "pharmacist-license": "uk-gphc-registration",
    "pharmacy-technician-license": "uk-gphc-registration",
}
_US_ISSUER = re.compile(
    r"^State\b|\bU\.S\.|\bFINRA\b|\bNASAA\b|\bFAA\b|\bFMCSA\b|\bNMLS\b|\bIRS\b|\bNREMT\b|"
    r"\bMSRB\b|\bNFA\b"
)
_NOT_US_ONLY = re.compile(r"\bUK\b|\bDVLA\b|\bnational\b", re.I)
# Kinds of marker, each a few words looked up with str.find (a regex over a long posting per
# marker cost ~2 ms); a postcode is tried only when it would decide.
_UK_MARKERS = (
    ("NHS",),
    ("£",),
    ("NMC", "HCPC", "GPhC", "GMC", "DBS"),
    ("United Kingdom", "UK"),
    ("England", "Scotland", "Wales", "Northern Ireland"),
)
_UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b")
_US_MARKERS = (("$",), ("United States", "U.S.", "USA"))
_US_ZIP = re.compile(r"\b[A-Z]{2}\s\d{5}\b")
UK_COUNTRIES = {"GB", "UK", "GBR", "UNITED KINGDOM"}


def is_uk_posting(text: str, country: str | None = None) -> bool:
    """The posting's country when known; else two or more kinds of UK marker and more than
    the US markers (a US posting that names a London office stays American)."""
    if country:
        return country.strip().upper() in UK_COUNTRIES
    uk = sum(1 for words in _UK_MARKERS if any(_has_word(text, w) for w in words))
    if uk == 0:
        return False
    us = sum(1 for words in _US_MARKERS if any(_has_word(text, w) for w in words))
    if uk < 2 or uk <= us:
        uk += bool(_UK_POSTCODE.search(text))
        us += bool(_US_ZIP.search(text))
    return uk >= 2 and uk > us


def _has_word(text: str, word: str) -> bool:
    """`word` in `text`, not inside a longer word ("UK" is not in "UKG")."""
    pos = text.find(word)
    while pos >= 0:
        end = pos + len(word)
        if (pos == 0 or not text[pos - 1].isalnum() or not word[0].isalnum()) and (
            end == len(text) or not text[end].isalnum() or not word[-1].isalnum()
        ):
            return True
        pos = text.find(word, pos + 1)
    return False


class PrecisionRules:
    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self._us_only = {
            c.id
            for c in catalog
            if c.type in ("license", "clearance")
            and not c.generic  # "security clearance (level unspecified)" is asked in the UK too
            and _US_ISSUER.search(c.issuer)
            and not _NOT_US_ONLY.search(c.issuer)
            and not c.id.startswith("uk-")
        }
        self._name_words = {}
        # The ids the family rules look at: most postings name none, and skip them at once.
        self._family = {
            c.id
            for c in catalog
            if c.type == "clearance" or (c.generic and c.ecosystem in SCHEME_ECOSYSTEMS)
        }
        # Umbrella entries ("Nursing license (any)", "AWS certification (any)") and, per
        # ecosystem, the members that name one of its credentials. A member whose ladder
        # includes the umbrella is an add-on to it (a CDL endorsement needs a CDL), not a
        # narrower name for it.
        self._umbrellas = {
            c.id: c.ecosystem
            for c in catalog
            if c.generic and c.id.endswith("-any") and c.ecosystem not in SCHEME_ECOSYSTEMS
        }
        self._member_of = {
            c.id: c.ecosystem
            for c in catalog
            if not c.generic
            and c.ecosystem in self._umbrellas.values()
            and not set(c.ladder_ids()) & self._umbrellas.keys()
        }

    def apply(
        self, text: str, hits: list[Hit], country: str | None = None
    ) -> tuple[list[Hit], dict[tuple[int, int], str]]:
        """The hits the rules keep (relabelled where a family or a jurisdiction says so), and
        strengths the wording fixes: {(start, end): 'preferred'} for "not required, but
        preferred"."""
        forced: dict[tuple[int, int], str] = {}
        kept = []
        for h in hits:
            verdict = self._negated(text, h)
            if verdict == "negated":
                continue
            if verdict == "preferred":
                forced[(h.start, h.end)] = "preferred"
            if (
                self._inside_word(text, h)
                or self._boilerplate(text, h)
                or self._state_code(text, h)
                or self._other_word(text, h)
            ):
                continue
            kept.append(h)
        kept = self._defined_as_other(text, kept)
        kept = self._one_family(text, kept)
        kept = self._umbrella_with_member(kept)
        kept = self._advanced_practice_licence(kept)
        kept = self._physician_board(kept)
        kept = self._one_card(text, kept)
        if any(h.credential_id in self._us_only or h.credential_id in UK_EQUIVALENT for h in kept):
            if is_uk_posting(text, country):
                kept = self._uk(kept)
        if country:
            # "CPA" on a Canadian advert is CPA Canada, "Class 1 licence" the provincial
            # class, not the UK's HGV Class 1 (catalog/groups).
            kept = for_country(kept, country.strip().upper(), self.catalog)
        return kept, forced

    # -- negation ----------------------------------------------------------------------------
    def _negated(self, text: str, h: Hit) -> str | None:
        after = _NEGATED_AFTER.match(text, h.end)
        if after:
            return "preferred" if _BUT_WANTED.match(text, after.end()) else "negated"
        if _FIELD_NONE.match(text, h.end) or _FIELD_NO.match(text, h.end):
            return "negated"
        line_start = text.rfind("\n", 0, h.start) + 1
        before = text[max(line_start, h.start - 40) : h.start].lower()
        if ("no" in before or "n't" in before or "without" in before) and _NEGATED_BEFORE.search(
            before
        ):
            return "negated"
        return None

    @staticmethod
    def _inside_word(text: str, h: Hit) -> bool:
        """A match that begins or ends beside a letter the fold dropped is part of a longer word
        ('Helsingør, tæt' folds to 'helsing r t t', which spells an acronym)."""
        before = text[h.start - 1] if h.start else " "
        after = text[h.end] if h.end < len(text) else " "
        # Lower case only, and not 'â'/'ã': mojibake ('Â' for a no-break space, 'â€™' for an
        # apostrophe: "Bachelorâ€™s") stands between words.
        return _dropped_letter(before) or _dropped_letter(after)

    # -- boilerplate -------------------------------------------------------------------------
    def _boilerplate(self, text: str, h: Hit) -> bool:
        if _RECRUITER_TAG_BEFORE.search(text, max(0, h.start - 4), h.start):
            return True
        cred = self.catalog[h.credential_id]
        if h.method == "ambiguous_alias":
            # "AA/EEO", "EOE/AA", "an AA / EOE / M / F employer"
            before = text[max(0, h.start - 12) : h.start]
            after = text[h.end : h.end + 12]
            m_after = _EEO.match(after, len(_EEO_GAP.match(after).group()))
            m_before = re.search(r"(?:EEO|EOE|E\.O\.E\.?)[\s/|,&-]{0,4}$", before, re.I)
            if m_after or m_before:
                return True
        if cred.type == "license" or cred.id == "abms-any":
            line_start = text.rfind("\n", 0, h.start) + 1
            if _OTHER_PERSON_BEFORE.search(text[max(line_start, h.start - 60) : h.start]):
                return True
            if _REPORTABLE_EXPENSES_AFTER.match(text, h.end) or _BENEFIT_AFTER.match(text, h.end):
                return True
            if cred.id == "abms-any" and _STAFF_AFTER.match(text[h.end : h.end + 80]):
                return True
        if h.credential_id == "drivers-license" and _IDENTITY.search(_clause(text, h)):
            return True  # "a U.S. passport, green card or driver's license" proves identity
        if cred.type == "clearance" and _LEVELS_OF.search(text[max(0, h.start - 50) : h.start]):
            return True
        if cred.type == "degree" and h.surface.lower().startswith("associate"):
            # "Associate-Level Analysts": a job level, not an associate degree.
            word_end = h.start + len("associate")
            if _JOB_LEVEL.match(text, word_end) and "degree" not in h.surface.lower():
                return True
        return False

    def _state_code(self, text: str, h: Hit) -> bool:
        """'CA' in 'Los Angeles, CA 90012' is California, not Chartered Accountant."""
        if h.method != "ambiguous_alias" or h.surface not in US_STATE_CODES:
            return False
        before = text[max(0, h.start - 30) : h.start]
        after_place = bool(_PLACE_BEFORE.search(before)) and "," in before[-3:]
        if self.catalog[h.credential_id].type == "degree":
            return self._degree_state_code(text, h, before, after_place)
        return after_place or bool(_ZIP_AFTER.match(text, h.end))

    @staticmethod
    def _degree_state_code(text: str, h: Hit, before: str, after_place: bool) -> bool:
        """'Location: Boston, MA (Hybrid)' and 'Excluding: CA, CT, MD, MA, NY' name states; the
        degree rules read 'MA or MS degree' and 'BA in Psychology, MA preferred' as degrees.
        `before`: the 30 characters before the hit; `after_place`: whether they end 'Place, '."""
        if (
            after_place
            and not _DEGREE_WORD_BEFORE.search(before)
            and _PLACE_AFTER.match(text, h.end)
        ):
            return True
        for m in (_CODE_BEFORE.search(before), _CODE_AFTER.match(text, h.end)):
            if m and m.group(1) in US_STATE_CODES and m.group(1) not in _CREDENTIAL_CODES:
                return True
        return False

    # -- word sense --------------------------------------------------------------------------
    @staticmethod
    def _other_word(text: str, h: Hit) -> bool:
        """A capitals acronym that is here another word: the verb DO in "WHAT YOU'LL DO", the JD
        (job description) in "the exact phrases from the JD", French "notre ADN" (DNA)."""
        rule = _OTHER_WORD_BEFORE.get(h.surface)
        if rule is None:
            return False
        before, reach = rule
        return bool(before.search(text, max(0, h.start - reach), h.start))

    def _defined_as_other(self, text: str, hits: list[Hit]) -> list[Hit]:
        """Drops every hit of an acronym the posting spells out as something that is not the
        credential: 'NYC Voluntary Cleanup Program (NYC VCP)' for VMware's VCP."""
        other: set[tuple[str, str]] = set()
        checked: set[tuple[str, str]] = set()
        for h in hits:
            acr = h.surface.strip()
            key = (acr, h.credential_id)
            if key in checked or not _ACRONYM.fullmatch(acr):
                continue
            checked.add(key)
            if self._spelled_as_other(text, acr, h.credential_id):
                other.add(key)
        if not other:
            return hits
        return [h for h in hits if (h.surface.strip(), h.credential_id) not in other]

    def _spelled_as_other(self, text: str, acr: str, cid: str) -> bool:
        letters = re.sub(r"[^A-Z]", "", acr)
        if len(letters) < 2:
            return False
        if _names_an_organisation(text, acr):
            return True
        # Found with str.find: a pattern compiled per acronym cost more than all the rest.
        pos = text.find(acr)
        while pos >= 0:
            at, pos = pos, text.find(acr, pos + 1)
            if at and (text[at - 1].isalnum() or text[at - 1] in "-&+/"):
                continue  # "(VBA)" is not "(BA)"
            expansion = _EXPANSION_AFTER.match(text, at + len(acr))
            if expansion:  # "a CPC (Certified Personnel Consultant)"
                spelled = [
                    w for w in _WORD.findall(expansion.group(1)) if w.lower() not in _SMALL_WORDS
                ]
                if "".join(w[0].upper() for w in spelled) == letters:
                    if not self._agrees(spelled, cid):
                        return True
                    continue
            if not text[at + len(acr) : at + len(acr) + 3].lstrip(" ").startswith(")"):
                continue
            inner = text[max(0, at - 20) : at]
            bracket = inner.rfind("(")
            # "(VCP)" or "(NYC VCP)": nothing but one prefix word between the bracket and it.
            if bracket < 0 or len(inner[bracket + 1 :].split()) > 1:
                continue
            opened = max(0, at - 20) + bracket
            words = _WORD.findall(text[max(0, opened - 120) : opened])
            content = [w for w in words if w.lower() not in _SMALL_WORDS]
            spelled = content[-len(letters) :]
            if len(spelled) != len(letters):
                continue
            if "".join(w[0].upper() for w in spelled) != letters:
                continue
            if not self._agrees(spelled, cid):
                return True
        return False

    def _agrees(self, words: list[str], cid: str) -> bool:
        own = self._name_words.get(cid)
        if own is None:
            cred = self.catalog[cid]
            forms = (cred.name, *cred.aliases, cred.issuer, *cred.cues)
            own = {w.lower() for f in forms for w in _WORD.findall(f)}
            self._name_words[cid] = own
        # At least half of the spelled words must be the credential's own, a plural or another
        # form of one counting ("Registered Nurses (RN)", "Trauma Nurse Core Curriculum
        # (TNCC)"): one shared word in three ("National Cyber Security Programme (NCSP)", and
        # the National Association of School Psychologists' NCSP) is chance.
        stems = {w[:4] for w in own if len(w) >= 4}
        # 'Certified' counts only for a credential whose own name has it: "Certified Nurse
        # Operating Room (CNOR)" is CNOR, "Certified First Assistant (CFA)" no analyst.
        words = [w.lower() for w in words if w.lower() not in _SPELLING_FILLER or w.lower() in own]
        agree = sum(w in own or (len(w) >= 4 and w[:4] in stems) for w in words)
        return agree * 2 >= len(words)

    # -- one family, one entry ---------------------------------------------------------------
    def _one_family(self, text: str, hits: list[Hit]) -> list[Hit]:
        ids = {h.credential_id for h in hits}
        if not ids & self._family:
            return hits
        out = []
        for h in hits:
            cred = self.catalog[h.credential_id]
            if h.credential_id == TS and self._beside(text, h, hits, TS_SCI):
                # "Top Secret (TS/SCI)", "Top Secret with SCI eligibility": one clearance.
                out.append(replace(h, credential_id=TS_SCI))
                continue
            if cred.type == "clearance" and cred.generic:
                levels = {
                    i
                    for i in ids
                    if self.catalog[i].ecosystem == cred.ecosystem and not self.catalog[i].generic
                }
                if TS_SCI in levels and not any(
                    o.credential_id == TS and not self._beside(text, o, hits, TS_SCI) for o in hits
                ):
                    levels.discard(TS)  # every Top Secret was relabelled above
                if len(levels) == 1:
                    out.append(replace(h, credential_id=next(iter(levels))))
                    continue
                if levels:
                    continue  # the posting names its levels; the unspecified one adds nothing
            if (
                cred.generic
                and cred.ecosystem in SCHEME_ECOSYSTEMS
                and self._listed_with(text, h, hits)
            ):
                continue
            out.append(h)
        return out

    def _umbrella_with_member(self, hits: list[Hit]) -> list[Hit]:
        """'Active nursing license required' and 'RN license' elsewhere in the posting: the
        labels name the RN license alone (an umbrella entry is for a posting that names no
        member). The same sentence was handled before (extractor: shadowed generics); this
        reaches across the posting."""
        umbrellas = {h.credential_id for h in hits} & self._umbrellas.keys()
        if not umbrellas:
            return hits
        # "one Salesforce certification, with Service Cloud preferred": asked on top of it.
        named = {self._member_of.get(h.credential_id) for h in hits if h.method != WITH_ITEM}
        drop = {u for u in umbrellas if self._umbrellas[u] in named}
        return [h for h in hits if h.credential_id not in drop] if drop else hits

    @staticmethod
    def _advanced_practice_licence(hits: list[Hit]) -> list[Hit]:
        """'Hold an unrestricted medical license in the state of Iowa' on an advert that asks
        for a CRNA, a CNM or an NP is that nurse's licence, not a physician's."""
        ids = {h.credential_id for h in hits}
        if MEDICAL_LICENSE not in ids or MD_DEGREE in ids or not ids & ADVANCED_PRACTICE:
            return hits
        return [
            h
            for h in hits
            if not (h.credential_id == MEDICAL_LICENSE and _LOOSE_MEDICAL.search(h.surface))
        ]

    @staticmethod
    def _physician_board(hits: list[Hit]) -> list[Hit]:
        """'Board Certified or Board Eligible' on an NP, PA, CRNA or CNM advert is that board."""
        ids = {h.credential_id for h in hits}
        if PHYSICIAN_BOARD not in ids or ids & PHYSICIAN or not ids & ADVANCED_PRACTICE:
            return hits
        return [
            h
            for h in hits
            if not (h.credential_id == PHYSICIAN_BOARD and h.method == "ambiguous_alias")
        ]

    def _one_card(self, text: str, hits: list[Hit]) -> list[Hit]:
        """'BLS/CPR', 'BLS CPR', 'CPR (BLS)': one card, the one that includes the other."""
        if not any(h.credential_id in INCLUDES for h in hits):
            return hits
        drop = set()
        for h in hits:
            for o in hits:
                if o.credential_id not in INCLUDES.get(h.credential_id, ()):
                    continue
                first, second = (h, o) if h.start <= o.start else (o, h)
                gap = text[first.end : second.start]
                if len(gap) <= 4 and _ONE_CARD_GAP.fullmatch(gap):
                    drop.add(id(o))
        return [h for h in hits if id(h) not in drop] if drop else hits

    def _beside(self, text: str, h: Hit, hits: list[Hit], cid: str) -> bool:
        """Another hit of `cid` in the same sentence as `h`."""
        lo, hi = sentence_bounds(text, h.start, h.end)
        return any(o.credential_id == cid and lo <= o.start < hi for o in hits if o is not h)

    def _listed_with(self, text: str, h: Hit, hits: list[Hit]) -> bool:
        """A specific certification of another issuer in the generic's sentence, or in the
        list its sentence introduces with a colon."""
        lo, hi = sentence_bounds(text, h.start, h.end)
        if text[hi : hi + 1] == ":" or text[h.end : hi].rstrip().endswith(":"):
            blank = text.find("\n\n", hi)
            hi = min(hi + _LIST_REACH, blank if blank >= 0 else len(text))
        for o in hits:
            if o is h or not lo <= o.start < hi:
                continue
            other = self.catalog[o.credential_id]
            if other.type == "certification" and not other.generic:
                return True
        return False

    # -- jurisdiction ------------------------------------------------------------------------
    def _uk(self, hits: list[Hit]) -> list[Hit]:
        out = []
        for h in hits:
            uk = UK_EQUIVALENT.get(h.credential_id)
            if uk and uk in self.catalog.credentials:
                out.append(replace(h, credential_id=uk))
            elif h.credential_id not in self._us_only:
                out.append(h)
        return out
