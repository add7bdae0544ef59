"""Job titles -> canonical role, seniority and a match score (table: catalog/roles.yaml).

1. **Normalize** the title: lowercase; parentheticals set aside (tried last); split into segments
   at " - ", "|", ",", ":", ";" and " / "; punctuation folded; common abbreviations expanded
   ("Sr." -> senior, "Mgr" -> manager, "Admin" -> administrator, "Tech" -> technician); plurals
   made singular; noise dropped: remote/hybrid/on-site, shift and contract notes (nights, PRN,
   per diem, full-time, contract-to-hire, W2...), requisition codes and any token with a digit,
   level numerals (I-V, "Level 2", "Tier 1", "Band 6", which still inform the seniority).
2. **Match**: each segment in order (parentheticals last) is searched for the roles' aliases as
   whole-word phrases; the longest alias wins (ties: the rightmost, the head noun of English
   titles). A role whose `exclude` words occur anywhere in the title is vetoed ("Cloud Sales
   Executive" is not a cloud engineer). Score: 100 when the title is the alias plus seniority
   and noise words, else at least 90.
3. **Near misses** ("Sofware Engineer", "Engineer, Cloud"): rapidfuzz `token_sort_ratio` of the
   segment, and of the whole title, against every alias, kept only at or above `FUZZY_CUTOFF`.
   `WRatio`/`token_set_ratio` are not used: they score any subset at 100 ("pmp" vs "pmp certified").
4. Otherwise the role is unknown (None): a wrong role is worse than none.

Seniority comes from the title words outside the matched alias (so "Project Manager" is `mid`
but "Data Science Manager" is `manager`): intern, entry, mid, senior, lead, manager, director.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from credfloor.normalize.foreign_titles import (
    ForeignTitles,
    core_title,
    detect_language,
    fold_accents,
    load_foreign_titles,
)
from credfloor.normalize.occupations import SOC_CODE, occupations
from credfloor.normalize.onet_titles import (
    FIELD_WORDS,
    GENERIC_WORDS,
    OnetIndex,
    build_index,
    load_corrections,
)

FUZZY_CUTOFF = 90.0
TYPO_CUTOFF = 85.0  # per word, on top of FUZZY_CUTOFF
SENIORITY_LEVELS = ("intern", "entry", "mid", "senior", "lead", "manager", "director")


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    soc_code: str | None
    aliases: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    soc_primary: bool = False  # stands for its whole O*NET occupation (several roles share it)
    kind: str = "curated"  # curated (roles.yaml) | occupation (an O*NET-SOC occupation)


@dataclass(frozen=True)
class TitleMatch:
    """What a title resolves to: `role` None means unknown."""

    title: str
    role: Role | None
    seniority: str
    score: float
    method: str  # alias | fuzzy | onet | onet-contained | onet-fuzzy | foreign | none
    alias: str | None = None
    language: str | None = None  # sv, es, de, fr, da, nl when the title reads as one of them

    @property
    def role_id(self) -> str | None:
        return self.role.id if self.role else None


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "unnamed"


# -- normalization ------------------------------------------------------------------------------

ABBREVIATIONS = {
    "sr": "senior",
    "snr": "senior",
    "jr": "junior",
    "jnr": "junior",
    "mgr": "manager",
    "mngr": "manager",
    "dir": "director",
    "admin": "administrator",
    "tech": "technician",
    "techs": "technician",
    "technologists": "technologist",
    "engr": "engineer",
    "eng": "engineer",
    "asst": "assistant",
    "assoc": "associate",
    "spec": "specialist",
    "coord": "coordinator",
    "rep": "representative",
    "svc": "service",
    "mgmt": "management",
    "info": "information",
    "sys": "system",
    "sw": "software",
    "dev": "developer",
    "devs": "developer",
    "developers": "developer",
    "vp": "vice president",
    "svp": "vice president",
    "evp": "vice president",
    "avp": "vice president",
    "humans": "human",
    "cyber-security": "cybersecurity",
    "fullstack": "full stack",
    "frontend": "front end",
    "backend": "back end",
    "nodejs": "node js",
    "reactjs": "react",
    "helpdesk": "help desk",
    "l&d": "learning and development",
}
# Never singularized: the trailing s is not a plural.
KEEP_S = {
    "devops",
    "devsecops",
    "mlops",
    "dataops",
    "aws",
    "gis",
    "ios",
    "sales",
    "analytics",
    "logistics",
    "physics",
    "economics",
    "mathematics",
    "statistics",
    "operations",
    "ops",
    "ems",
    "bls",
    "has",
    "his",
    "this",
    "us",
    "plus",
    "bus",
    "status",
    "campus",
    "hris",
    "sas",
    "saas",
    "paas",
    "iaas",
    "kubernetes",
    "js",
    "cos",
    "windows",
    "mis",
    "sous",
    "across",
    "lims",
    "ehs",
    "hss",
    "ots",
    "cdl",
}
NOISE_WORDS = {
    "remote",
    "remotely",
    "hybrid",
    "onsite",
    "wfh",
    "telecommute",
    "telework",
    "prn",
    "temporary",
    "temp",
    "contract",
    "contractor",
    "permanent",
    "perm",
    "fulltime",
    "parttime",
    "ft",
    "nights",
    "night",
    "days",
    "evenings",
    "evening",
    "weekends",
    "weekend",
    "overnight",
    "overnights",
    "nocs",
    "shift",
    "shifts",
    "bonus",
    "urgent",
    "urgently",
    "hiring",
    "immediate",
    "immediately",
    "needed",
    "wanted",
    "usa",
    "nationwide",
    "locum",
    "locums",
    "relocation",
    "sponsorship",
    "visa",
    "req",
    "requisition",
    "job",
    "jobs",
    "position",
    "opening",
    "opportunity",
    "opportunities",
    "role",
    "hourly",
    "salary",
    "salaried",
    "exempt",
    "nonexempt",
    "flexible",
    "rotating",
    "swing",
    "per",
    "diem",
}
NOISE_PHRASES = [
    ("full", "time"),
    ("part", "time"),
    ("work", "from", "home"),
    ("on", "site"),
    ("in", "office"),
    ("contract", "to", "hire"),
    ("temp", "to", "perm"),
    ("temp", "to", "hire"),
    ("sign", "on"),
    ("united", "state"),
    ("united", "kingdom"),
    ("day", "shift"),
    ("night", "shift"),
    ("days", "shift"),
    ("per", "diem"),
    ("up", "to"),
]
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}
LEVEL_WORDS = {"level", "tier", "band", "grade", "step", "lvl", "l"}

# Seniority words, strongest first; checked on the words outside the matched alias.
SENIORITY_WORDS: list[tuple[str, set[tuple[str, ...]]]] = [
    (
        "intern",
        {("intern",), ("internship",), ("co", "op"), ("coop",), ("summer", "student")},
    ),
    (
        "director",
        {
            ("director",),
            ("vice", "president"),
            ("head",),
            ("chief",),
            ("cto",),
            ("cio",),
            ("ciso",),
            ("cfo",),
            ("cno",),
            ("cmo",),
        },
    ),
    ("manager", {("manager",), ("supervisor",), ("superintendent",)}),
    ("lead", {("lead",), ("principal",), ("staff",), ("distinguished",), ("fellow",)}),
    ("senior", {("senior",), ("experienced",), ("expert",)}),
    (
        "entry",
        {
            ("junior",),
            ("entry",),
            ("graduate",),
            ("grad",),
            ("associate",),
            ("trainee",),
            ("apprentice",),
            ("apprenticeship",),
            ("resident",),
            ("residency",),
            ("early", "career"),
            ("beginner",),
        },
    ),
]
# Alias words that still say something about seniority ("Senior Accountant" is an alias of
# Accountant, but it is senior), unless the role's own name has them (Project *Manager*).
SENIORITY_IN_ALIAS = {
    "manager",
    "supervisor",
    "director",
    "head",
    "chief",
    "senior",
    "lead",
    "junior",
    "principal",
    "intern",
    "apprentice",
    "trainee",
    "graduate",
    "grad",
    "resident",
    "residency",
}
CORE_DROP = {w for _, phrases in SENIORITY_WORDS for p in phrases for w in p} | {"of", "the"}

_DOTTED = re.compile(r"\b(?:[a-z]\.){2,}")
_PAREN = re.compile(r"[\(\[\{]([^\)\]\}]*)[\)\]\}]?")
_SEGMENT = re.compile(
    r"\s+[-\u2013\u2014]+\s+|\s*[|,:;\u2022]\s*|\s+/\s+|\s+[-\u2013\u2014]+$|^[-\u2013\u2014]+\s+"
)
_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#]*")


def _singular(tok: str) -> str:
    if (
        len(tok) > 3
        and tok.endswith("s")
        and tok not in KEEP_S
        and not tok.endswith(("ss", "us", "is"))
    ):
        if tok.endswith("ies") and len(tok) > 4:
            return tok[:-3] + "y"
        return tok[:-1]
    return tok


def _tokens(text: str) -> tuple[list[str], int | None]:
    """Folded tokens of one segment, with noise removed, and the level numeral if any."""
    text = text.replace("&", " and ").replace("'", "").replace("\u2019", "")
    text = re.sub(r"(?<=[a-z])\.(?=net\b)", " ", text)
    raw = _TOKEN.findall(text)
    out: list[str] = []
    level = None
    i = 0
    while i < len(raw):
        tok = raw[i]
        nxt = raw[i + 1] if i + 1 < len(raw) else ""
        if tok in LEVEL_WORDS and (nxt.isdigit() or nxt in ROMAN):
            level = int(nxt) if nxt.isdigit() else ROMAN[nxt]
            if tok == "band":  # NHS bands: 5 is a newly qualified nurse, 7 a specialist
                level = max(1, level - 4)
            i += 2
            continue
        if tok in ROMAN and out:
            level = ROMAN[tok]
            i += 1
            continue
        if any(c.isdigit() for c in tok):
            if re.fullmatch(r"[1-5]", tok) and out:
                level = int(tok)
            i += 1
            continue
        expanded = ABBREVIATIONS.get(tok, tok)
        for part in expanded.split():
            out.append(_singular(part))
        i += 1
    # Noise phrases, then noise words.
    for phrase in NOISE_PHRASES:
        n = len(phrase)
        j = 0
        while j <= len(out) - n:
            if tuple(out[j : j + n]) == phrase:
                del out[j : j + n]
            else:
                j += 1
    out = [t for t in out if t not in NOISE_WORDS]
    return out, level


@dataclass(frozen=True)
class NormalizedTitle:
    segments: tuple[tuple[str, ...], ...]  # main segments in order, then parentheticals
    words: str  # every token of the title, space padded: what exclusions look at
    level: int | None = None
    n_main: int = field(default=0)

    @property
    def text(self) -> str:
        return " ".join(" ".join(s) for s in self.segments[: self.n_main or None] if s)


def normalize_title(title: str) -> NormalizedTitle:
    t = fold_accents(title or "").lower()
    t = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), t)  # "C.N.A." -> "cna"
    extras = [m.group(1) for m in _PAREN.finditer(t)]
    t = _PAREN.sub(" , ", t)
    # "/" between words ("AI/ML", "RN/LPN") is a space; " / " between phrases splits segments.
    t = re.sub(r"(?<=\S)/(?=\S)", " ", t)
    parts = [p for p in _SEGMENT.split(t) if p and p.strip()]
    segs, level = [], None
    for part in parts:
        toks, lvl = _tokens(part)
        level = lvl if lvl is not None else level
        if toks:
            segs.append(tuple(toks))
    n_main = len(segs)
    for extra in extras:
        for part in _SEGMENT.split(extra):
            toks, lvl = _tokens(part or "")
            level = lvl if lvl is not None else level
            if toks:
                segs.append(tuple(toks))
    words = " " + " ".join(" ".join(s) for s in segs) + " "
    return NormalizedTitle(tuple(segs), words, level, n_main)


def normalize_phrase(phrase: str) -> str:
    toks, _ = _tokens(fold_accents(phrase).lower())
    return " ".join(toks)


# -- the table ----------------------------------------------------------------------------------


class RoleTable:
    """Curated roles (aliases, exclusions) in front of the O*NET title index and the reviewed
    table of titles in other languages; `occupations` maps a SOC code to the role standing for it."""

    def __init__(
        self,
        roles: tuple[Role, ...],
        occupations: dict[str, Role] | None = None,
        onet: OnetIndex | None = None,
        foreign: ForeignTitles | None = None,
    ):
        self.roles = roles
        self.occupations = occupations or {}
        self.onet = onet or OnetIndex()
        self.foreign = foreign
        self.by_alias: dict[str, Role] = {}
        self.max_len = 1
        for role in roles:
            for alias in (role.name, *role.aliases):
                key = normalize_phrase(alias)
                if not key:
                    continue
                owner = self.by_alias.get(key)
                if owner is not None and owner.id != role.id:
                    raise ValueError(
                        f"roles.yaml: alias {alias!r} of {role.id} already names {owner.id}"
                    )
                self.by_alias[key] = role
                self.max_len = max(self.max_len, len(key.split()))
        self.excludes = {
            role.id: tuple(f" {normalize_phrase(w)} " for w in role.exclude if normalize_phrase(w))
            for role in roles
        }
        # Fuzzy choices by word count: a near miss keeps its words (typos, order), so
        # "Automation Engineer" never fuzzy-matches "QA Automation Engineer".
        self.choices: dict[int, list[str]] = {}
        for a in self.by_alias:
            if len(a) >= 4:
                self.choices.setdefault(len(a.split()), []).append(a)
        # The same aliases with their words sorted: token_sort_ratio is the ratio of the sorted
        # forms, so each alias is sorted once here, not once per title searched (classifying
        # the corpus's 13,233 titles: 3.1 -> 2.6 s).
        self.sorted_choices = {
            n: [_sorted_words(a) for a in aliases] for n, aliases in self.choices.items()
        }

    def _excluded(self, role: Role, norm: NormalizedTitle) -> bool:
        return any(w in norm.words for w in self.excludes.get(role.id, ()))

    def _contained(self, seg: tuple[str, ...], norm: NormalizedTitle):
        for n in range(min(self.max_len, len(seg)), 0, -1):
            for i in range(len(seg) - n, -1, -1):  # rightmost first
                key = " ".join(seg[i : i + n])
                role = self.by_alias.get(key)
                if role is not None and not self._excluded(role, norm):
                    return role, key, i, i + n
        return None

    def match(self, title: str) -> TitleMatch:
        norm = normalize_title(title)
        for seg in norm.segments:
            found = self._contained(seg, norm)
            if found:
                role, alias, start, end = found
                rest = seg[:start] + seg[end:]
                core = [t for t in rest if t not in CORE_DROP]
                score = 100.0 if not core else max(90.0, round(fuzz.ratio(alias, " ".join(seg)), 1))
                seniority = self._seniority(norm, seg, start, end, role)
                return TitleMatch(title, role, seniority, score, "alias", alias)
        fuzzy = self._fuzzy(norm)
        if fuzzy:
            role, alias, score = fuzzy
            return TitleMatch(title, role, self._seniority(norm), score, "fuzzy", alias)
        found = self._onet_exact(norm)
        if found is None and self.foreign is not None:
            hit = self.foreign.match(title)
            if hit is not None:
                code, key, lang = hit
                role = self.role_for_code(code)
                if role is not None:
                    return TitleMatch(
                        title, role, self._seniority(norm), 95.0, "foreign", key, lang
                    )
        found = found or self._onet_contained(norm)
        if found:
            role, key, seg, start, end, method = found
            rest = [t for t in seg[:start] + seg[end:] if t not in CORE_DROP]
            score = 100.0 if not rest else max(90.0, round(fuzz.ratio(key, " ".join(seg)), 1))
            seniority = self._seniority(norm, seg, start, end, role)
            return TitleMatch(title, role, seniority, score, method, key)
        fuzzy = self._onet_fuzzy(norm)
        if fuzzy:
            role, key, score = fuzzy
            return TitleMatch(title, role, self._seniority(norm), score, "onet-fuzzy", key)
        if "/" in title:  # "Receptionist/Data Entry": each alternative on its own
            for part in re.split(r"\s*/\s*", title):
                inner = self.match(part) if part.strip() else None
                if inner is not None and inner.role is not None:
                    return TitleMatch(
                        title, inner.role, inner.seniority, inner.score, inner.method, inner.alias
                    )
        lang = detect_language(title)
        core = core_title(title) if lang else None
        if core:  # "Receptionist sökes till ..." -> "Receptionist"
            inner = self.match(core)
            if inner.role is not None:
                return TitleMatch(
                    title, inner.role, inner.seniority, inner.score, inner.method, inner.alias, lang
                )
        return TitleMatch(title, None, self._seniority(norm), 0.0, "none", None, lang)

    def role_for_code(self, code: str) -> Role | None:
        """A curated role id or an O*NET-SOC code -> its role."""
        if code in self.occupations:
            return self.occupations[code]
        return next((r for r in self.roles if r.id == code), None)

    def _onet_role(self, key: str, norm: NormalizedTitle) -> Role | None:
        code = self.onet.keys.get(key)
        role = self.role_for_code(code) if code else None
        if role is None or self._excluded(role, norm):
            return None
        return role

    def _onet_exact(self, norm: NormalizedTitle):
        """An O*NET title that is a whole segment (less seniority words), segments in order."""
        for seg in norm.segments:
            for form in (seg, tuple(t for t in seg if t not in CORE_DROP)):
                key = " ".join(form)
                role = self._onet_role(key, norm)
                if role is not None:
                    start = seg.index(form[0]) if form else 0
                    return role, key, seg, start, start + len(form), "onet"
        # "Engineer, Cloud", "Director, Information Technology": the qualifier segment first.
        main = norm.segments[: norm.n_main]
        for a, b in zip(main, main[1:], strict=False):
            if len(b) <= 3:
                for form in (b + a, b + a[:-1] + ("manager",) if a[-1] in _TOP else ()):
                    key = " ".join(t for t in form if t not in CORE_DROP or t in _TOP)
                    role = self._onet_role(key, norm) if form else None
                    if role is not None:
                        return role, key, a, 0, 0, "onet"
        return None

    def _onet_contained(self, norm: NormalizedTitle):
        """The longest O*NET title inside a segment or its inversion ("Director of Finance"),
        rightmost on ties (the head of an English title), segments in order. A one-word title
        counts only as the segment's last word (its head noun: "Band 6 Dietitian", not "Deputy
        Ward Sister") and only when it looks like a job noun or is a reviewed correction."""
        for seg in norm.segments:
            for form in _variants(seg):
                found = self._onet_inside(form, norm)
                if found:
                    role, key, i, n = found
                    if form is not seg:  # seniority is read off the title as written
                        return role, key, seg, 0, 0, "onet-contained"
                    return role, key, seg, i, i + n, "onet-contained"
        main = norm.segments[: norm.n_main]
        for a, b in zip(main, main[1:], strict=False):
            if len(b) <= 3:
                for form in _variants(b + a):
                    found = self._onet_inside(form, norm)
                    if found:
                        return found[0], found[1], a, 0, 0, "onet-contained"
        return self._head_pairs(norm)

    def _head_pairs(self, norm: NormalizedTitle):
        """A segment's head noun with one of its modifiers, nearest first ("Senior Data
        Informatics Analyst" -> "informatics analyst", "data analyst"): a curated alias or an
        O*NET occupation, reported or reviewed title of two words (alternate titles are too
        loose here); then a reviewed head default ("* developer")."""
        for seg in norm.segments[: norm.n_main]:
            words = [t for t in seg if t not in CORE_DROP]
            if len(words) < 3 or len(words) > 5:
                continue
            head = words[-1]
            for mod in reversed(words[:-2]):
                key = f"{mod} {head}"
                role = self.by_alias.get(key)
                if role is not None and self._excluded(role, norm):
                    role = None
                if role is None and key in self.onet.strong:
                    role = self._onet_role(key, norm)
                if role is not None:
                    return role, key, seg, 0, 0, "onet-head"
        generic_head = any(
            v and v[-1] in _JOB_HEADS for s in norm.segments[: norm.n_main] for v in _variants(s)
        )
        if generic_head and self.onet.domains:
            longest = None
            for domain, code in self.onet.domains.items():
                if f" {domain} " in norm.words and (
                    longest is None or len(domain) > len(longest[0])
                ):
                    longest = (domain, code)
            if longest is not None:
                role = self.role_for_code(longest[1])  # None for `unknown`: no default
                if role is not None and not self._excluded(role, norm):
                    return role, f"{longest[0]} *", (), 0, 0, "onet-domain"
        for seg in norm.segments[: norm.n_main]:
            words = [t for t in seg if t not in CORE_DROP]
            default = self.onet.heads.get(words[-1]) if len(words) >= 2 else None
            if default is not None:
                code, vetoes = default
                if not any(f" {v} " in norm.words for v in vetoes):
                    role = self.role_for_code(code)
                    if role is not None:
                        return role, f"* {words[-1]}", seg, 0, 0, "onet-head"
        return None

    def _onet_inside(self, seg: tuple[str, ...], norm: NormalizedTitle):
        for n in range(min(self.onet.max_len, len(seg)), 0, -1):
            for i in range(len(seg) - n, -1, -1):
                if n == 1 and (
                    i != len(seg) - 1
                    or not (_JOB_NOUN.search(seg[i]) or seg[i] in self.onet.reviewed)
                ):
                    continue
                key = " ".join(seg[i : i + n])
                role = self._onet_role(key, norm)
                if role is not None:
                    return role, key, i, n
        return None

    def _onet_fuzzy(self, norm: NormalizedTitle):
        best = None
        for seq in norm.segments[: norm.n_main or None]:
            q = " ".join(t for t in seq if t not in CORE_DROP)
            if len(q) < 6:
                continue
            hit = process.extractOne(
                q,
                self.onet.choices.get((len(q.split()), q[0]), []),
                scorer=fuzz.ratio,
                processor=None,
                score_cutoff=FUZZY_CUTOFF,
            )
            if hit and (best is None or hit[1] > best[2]) and _only_typos(q, hit[0], 90.0):
                role = self._onet_role(hit[0], norm)
                if role is not None:
                    best = (role, hit[0], round(hit[1], 1))
        return best

    def _fuzzy(self, norm: NormalizedTitle):
        queries = set()
        main = [t for s in norm.segments[: norm.n_main] for t in s]
        for seq in [*norm.segments, tuple(main)]:
            for q in (" ".join(seq), " ".join(t for t in seq if t not in CORE_DROP)):
                if len(q) >= 4:
                    queries.add(q)
        best = None
        for q in sorted(queries):
            n = len(q.split())
            hit = process.extractOne(
                _sorted_words(q),
                self.sorted_choices.get(n, []),
                scorer=fuzz.ratio,
                processor=None,
                score_cutoff=FUZZY_CUTOFF,
            )
            if hit is None:
                continue
            alias = self.choices[n][hit[2]]
            if (best is None or hit[1] > best[2]) and _only_typos(q, alias):
                role = self.by_alias[alias]
                if not self._excluded(role, norm):
                    best = (role, alias, round(hit[1], 1))
        return best

    @staticmethod
    def _seniority(norm, seg=None, start=0, end=0, role: Role | None = None) -> str:
        words: list[str] = []
        for s in norm.segments:
            if s is seg:
                words += s[:start] + s[end:]
                name = set(normalize_phrase(role.name).split()) if role else set()
                words += [t for t in s[start:end] if t in SENIORITY_IN_ALIAS and t not in name]
            else:
                words += s
        padded = " " + " ".join(words) + " "
        for level, phrases in SENIORITY_WORDS:
            if any(f" {' '.join(p)} " in padded for p in phrases):
                return level
        if norm.level is not None:
            return "entry" if norm.level <= 1 else "mid" if norm.level == 2 else "senior"
        return "mid"


# A one-word O*NET title inside a longer title must look like a job noun ("dietitian",
# "surgeon", "underwriter"), not a field ("intelligence", "network", "cyber").
_JOB_NOUN = re.compile(
    r"(?:er|or|ist|ian|ant|ent|eon|man|ar|ee|ic|wright|smith|nurse|aide|chef|cook|clerk|guard|"
    r"pilot|judge|maid|person)$"
)


_OF = {"of", "in", "for"}
# A title must end on one of these generic job words to take the role of a reviewed domain it
# names (onet_corrections.yaml "<domain> *"); a field or a group ("Sales", "Team", or "of" and
# "the" left at the end of a segment) names no job.
_JOB_HEADS = (GENERIC_WORDS | CORE_DROP) - FIELD_WORDS - {"of", "the"}
_TOP = {"director", "head", "chief", "vice", "president"}


def _variants(seg: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The segment, then its English inversions: "Director of Finance" -> "finance director",
    "Deputy Head of Facilities" -> "deputy facilities head"; a top job word also reads as
    manager ("finance manager"), the SOC's name for directors and heads of a function."""
    out = [seg]
    for i, word in enumerate(seg):
        if word in _OF and 0 < i < len(seg) - 1:
            inverted = seg[: i - 1] + seg[i + 1 :] + seg[i - 1 : i]
            out.append(inverted)
            if inverted[-1] in _TOP:
                out.append(inverted[:-1] + ("manager",))
            break
    if len(seg) > 1 and seg[-1] in _TOP:
        out.append(seg[:-1] + ("manager",))
    return out


def _sorted_words(text: str) -> str:
    return " ".join(sorted(text.split()))


def _only_typos(query: str, alias: str, cutoff: float = TYPO_CUTOFF) -> bool:
    """Every word of the query (sorted) is a near spelling of the alias's word: "Technical
    Designer" is not a misspelt "Mechanical Designer", nor "Program Analyst" "Programmer Analyst"."""
    pairs = zip(sorted(query.split()), sorted(alias.split()), strict=False)
    return all(a == b or fuzz.ratio(a, b) >= cutoff for a, b in pairs)


@lru_cache(maxsize=1)
def load_roles() -> tuple[Role, ...]:
    """The curated roles (catalog/roles.yaml): the preferred names, each with its SOC code."""
    path = resources.files("credfloor.normalize.catalog") / "roles.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(
        Role(
            id=r["id"],
            name=r["name"],
            soc_code=r.get("soc_code"),
            aliases=tuple(r.get("aliases", [])),
            exclude=tuple(r.get("exclude", [])),
            soc_primary=bool(r.get("soc_primary", False)),
        )
        for r in data
    )


@lru_cache(maxsize=1)
def occupation_roles() -> dict[str, Role]:
    """Every O*NET-SOC occupation's role by code: the curated role carrying that code (the one
    marked soc_primary when several do), else a role named after the occupation with a readable
    id slug ("Registered Nurses" -> registered-nurses; the curated registered-nurse wins)."""
    curated: dict[str, list[Role]] = {}
    for role in load_roles():
        if role.soc_code:
            curated.setdefault(role.soc_code, []).append(role)
    taken = {r.id for r in load_roles()}
    out: dict[str, Role] = {}
    for code, occ in occupations().items():
        mine = curated.get(code, [])
        primary = [r for r in mine if r.soc_primary] if len(mine) > 1 else mine
        if primary:
            out[code] = primary[0]
            continue
        slug = slugify(occ.title)
        if slug in taken:
            slug = f"{slug}-{code.replace('.', '-')}"
        taken.add(slug)
        out[code] = Role(id=slug, name=occ.title, soc_code=code, kind="occupation")
    return out


@lru_cache(maxsize=1)
def all_roles() -> tuple[Role, ...]:
    """The curated roles, then every O*NET occupation that has no curated role of its own."""
    seen = {r.id for r in load_roles()}
    extra = [r for r in occupation_roles().values() if r.id not in seen]
    return load_roles() + tuple(sorted(extra, key=lambda r: r.soc_code or ""))


def _table_fingerprint() -> str:
    """Changes whenever the bundled data or the code that compiles the table changes."""
    digest = hashlib.sha1()
    catalog = resources.files("credfloor.normalize.catalog")
    for name in ("roles.yaml", "foreign_titles.yaml", "onet_corrections.yaml"):
        digest.update((catalog / name).read_bytes())
    for name in ("occupations.tsv.gz", "titles.tsv.gz"):
        digest.update((catalog / "onet" / name).read_bytes())
    here = Path(__file__).parent
    for name in ("roles.py", "onet_titles.py", "occupations.py", "foreign_titles.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


def _build_table() -> RoleTable:
    return RoleTable(
        load_roles(),
        occupation_roles(),
        build_index(normalize_phrase, load_corrections()),
        load_foreign_titles(),
    )


@lru_cache(maxsize=1)
def role_table() -> RoleTable:
    """The compiled table, from a cache when current: indexing ~60,000 O*NET titles takes ~1-2 s,
    unpickling the result a fraction of that, and every process that resolves titles needs it."""
    from credfloor.normalize.cache import cached

    return cached("roles", _table_fingerprint(), RoleTable, _build_table)


@lru_cache(maxsize=100_000)
def classify_title(title: str) -> TitleMatch:
    """The role (None: unknown), seniority and score (0-100) of a job title."""
    return role_table().match(title)


def resolve_title(title: str) -> tuple[Role | None, str, float]:
    m = classify_title(title)
    return m.role, m.seniority, m.score


def role_for_title(title: str) -> Role | None:
    return classify_title(title).role


def seniority_for_title(title: str) -> str:
    return classify_title(title).seniority


def role_by_id_or_name(name: str) -> Role | None:
    """A role by id, name, the slug of its O*NET occupation title ("registered-nurses") or an
    O*NET-SOC code ("29-1141" or "29-1141.00")."""
    code = name.strip()
    if SOC_CODE.match(code):
        return occupation_roles().get(code if "." in code else f"{code}.00")
    slug = slugify(name)
    for role in all_roles():
        if slug in (role.id, slugify(role.name)):
            return role
    occ = {slugify(o.title): c for c, o in occupations().items()}
    if slug in occ:
        return occupation_roles()[occ[slug]]
    return None


def role_from_name(name: str) -> Role:
    """An explicit --role: a known role by id, name, SOC code or exact alias, else a new role
    named as given."""
    role = role_by_id_or_name(name)
    if role is not None:
        return role
    role = role_table().by_alias.get(normalize_phrase(name))
    if role is not None:
        return role
    return Role(id=slugify(name), name=name.strip(), soc_code=None)
