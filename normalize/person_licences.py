"""Licences named by the person who holds them: "Licensed driver with a reliable vehicle",
"license or registration as a professional nurse", "licensed as a pharmacist". The catalog
names the licence ("driver license", "Registered Professional Nurse"); the posting names the
licensed person. A phrase counts when turning it back into the licence's own wording gives
exactly one catalog licence (not an umbrella entry): "licensed driver" -> "driver license".
"""

from __future__ import annotations

import re

from credfloor.normalize.catalog import Catalog
from credfloor.normalize.matcher import Hit
from credfloor.normalize.textfold import literal_hits, same_length_lower

LITERALS = ("licen", "regist")
_LIC = r"(?:licen[cs](?:e|ed|ure)|registration|registered)"
# "licensed driver" (the adjective before the person) or "license/registration/licensed/
# registered (or ...) (to practice) as a professional nurse". Over lowercased text.
_PERSON = re.compile(
    r"(?:(?P<adj>licen[cs]ed)(?!\s+(?:to\s+practi|as\s))|"
    + _LIC
    + r"(?:\s*(?:/|or|and/or|and)\s*"
    + _LIC
    + r")?"
    r"\s+(?:to\s+practi[cs]e\s+)?as\s+an?)"
    r"\s+(?P<np>[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){0,2})"
)
# Words that end the person's name: what follows is about something else.
_STOP = frozenset(
    """in with and or for to of the by at who that which on from as is are be must will
    within under license licence licensed licenced licensure registration registered""".split()
)


# The person's name ends in a word for a person (one person: "licensed drivers" and
# "licensed plumbers" are the public or contractors the job deals with) ("driver", "pharmacist", "professional
# nurse"), not in a field ("licensed security software", "licensed medical staff").
_PERSON_END = re.compile(
    r"(?:er|or|ist|ian|ant|ent|nurse|midwife|paramedic|architect|pilot|guard|tech)s?$"
)


# What a programme leads to or a trainee may become is no requirement of the hire.
_FUTURE = re.compile(r"\b(?:become|becoming|lead(?:s|ing)? to|towards?|opportunity to)\s+$")


class PersonLicences:
    def __init__(self, catalog: Catalog):
        self.catalog = catalog

    def find(
        self, text: str, taken: list[Hit], low: str | None = None, found: dict | None = None
    ) -> list[Hit]:
        """`low` and `found` as in FuzzyNames.find."""
        low = low if low is not None else same_length_lower(text)
        out: list[Hit] = []
        for m in literal_hits(low, LITERALS, _PERSON, found=found):
            words = m.group("np").split()
            cut = next((i for i, w in enumerate(words) if w in _STOP), len(words))
            words = words[:cut]
            start = m.start()
            # The longest run of the person's words that names one licence.
            for n in range(len(words), 0, -1):
                if not _PERSON_END.search(words[n - 1]):
                    continue  # "licensed security software" is no licensed security guard
                if m.group("adj") and words[n - 1].endswith("s"):
                    break  # "inspected by licensed plumbers": other people, not the hire
                np = " ".join(words[:n])
                cid = self._licence(np, adjective=bool(m.group("adj")))
                if cid is None:
                    continue
                end = m.start("np") + len(np)
                if text[m.start("np") : end].lower() != np:  # spaces other than one blank
                    end = _end_of_words(text, m.start("np"), n)
                if _FUTURE.search(low, max(0, start - 40), start):
                    break  # "would lead to registration as a pharmacy technician": an outcome
                if not any(h.start < end and start < h.end for h in (*taken, *out)):
                    out.append(Hit(start, end, text[start:end], cid, "licensed_person"))
                break
        return out

    def _licence(self, person: str, adjective: bool) -> str | None:
        forms = [f"{person} license", f"{person} licence"]
        if not adjective:
            forms += [f"registered {person}", f"licensed {person}"]
        for form in forms:
            ids = self.catalog.ids_for(form)
            if len(ids) == 1:
                cred = self.catalog[next(iter(ids))]
                if cred.type == "license" and not cred.generic:
                    return cred.id
        return None


def _end_of_words(text: str, pos: int, n: int) -> int:
    """The end of the n-th word from `pos`."""
    words = list(re.finditer(r"\S+", text[pos : pos + 200]))
    return pos + words[n - 1].end()
