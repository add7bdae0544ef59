"""O*NET-SOC occupations: the 1,016 occupations, their SOC hierarchy and O*NET's "required level
of education" shares (bundled extracts in catalog/onet/, O*NET 27.0/30.0, CC BY 4.0: see NOTICE).

SOC codes nest by their digits: major group `29-0000`, minor group `29-1000` (or `15-1200`),
broad occupation `29-1140`, detailed occupation `29-1141`, O*NET occupation `29-1141.01`. A
group code names every occupation whose code starts with its digits before the trailing zeros.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

SOC_CODE = re.compile(r"^\d{2}-\d{4}(?:\.\d{2})?$")

# SOC 2018 major groups (U.S. Bureau of Labor Statistics, public domain): the top of `roles list`.
MAJOR_GROUPS = {
    "11": "Management",
    "13": "Business and Financial Operations",
    "15": "Computer and Mathematical",
    "17": "Architecture and Engineering",
    "19": "Life, Physical, and Social Science",
    "21": "Community and Social Service",
    "23": "Legal",
    "25": "Educational Instruction and Library",
    "27": "Arts, Design, Entertainment, Sports, and Media",
    "29": "Healthcare Practitioners and Technical",
    "31": "Healthcare Support",
    "33": "Protective Service",
    "35": "Food Preparation and Serving Related",
    "37": "Building and Grounds Cleaning and Maintenance",
    "39": "Personal Care and Service",
    "41": "Sales and Related",
    "43": "Office and Administrative Support",
    "45": "Farming, Fishing, and Forestry",
    "47": "Construction and Extraction",
    "49": "Installation, Maintenance, and Repair",
    "51": "Production",
    "53": "Transportation and Material Moving",
    "55": "Military Specific",
}

# O*NET "Required Level of Education" categories (scale RL) -> the catalog's degree ids: the
# measured degree rows the O*NET share is shown beside. Categories without a degree credential
# (some college, post-secondary and post-graduate certificates) are still in the distribution.
EDUCATION_LEVELS = {
    1: "Less than a high school diploma",
    2: "High school diploma or equivalent",
    3: "Post-secondary certificate",
    4: "Some college courses",
    5: "Associate's degree",
    6: "Bachelor's degree",
    7: "Post-baccalaureate certificate",
    8: "Master's degree",
    9: "Post-master's certificate",
    10: "First professional degree",
    11: "Doctoral degree",
    12: "Post-doctoral training",
}
DEGREE_CATEGORIES = {
    "degree-high-school": (2,),
    "degree-associate": (5,),
    "degree-bachelor": (6,),
    "degree-master": (8,),
    "degree-mba": (8,),
    "degree-jd": (10,),
    "degree-md": (10,),
    "degree-doctorate": (11,),
}


@dataclass(frozen=True)
class Occupation:
    soc_code: str  # NN-NNNN.NN
    title: str


def _tsv(name: str) -> list[list[str]]:
    data = (resources.files("credfloor.normalize.catalog") / "onet" / name).read_bytes()
    text = gzip.decompress(data).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[1:]


@lru_cache(maxsize=1)
def occupations() -> dict[str, Occupation]:
    """Every O*NET-SOC occupation by its code."""
    return {code: Occupation(code, title) for code, title in _tsv("occupations.tsv.gz")}


def onet_titles() -> list[tuple[str, str, str]]:
    """(soc_code, title, kind) for every alternate, short and reported title."""
    return [(c, t, k) for c, t, k in _tsv("titles.tsv.gz")]


def soc_prefix(code: str) -> str | None:
    """The code digits a SOC group or occupation code stands for ('29-1140' -> '29-114',
    '15-1200' -> '15-12', '29-0000' -> '29-', '29-1141' -> '29-1141'); None if no SOC code."""
    code = code.strip()
    if not SOC_CODE.match(code):
        return None
    if "." in code:
        return code
    major, rest = code.split("-")
    return f"{major}-{rest.rstrip('0')}"


def is_group_code(code: str) -> bool:
    """A SOC major, minor or broad group (ends in 0): it names several occupations."""
    code = code.strip()
    return bool(SOC_CODE.match(code)) and "." not in code and code.endswith("0")


def in_group(soc_code: str | None, prefix: str) -> bool:
    return bool(soc_code) and soc_code.startswith(prefix)


@lru_cache(maxsize=1)
def _education() -> dict[str, dict[int, float]]:
    out: dict[str, dict[int, float]] = {}
    for code, cat, share in _tsv("education.tsv.gz"):
        out.setdefault(code, {})[int(cat)] = float(share)
    return out


def education_shares(soc_code: str | None) -> dict[int, float]:
    """O*NET's required-level-of-education distribution for an occupation (% by category 1-12);
    a detailed code without O*NET data falls back to its `.00` occupation; empty if none."""
    if not soc_code:
        return {}
    edu = _education()
    return edu.get(soc_code) or edu.get(soc_code.split(".")[0] + ".00", {})


def degree_reference(soc_code: str | None, credential_id: str) -> float | None:
    """The O*NET share (0-1) of the occupation's workers saying this degree level is required;
    None when the credential is no degree level or O*NET has no survey for the occupation."""
    cats = DEGREE_CATEGORIES.get(credential_id)
    shares = education_shares(soc_code)
    if not cats or not shares:
        return None
    return round(sum(shares.get(c, 0.0) for c in cats) / 100, 3)


def group_degree_reference(soc_codes: list[str], credential_id: str) -> float | None:
    """The mean O*NET share over several occupations (a roll-up), over those with a survey."""
    values = [v for c in soc_codes if (v := degree_reference(c, credential_id)) is not None]
    return round(sum(values) / len(values), 3) if values else None
