"""Generic-but-scoped mentions that name ecosystems in a list: "cloud certification (AWS, Azure
or GCP)", "AWS or Azure certification", "certifications such as Cisco or Juniper",
"certification with a major cloud provider (e.g. AWS, GCP or Snowflake)". The
labelling rules give one generic entry per named ecosystem; a lone "AWS certification" is
already an alias of `aws-any` and needs no rule."""

from __future__ import annotations

import re

from credfloor.normalize.catalog import Catalog
from credfloor.normalize.matcher import Hit
from credfloor.normalize.textfold import fold_key, literal_hits, same_length_lower

_CERT = re.compile(r"certifi(?:cations?|cates?|ed)\b")
LITERALS = ("certifi",)  # _CERT's start
# The list may follow a short lowercase phrase naming the kind of body ("certification with a
# major cloud provider (e.g. AWS, GCP or Azure)", "certified on one of the leading platforms
# such as Snowflake"), then how much it is wanted ("... provider is a plus (e.g. AWS, GCP)",
# "Certifications are preferred, such as AWS or Azure"), and a bracket may open with "e.g." or
# "such as".
_PREDICATE = (
    r"(?:(?:is|are|would be|will be)\s+(?:(?:a|an)\s+(?:big\s+|strong\s+|major\s+)?"
    r"(?:plus|bonus|asset|advantage)|(?:strongly\s+|highly\s+)?(?:preferred|required|desired|"
    r"desirable|recommended|advantageous)|nice to have)\s*)?"
)
_LIST_AFTER = re.compile(
    r"\s*(?:(?:with|from|in|on|for|of|through|by)\s+(?:[a-z][a-z-]*\s+){0,6}?)?"
    + _PREDICATE
    + r"(?:\(\s*(?:(?:e\.g\.|i\.e\.|such as|like|including|for example)[,:]?\s+)?|"
    r",?\s*(?:such as|like|e\.g\.,?|including|from)\s+)([^()\n.;:]{2,80})"
)
_LIST_BEFORE = re.compile(
    r"((?:[A-Z][\w+&-]*(?: [A-Z][\w+&-]*)?\s*(?:,|/|\bor\b|\band\b)\s*){1,5}"
    r"[A-Z][\w+&-]*(?: [A-Z][\w+&-]*)?)\s*$"
)
_ITEM = re.compile(r"[A-Z][\w+&-]*(?: [A-Z][\w+&-]*)?")


def ecosystem_names(catalog: Catalog) -> dict[str, str]:
    """Folded ecosystem name -> its '-any' entry, read from the entries' own "<name>
    certification(s)" forms ("aws" -> aws-any, "google cloud" -> gcp-any); a name two entries
    claim is left out."""
    owners: dict[str, set[str]] = {}
    for cred in catalog:
        if not (cred.generic and cred.id.endswith("-any")):
            continue
        for form in (cred.name, *cred.aliases):
            key = fold_key(form)
            for suffix in (" certifications", " certification"):
                if key.endswith(suffix) and len(key) > len(suffix) + 1:
                    owners.setdefault(key[: -len(suffix)], set()).add(cred.id)
    return {k: next(iter(v)) for k, v in owners.items() if len(v) == 1}


class ScopedGenerics:
    def __init__(self, catalog: Catalog):
        self._token_to_id = ecosystem_names(catalog)

    def find(
        self, text: str, taken: list[Hit], low: str | None = None, found: dict | None = None
    ) -> list[Hit]:
        """`low` and `found` as in FuzzyNames.find."""
        low = low if low is not None else same_length_lower(text)
        out: list[Hit] = []
        for cue in literal_hits(low, LITERALS, _CERT, found=found):
            segments = []
            after = _LIST_AFTER.match(text, cue.end())
            if after:
                segments.append((after.start(1), after.group(1)))
            before = _LIST_BEFORE.search(text, max(0, cue.start() - 80), cue.start())
            if before:
                segments.append((before.start(1), before.group(1)))
            for offset, segment in segments:
                for item in _ITEM.finditer(segment):
                    cid = self._token_to_id.get(fold_key(item.group()))
                    start, end = offset + item.start(), offset + item.end()
                    if cid and not any(h.start < end and start < h.end for h in (*taken, *out)):
                        out.append(Hit(start, end, item.group(), cid, "rule"))
        return out
