"""Extraction quality ratchet: the dev hand labels scored in process (flows/quality.py, the scorer
bench/extraction_quality.py uses too) must reach the levels in tests/extraction_levels.json.

The levels file is one JSON object, "<group> precision|recall" or "strength" -> level; keys
starting with "_" are notes. Raise a level (floored to 3 decimals) with each improvement."""

from pathlib import Path

import pytest

from credfloor.flows.quality import Quality, below, load_levels, score_files
from tests.conftest import CORPUS, GOLD_DEV

LEVELS = Path(__file__).with_name("extraction_levels.json")


def test_levels_file_is_plain_numbers():
    levels = load_levels(LEVELS)
    assert {"cert+license precision", "cert+license recall", "strength"} <= set(levels)
    assert all(0.0 < v <= 1.0 for v in levels.values())


def test_below_names_each_score_under_its_level():
    q = Quality(tp={"degree": 9}, fp={"degree": 1}, fn={"degree": 3}, strength_ok=6, strength_n=9)
    assert below(q, {"degree precision": 0.9, "degree recall": 0.75, "strength": 0.67}) == [
        "strength 0.667 < level 0.670"
    ]
    # a level for a group with no pairs at all is not reached
    assert below(q, {"clearance recall": 0.5}) == ["clearance recall 0.000 < level 0.500"]


@pytest.mark.skipif(
    not (GOLD_DEV.exists() and CORPUS.exists()), reason="../shared (dev labels, corpus) absent"
)
def test_dev_scores_reach_the_levels(extractor):
    quality = score_files(GOLD_DEV, CORPUS, extractor)
    assert quality.postings >= 100
    print("\n".join(quality.lines()))
    for problem in quality.problems:
        if problem.kind == "MISS":
            print(problem)
    failing = below(quality, load_levels(LEVELS))
    assert not failing, "\n".join(
        ["extraction quality fell below tests/extraction_levels.json:", *failing]
        + [str(p) for p in quality.problems if p.kind != "STRENGTH"]
    )
