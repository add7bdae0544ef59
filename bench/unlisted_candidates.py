"""The recognizer over the whole corpus: how many recognized phrases stay unlisted, and the
unlisted candidates named in enough postings to triage.

    uv run python bench/unlisted_candidates.py [--min-postings 3] [--tsv FILE]

Prints: postings, the share of the text spaCy reads (the cue windows), recognizer phrases (mentions with method recognizer, fuzzy, expanded or
unlisted), the share of them that map to no catalog entry, and the top candidates. --tsv writes
every candidate named in >= --min-postings postings: key, postings, example surface, and the
triage decision that covers it (empty when untriaged; see normalize/catalog/triage.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import CORPUS, require_corpus  # noqa: E402

from credfloor.extract.records import Rejected  # noqa: E402
from credfloor.extract.sources.files import read_path  # noqa: E402
from credfloor.normalize.catalog.triage import CandidateTally, load_decisions, untriaged  # noqa: E402
from credfloor.normalize.extractor import load_extractor  # noqa: E402
from credfloor.normalize.textfold import same_length_lower  # noqa: E402

RECOGNIZER_METHODS = {"recognizer", "recognizer_fuzzy", "expanded", "unlisted"}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--min-postings", type=int, default=3)
    ap.add_argument("--tsv", type=Path)
    ap.add_argument("--top", type=int, default=30)
    a = ap.parse_args()
    require_corpus()
    extractor = load_extractor()
    tally = CandidateTally()
    recognized = unlisted = n = text_chars = window_chars = windows = 0
    t0 = time.perf_counter()
    for item in read_path(CORPUS, guess_language=False):
        if isinstance(item, Rejected):
            continue
        n += 1
        text = item.text
        low = same_length_lower(text)
        spans = extractor.recognizer._cue_windows(
            text, low, extractor.literals.find(low), extractor.matcher.find(text)
        )
        text_chars += len(text)
        window_chars += sum(hi - lo for lo, hi in spans)
        windows += len(spans)
        mentions = extractor.extract(item.posting_id, item.text)
        for m in mentions:
            if m.method in RECOGNIZER_METHODS:
                recognized += 1
            if m.credential_id is None:
                unlisted += 1
        tally.add(mentions)
    took = time.perf_counter() - t0
    every = tally.candidates()
    frequent = [c for c in every if c.postings >= a.min_postings]
    left = {c.key for c in untriaged(frequent, load_decisions(extractor.catalog))}
    print(
        f"{n} postings in {took:.1f} s; recognizer phrases kept {recognized}, unlisted "
        f"{unlisted} ({unlisted / max(recognized, 1):.1%}); distinct candidates {len(every)}, "
        f"named in >= {a.min_postings} postings: {len(frequent)} "
        f"({len(frequent) - len(left)} triaged, {len(left)} untriaged)"
    )
    print(
        f"spaCy reads {window_chars:,} of {text_chars:,} characters "
        f"({window_chars / max(text_chars, 1):.2%}) in {windows:,} cue windows"
    )
    for c in every[: a.top]:
        print(f"  {c.postings:5d}  {c.key}  ({c.example})")
    if a.tsv:
        with a.tsv.open("w", encoding="utf-8") as out:
            out.write("candidate_key\tpostings\texample\ttriaged\n")
            for c in frequent:
                mark = "" if c.key in left else "yes"
                out.write(f"{c.key}\t{c.postings}\t{c.example}\t{mark}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
