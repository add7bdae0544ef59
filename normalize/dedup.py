"""Reposts -> clusters: one vote per advert.

A staffing agency that reposts one advert 30 times must not set a role's floor by itself, so every
posting gets a `cluster_id` shared by all copies of its advert:

1. **Exact**: postings whose folded text (lowercase, words only) is identical.
2. **Boilerplate out**: a sentence found in at least `BOILERPLATE_MIN_DF` postings and in at
   least twice as many postings as the posting's own typical sentence (its lower quartile) is an
   employer's blurb, benefits or EEO statement, not the advert: it is left out of the shingles,
   so two different jobs of one employer do not look alike. (All sentences of an advert reposted
   30 times occur 30 times: none of them is boilerplate for it.)
3. **Near duplicates**: MinHash signatures (datasketch) of the remaining word `SHINGLE`-grams,
   candidates from MinHash LSH at `THRESHOLD`, kept when the estimated Jaccard similarity is at
   least `THRESHOLD` and the two titles are compatible (same role; for unknown roles similar
   titles; without titles, the same company or a similarity of at least 0.8).

Clusters are the connected components; a cluster's id is the smallest posting_id in it, so it is
stable while its first member stays. Shuffled paragraphs change only the shingles that span a
paragraph boundary, and reworded boilerplate is dropped or outweighed by the advert's own text.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH
from rapidfuzz import fuzz

from credfloor.normalize.roles import CORE_DROP, classify_title, normalize_title

THRESHOLD = 0.4
NUM_PERM = 64
LSH_MARGIN = 0.15
SHINGLE = 4
BOILERPLATE_MIN_DF = 3
MIN_SENTENCE_WORDS = 5

_WORD = re.compile(r"[a-z0-9][a-z0-9+#']*")
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+|\s*[\u2022\u25cf\u25aa]\s*")


@dataclass(frozen=True)
class DedupItem:
    posting_id: str
    text: str
    company: str | None = None
    title: str | None = None


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _title_key(title: str | None) -> str | None:
    """Reposts share a role (or, for unknown roles, a core title) even when agencies add a
    location or a seniority word."""
    if not title:
        return None
    match = classify_title(title)
    if match.role is not None:
        return "role:" + match.role.id
    norm = normalize_title(title)
    return " ".join(t for t in norm.text.split() if t not in CORE_DROP) or title.lower()


def _identity(x: int) -> int:
    return x


def _shingle_hashes(toks: list[str], k: int, cache: dict[str, int]) -> np.ndarray:
    """32-bit hashes of the distinct word k-grams, combined from cached word hashes (crc32)."""
    h = np.fromiter(
        (cache.get(t) or cache.setdefault(t, zlib.crc32(t.encode()) | 1) for t in toks),
        dtype=np.uint64,
        count=len(toks),
    )
    if len(h) < k:
        return np.unique(h) if len(h) else np.array([0], dtype=np.uint64)
    acc = np.zeros(len(h) - k + 1, dtype=np.uint64)
    for i in range(k):  # polynomial rolling combination, wrapping at 2**64
        acc = acc * np.uint64(1_000_003) + h[i : len(h) - k + 1 + i]
    return np.unique((acc ^ (acc >> np.uint64(32))) & np.uint64(0xFFFFFFFF))


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(x, x) != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = (ra, rb) if ra < rb else (rb, ra)
            self.parent[hi] = lo


def _as_item(item) -> DedupItem:
    if isinstance(item, DedupItem):
        return item
    return DedupItem(*item)


def cluster_postings(
    items: Iterable[DedupItem | tuple],
    threshold: float = THRESHOLD,
    num_perm: int = NUM_PERM,
    shingle: int = SHINGLE,
) -> dict[str, str]:
    """posting_id -> cluster_id for (posting_id, text, company?, title?) items."""
    docs = sorted((_as_item(i) for i in items), key=lambda d: d.posting_id)
    uf = _UnionFind()

    # 1. exact duplicates of the folded text (words only, so spacing and case do not matter)
    sentences: dict[str, list[list[str]]] = {}
    first_by_text: dict[bytes, str] = {}
    vocab: dict[str, str] = {}  # one string object per distinct word: a third of the memory
    for d in docs:
        sents = [
            [vocab.setdefault(t, t) for t in w]
            for w in (_words(s) for s in _SENTENCE.split(d.text))
            if w
        ]
        sentences[d.posting_id] = sents
        key = hashlib.blake2b(
            " ".join(" ".join(w) for w in sents).encode(), digest_size=16
        ).digest()
        if key in first_by_text:
            uf.union(first_by_text[key], d.posting_id)
        else:
            first_by_text[key] = d.posting_id
    originals = [d for d in docs if uf.find(d.posting_id) == d.posting_id]

    # 2. boilerplate: sentences far more common than the rest of their posting
    title_keys = {d.posting_id: _title_key(d.title) for d in originals}
    df: dict[bytes, int] = defaultdict(int)
    keys: dict[str, list[bytes | None]] = {}
    for d in originals:
        ks = [
            hashlib.blake2b(" ".join(w).encode(), digest_size=8).digest()
            if len(w) >= MIN_SENTENCE_WORDS
            else None
            for w in sentences[d.posting_id]
        ]
        keys[d.posting_id] = ks
        for k in set(ks):
            if k:
                df[k] += 1

    # 3. MinHash + LSH over word shingles of the rest
    # LSH at a lower threshold finds candidates near the line too (at the threshold itself LSH
    # is a coin toss); the estimated Jaccard similarity then decides.
    lsh = MinHashLSH(threshold=max(0.1, threshold - LSH_MARGIN), num_perm=num_perm)
    template = MinHash(num_perm=num_perm)
    permutations, scheme = template.permutations, template.scheme
    token_hash: dict[str, int] = {}
    sigs: dict[str, MinHash] = {}
    docs_by_id: dict[str, DedupItem] = {}
    for d in originals:
        pid = d.posting_id
        ks, sents = keys[pid], sentences[pid]
        counts = sorted(df[k] for k in ks if k)
        cut = max(BOILERPLATE_MIN_DF, 2 * counts[len(counts) // 4]) if counts else 0
        toks = [t for k, w in zip(ks, sents, strict=True) if not (k and df[k] >= cut) for t in w]
        if len(toks) < 2 * shingle:  # (nearly) all boilerplate: judge the whole text
            toks = [t for w in sents for t in w]
        mh = MinHash(
            num_perm=num_perm, hashfunc=_identity, permutations=permutations, scheme=scheme
        )
        mh.update_batch(_shingle_hashes(toks, shingle, token_hash))
        for other in lsh.query(mh):
            if _compatible(d, docs_by_id[other], title_keys):
                if mh.jaccard(sigs[other]) >= _needed(d, docs_by_id[other], threshold):
                    uf.union(pid, other)
        lsh.insert(pid, mh)
        sigs[pid] = mh
        docs_by_id[pid] = d
    return {d.posting_id: uf.find(d.posting_id) for d in docs}


def _compatible(a: DedupItem, b: DedupItem, title_keys: dict) -> bool:
    ka, kb = title_keys[a.posting_id], title_keys[b.posting_id]
    if ka is None or kb is None:
        return True
    if ka == kb:
        return True
    if ka.startswith("role:") or kb.startswith("role:"):
        return False
    return fuzz.token_sort_ratio(ka, kb) >= 80


def _needed(a: DedupItem, b: DedupItem, threshold: float) -> float:
    if a.title and b.title:
        return threshold
    same_company = (
        a.company and b.company and a.company.strip().lower() == b.company.strip().lower()
    )
    return threshold if same_company else max(threshold, 0.8)
