"""Job titles in the corpus' other languages (Swedish, Spanish, German, French, Danish, Dutch):
a small reviewed table of their most frequent titles (catalog/foreign_titles.yaml) and a rough
language guess, so a title we cannot place is `unknown` with its language noted.

The table maps a title phrase to a curated role id or an O*NET-SOC code. Scandinavian and German
titles are compounds ("Javautvecklare", "Softwareentwickler"), so each language can also list
`suffixes`: a word ending in one ("...utvecklare") means the role, unless the word is one of the
suffix's `not` words ("kompetensutvecklare" develops staff, not software).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

LANGUAGES = ("sv", "es", "de", "fr", "da", "nl")

_FOLD = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "œ": "oe", "Œ": "OE"})
_WORD = re.compile(r"[a-z0-9]+")


def fold_accents(text: str) -> str:
    """NFKC, then letters without their accents ("Sjuksköterska" -> "Sjukskoterska"): titles in
    the other languages tokenize like English ones."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Words (on the lowercased title, accents kept) that mark a language; the most hits wins.
_MARKERS = {
    "sv": r"[åäö]|\b(?:och|till|söker|sökes|söks|för|inom|med|hos|på|utvecklare|sjuksköterska|"
    r"säljare|lärare|chef|tekniker|ingenjör|konsult|projektledare|handläggare|medarbetare|"
    r"erfaren|vi|du)\b|utvecklare\b|ingenjör|sköterska|skötare|lärare\b|säljare\b",
    "da": r"[æø]|\b(?:og|til|søger|hos|med|udvikler|sygeplejerske|medarbejder|ingeniør|"
    r"pædagog|læge|leder|konsulent|elektriker)\b|udvikler\b|medarbejder\b",
    "de": r"ß|\b(?:m/w/d|w/m/d|m/f/d|und|für|mit|im|der|die|das|ingenieur|entwickler|"
    r"mitarbeiter|leiter|sachbearbeiter|berater|kaufmann|kauffrau|fachkraft|werkstudent|"
    r"pflegefachkraft|arzt|ärztin)\b|entwickler(?:in)?\b|\(m/w/d\)|\(w/m/d\)|\(m/f/d\)|"
    r"ingenieur(?:in)?\b|\*in\b",
    "es": r"ñ|\b(?:de|del|y|para|en|analista|ingeniero|ingeniera|desarrollador|desarrolladora|"
    r"técnico|técnica|enfermero|enfermera|gerente|coordinador|coordinadora|jefe|asistente|"
    r"vendedor|auxiliar|especialista|practicante|programador|médico|profesor|contador|"
    r"empleo|datos)\b",
    "fr": r"\b(?:h/f|f/h|et|des|du|le|la|ingénieur|développeur|développeuse|chef de|"
    r"responsable|technicien|technicienne|chargé|chargée|infirmier|infirmière|gestionnaire|"
    r"conseiller|directeur|directrice|analyste|données|comptable|commercial|commerciale|"
    r"stagiaire|alternant|alternance)\b|\(h/f\)|\(f/h\)",
    "nl": r"\b(?:en|van|voor|bij|medewerker|ontwikkelaar|verpleegkundige|adviseur|beheerder|"
    r"projectleider|monteur|docent|begeleider|verkoper|m/v|m/v/x|medewerkster)\b|"
    r"ontwikkelaar\b|medewerker\b",
}
_MARKER_RE = {lang: re.compile(p) for lang, p in _MARKERS.items()}
# Words that mark the same language in English titles too often to count on their own.
_WEAK = re.compile(r"^(?:de|en|la|le|des|du|et|y|med|til|till|vi|du|chef|commercial|van)$")


def detect_language(title: str) -> str | None:
    """The title's language when it reads as one of LANGUAGES (a guess from marker words and
    letters), else None (English or unknown). Weak markers alone ("de", "en") never decide."""
    low = unicodedata.normalize("NFKC", title or "").lower()
    best, best_score = None, 0
    for lang, rx in _MARKER_RE.items():
        hits = [m.group(0) for m in rx.finditer(low)]
        strong = [h for h in hits if not _WEAK.match(h.strip())]
        score = len(strong) * 2 + (len(hits) - len(strong)) if strong else 0
        if score > best_score:
            best, best_score = lang, score
    return best


# Where the job ends in a Scandinavian, Dutch or German title: "X till/hos/på/inom/för ...",
# "X sökes", "Företag söker X", "Vi søger X", "X (m/w/d)".
_CUT_AFTER = re.compile(
    r"\s+(?:till|hos|på|inom|för|med|sökes|söks|søges|til|bij|voor|gezocht|mit|für|in|im|i)\b.*$"
    r"|\s*\((?:m/w/d|w/m/d|m/f/d|h/f|f/h|m/v)\).*$",
    re.I,
)
_CUT_BEFORE = re.compile(
    r"^.*?\b(?:söker|søger|zoekt|sucht)\s+(?:en\s+|ett\s+|dig\s+som\s+)?", re.I
)


def core_title(title: str) -> str | None:
    """The job words of a title in one of the other languages, without the company, place and
    "wanted" words around them; None when nothing was cut (or nothing is left)."""
    core = _CUT_BEFORE.sub("", title.strip())
    core = _CUT_AFTER.sub("", core).strip(" -–,:!")
    return core if core and core != title.strip() else None


@dataclass
class ForeignTitles:
    phrases: dict[str, tuple[str, str]] = field(default_factory=dict)  # phrase -> (code, lang)
    suffixes: list[tuple[str, str, str, frozenset[str]]] = field(default_factory=list)
    max_len: int = 1

    def match(self, title: str) -> tuple[str, str, str] | None:
        """(role id or SOC code, matched phrase, language) for the longest listed phrase in the
        title (leftmost on ties), else the first word ending in a listed suffix; None if none."""
        words = _WORD.findall(fold_accents(title or "").lower())
        for n in range(min(self.max_len, len(words)), 0, -1):
            for i in range(len(words) - n + 1):
                key = " ".join(words[i : i + n])
                if key in self.phrases:
                    code, lang = self.phrases[key]
                    return code, key, lang
        for word in words:
            for suffix, code, lang, not_words in self.suffixes:
                if word.endswith(suffix) and word not in not_words:
                    return code, word, lang
        return None


def _key(phrase: str) -> str:
    return " ".join(_WORD.findall(fold_accents(str(phrase)).lower()))


@lru_cache(maxsize=1)
def load_foreign_titles() -> ForeignTitles:
    path = resources.files("credfloor.normalize.catalog") / "foreign_titles.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    table = ForeignTitles()
    for lang, entry in data.items():
        if lang not in LANGUAGES:
            raise ValueError(f"foreign_titles.yaml: unknown language {lang!r} (one of {LANGUAGES})")
        for phrase, code in (entry.get("titles") or {}).items():
            key = _key(phrase)
            if not key:
                raise ValueError(f"foreign_titles.yaml: {lang} title {phrase!r} has no words")
            if key in table.phrases and table.phrases[key][0] != str(code):
                raise ValueError(f"foreign_titles.yaml: {phrase!r} listed twice, differently")
            table.phrases[key] = (str(code), lang)
            table.max_len = max(table.max_len, len(key.split()))
        for suffix, spec in (entry.get("suffixes") or {}).items():
            spec = spec if isinstance(spec, dict) else {"role": spec}
            not_words = frozenset(_key(w) for w in spec.get("not", []))
            table.suffixes.append((_key(suffix), str(spec["role"]), lang, not_words))
    # Longer suffixes first: "webbutvecklare" before "utvecklare".
    table.suffixes.sort(key=lambda s: -len(s[0]))
    return table
