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
   candidates from MinHash LSH bands at `THRESHOLD - LSH_MARGIN`, kept when the estimated
   Jaccard similarity is at least `THRESHOLD` and the two titles are compatible (same role; for
   unknown roles similar titles; without titles, the same company or a similarity of at least 0.8).

Clusters are the connected components; a cluster's id is the smallest posting_id in it, so it is
stable while its first member stays. Shuffled paragraphs change only the shingles that span a
paragraph boundary, and reworded boilerplate is dropped or outweighed by the advert's own text.

The steps are separate functions so the warehouse can run them incrementally
(warehouse/clusters.py): `fold` + `exact_key` + `sentence_keys` once per posting text; `Signer`
turns the folded sentences and their document frequencies into a MinHash signature and its LSH
band keys, which the warehouse keeps; postings sharing a band key are candidates and `similar`
decides. `cluster_postings` runs the same steps in memory over one set of postings.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

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
# An LSH band key shared by more postings than this says nothing about any of them: common
# headings ("Requirements", "Preferred qualifications", "Benefits") make a few shingles shared by
# nearly every posting, and when a band's minimum hashes fall on them, thousands of unrelated
# postings share that band key (at a million postings, ~10^8 candidate pairs). Reposts of one
# advert share several band keys, so ignoring the crowded ones loses (almost) none of them.
MAX_BUCKET = 200

# What fold() computes, defined as two regexes (tests check fold against them): words are runs
# of a-z0-9+#' starting with a letter or digit; sentences end at . ! ? ; before a space, a line
# break or a bullet (the marks themselves hold no words).
_WORD = re.compile(r"[a-z0-9][a-z0-9+#']*")
_SENTENCE = re.compile(r"[.!?;](?=\s)|\n|[\u2022\u25cf\u25aa]")
# fold() computes the same with byte operations over the whole text (a regex match per word
# cost ~0.35 us, two thirds of the time clustering spent per posting): whitespace beyond ASCII
# (which \s matches in a str) and bullets are replaced first, then ASCII whitespace other than
# the line break becomes a space, so a sentence end is a mark before a space.
_WIDE_SPACES = re.compile(  # UTF-8 of every str.isspace() character past ASCII (a test checks)
    rb"\xc2[\x85\xa0]|\xe1\x9a\x80|\xe2(?:\x80[\x80-\x8a\xa8\xa9\xaf]|\x81\x9f)|\xe3\x80\x80"
)
_BULLETS = re.compile("|".join("\u2022\u25cf\u25aa").encode())
_SPACES = bytes.maketrans(b"\t\x0b\x0c\r\x1c\x1d\x1e\x1f", b" " * 8)
_END = re.compile(rb"[.!?;](?= )")
_RUN_OF_SPACES = re.compile(rb"  +")
_NOT_WORD = bytes.maketrans(b"", b"").translate(None, b"abcdefghijklmnopqrstuvwxyz0123456789+#'\n")
_TO_SPACE = bytes.maketrans(_NOT_WORD, b" " * len(_NOT_WORD))
_MARKS = b"+#'"  # a word starts with a letter or digit: these are dropped where one would start
_TOKEN_CACHE_MAX = 2_000_000  # word -> crc32; cleared when full so memory stays bounded


@dataclass(frozen=True)
class DedupItem:
    posting_id: str
    text: str
    company: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class DedupMeta:
    """What `similar` needs besides the signatures (small enough to keep per posting)."""

    title_key: str | None
    has_title: bool
    company: str | None  # stripped, lowercase

    @classmethod
    def of(cls, title: str | None, company: str | None) -> DedupMeta:
        return cls(title_key(title), bool(title), (company or "").strip().lower() or None)


# -- per text ---------------------------------------------------------------------------------
def fold(text: str) -> list[bytes]:
    """The text's sentences, each its lowercase words joined by single spaces (ASCII bytes;
    empty sentences dropped)."""
    low = text.lower().encode()
    if not low.isascii():
        low = _BULLETS.sub(b"\n", _WIDE_SPACES.sub(b" ", low))
    low = low.translate(_SPACES)
    low = _END.sub(b"\n", low).translate(_TO_SPACE)
    if b"+" in low or b"#" in low or b"'" in low:
        low = _drop_leading_marks(low)
    return [s for s in map(bytes.strip, _RUN_OF_SPACES.sub(b" ", low).split(b"\n")) if s]


def _drop_leading_marks(low: bytes) -> bytes:
    """Without the runs of + # ' that follow a space, a line break or the start (found with
    bytes.find: a regex scan of the whole text costs ~20 us, a mark is rare)."""
    runs = []
    for mark in (b"+", b"#", b"'"):
        at = low.find(mark)
        while at != -1:
            if at == 0 or low[at - 1] in b" \n":
                end = at + 1
                while end < len(low) and low[end] in _MARKS:
                    end += 1
                runs.append((at, end))
            at = low.find(mark, at + 1)
    if not runs:
        return low
    parts, last = [], 0
    for start, end in sorted(runs):
        parts.append(low[last:start])
        last = end
    return b"".join(parts) + low[last:]


def exact_key(sentences: list[bytes]) -> bytes:
    """Equal for texts that differ only in case, spacing and punctuation."""
    return hashlib.blake2b(b" ".join(sentences), digest_size=16).digest()


def sentence_keys(sentences: list[bytes]) -> np.ndarray:
    """One 64-bit key per sentence; 0 for sentences too short to be boilerplate."""
    return np.fromiter(map(_sentence_key, sentences), dtype=np.uint64, count=len(sentences))


def _sentence_key(sentence: bytes) -> int:
    if sentence.count(b" ") < MIN_SENTENCE_WORDS - 1:
        return 0
    return int.from_bytes(hashlib.blake2b(sentence, digest_size=8).digest(), "little") or 1


@dataclass(frozen=True)
class Fingerprint:
    """What clustering needs of one posting before any other posting is known: computed while
    loading (flows/pipeline.py, in the extraction workers too) so clustering reads it instead
    of folding every text twice."""

    exact_key: bytes
    sentence_keys: list[int]  # distinct, without the 0 of short sentences
    meta: DedupMeta

    def fields(self) -> tuple:
        """exact_key, sentence_keys, title_key, has_title, company: the warehouse's columns."""
        m = self.meta
        return self.exact_key, self.sentence_keys, m.title_key, m.has_title, m.company


def fingerprint(text: str, title: str | None, company: str | None) -> Fingerprint:
    sents = fold(text)
    # The nonzero sentence_keys, distinct and sorted: a set of ~20 ints costs ~1 us, np.unique
    # of an array that small ~10 us (a tenth of fingerprinting, which runs for every posting).
    keys = set(map(_sentence_key, sents))
    keys.discard(0)
    return Fingerprint(exact_key(sents), sorted(keys), DedupMeta.of(title, company))


@lru_cache(maxsize=200_000)
def title_key(title: str | None) -> str | None:
    """Reposts share a role (or, for unknown roles, a core title) even when agencies add a
    location or a seniority word."""
    if not title:
        return None
    match = classify_title(title)
    if match.role is not None:
        return "role:" + match.role.id
    norm = normalize_title(title)
    return " ".join(t for t in norm.text.split() if t not in CORE_DROP) or title.lower()


def boilerplate(keys: np.ndarray, df: np.ndarray) -> np.ndarray:
    """Which sentences are boilerplate, given each sentence's document frequency `df`."""
    present = keys != 0
    counts = np.sort(df[present])
    if not len(counts):
        return present
    cut = max(BOILERPLATE_MIN_DF, 2 * int(counts[len(counts) // 4]))
    return present & (df >= cut)


# -- signatures ---------------------------------------------------------------------------------
class _TokenHashes(dict):
    """word -> crc32 (odd), computed on first use; read through map(), a C loop."""

    def __missing__(self, word: bytes) -> int:
        value = self[word] = zlib.crc32(word) | 1
        return value


def _shingle_hashes(toks: list[bytes], k: int, cache: _TokenHashes) -> np.ndarray:
    """32-bit hashes of the word k-grams, combined from cached word hashes (crc32). A k-gram
    seen twice gives its hash twice: a MinHash is a minimum, so repeats change nothing (and
    np.unique cost more than the rest of this function)."""
    h = np.array(list(map(cache.__getitem__, toks)), dtype=np.uint64)
    n = len(h) - k + 1
    if n < 1:
        return h if len(h) else np.array([0], dtype=np.uint64)
    acc = h[:n].copy()
    for i in range(1, k):  # polynomial rolling combination, wrapping at 2**64
        acc *= np.uint64(1_000_003)
        acc += h[i : n + i]
    return (acc ^ (acc >> np.uint64(32))) & np.uint64(0xFFFFFFFF)


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer (uint32 arithmetic wraps), as datasketch's affine32 scheme
    applies it before its permutations."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


class Signer:
    """MinHash signatures and LSH band keys, with one set of permutations for every posting.

    The signature is datasketch's MinHash (scheme affine32: a_k * fmix32(h) + b_k in uint32,
    minimum over the shingles) computed in three array operations with its permutations:
    datasketch's update_batch hashes its input in a Python loop, a third of the signing time
    (tests/normalize/test_dedup.py checks both give the same values)."""

    def __init__(
        self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM, shingle: int = SHINGLE
    ):
        self.threshold, self.num_perm, self.shingle = threshold, num_perm, shingle
        template = MinHash(num_perm=num_perm, scheme="affine32")
        a, b = template.permutations
        self._a, self._b = a.astype(np.uint32), b.astype(np.uint32)
        # LSH at a lower threshold finds candidates near the line too (at the threshold itself
        # LSH is a coin toss); the estimated Jaccard similarity then decides.
        lsh = MinHashLSH(threshold=max(0.1, threshold - LSH_MARGIN), num_perm=num_perm)
        self.hashranges = list(lsh.hashranges)
        self._tokens = _TokenHashes()

    def sign(self, sentences: list[bytes], keys: np.ndarray, df: np.ndarray) -> np.ndarray:
        """The signature of the text without its boilerplate sentences (`df`: each sentence's
        document frequency, aligned with `keys`)."""
        drop = boilerplate(keys, df).tolist()
        toks = b" ".join([s for s, out in zip(sentences, drop, strict=True) if not out]).split()
        if len(toks) < 2 * self.shingle:  # (nearly) all boilerplate: judge the whole text
            toks = b" ".join(sentences).split()
        if len(self._tokens) > _TOKEN_CACHE_MAX:
            self._tokens.clear()
        return self.minhash(_shingle_hashes(toks, self.shingle, self._tokens))

    def minhash(self, hashes: np.ndarray) -> np.ndarray:
        """The MinHash signature (uint32, num_perm values) of a non-empty set of 32-bit hashes."""
        h = _fmix32(hashes.astype(np.uint32))
        return (np.multiply.outer(h, self._a) + self._b).min(axis=0)

    def band_keys(self, signature: np.ndarray) -> list[int]:
        """One 64-bit key per LSH band: two postings are candidates when any band key is equal."""
        raw, size = signature.tobytes(), signature.itemsize
        return [
            int.from_bytes(
                hashlib.blake2b(raw[s * size : e * size], digest_size=8).digest(), "little"
            )
            for s, e in self.hashranges
        ]


class Frequencies:
    """Sentence document frequencies: sorted keys and their counts; a key absent occurs once
    (in its own posting)."""

    def __init__(self, keys: np.ndarray, counts: np.ndarray) -> None:
        self.keys, self.counts = keys, counts

    def of(self, wanted: np.ndarray) -> np.ndarray:
        once = np.where(wanted != 0, 1, 0)
        if not len(self.keys):
            return once
        at = np.minimum(np.searchsorted(self.keys, wanted), len(self.keys) - 1)
        return np.where(self.keys[at] == wanted, self.counts[at], once)


def sign_texts(
    rows: Iterable[tuple[str, str]], df: Frequencies, signer: Signer
) -> list[tuple[str, bytes, str]]:
    """(posting_id, signature bytes, band keys) of (posting_id, text) rows, the unit of work of
    a signing process (warehouse/clusters.py). The band keys, in band order, are one string of
    decimal numbers: the warehouse splits it in SQL (its appender took ~6 us a row, and a
    posting has one band key per band)."""
    out = []
    for pid, text in rows:
        sents = fold(text)
        keys = sentence_keys(sents)
        sig = signer.sign(sents, keys, df.of(keys))
        out.append((pid, sig.tobytes(), " ".join(map(str, signer.band_keys(sig)))))
    return out


# A signing process (warehouse/clusters.py) receives the frequencies once, at its start.
_process_signing: tuple[Frequencies, Signer] | None = None


def init_signing_process(keys: np.ndarray, counts: np.ndarray) -> None:
    global _process_signing
    _process_signing = (Frequencies(keys, counts), Signer())


def sign_in_process(rows: list[tuple[str, str]]) -> list[tuple[str, bytes, str]]:
    df, signer = _process_signing
    return sign_texts(rows, df, signer)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


def similar(a: DedupMeta, b: DedupMeta, similarity: float, threshold: float = THRESHOLD) -> bool:
    """Two candidates are one advert: compatible titles and a high enough similarity."""
    return similarity >= threshold and _compatible(a, b) and similarity >= _needed(a, b, threshold)


def _compatible(a: DedupMeta, b: DedupMeta) -> bool:
    ka, kb = a.title_key, b.title_key
    if ka is None or kb is None or ka == kb:
        return True
    if ka.startswith("role:") or kb.startswith("role:"):
        return False
    return fuzz.token_sort_ratio(ka, kb) >= 80


def _needed(a: DedupMeta, b: DedupMeta, threshold: float) -> float:
    if a.has_title and b.has_title:
        return threshold
    same_company = a.company is not None and a.company == b.company
    return threshold if same_company else max(threshold, 0.8)


# -- clusters -----------------------------------------------------------------------------------
class UnionFind:
    """Connected components whose root is always the smallest member."""

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
    """posting_id -> cluster_id for (posting_id, text, company?, title?) items, in memory."""
    docs = sorted((_as_item(i) for i in items), key=lambda d: d.posting_id)
    uf = UnionFind()

    # 1. exact duplicates of the folded text: only the first of each takes part below
    first_by_text: dict[bytes, str] = {}
    originals: list[tuple[DedupItem, list[bytes], np.ndarray]] = []
    for d in docs:
        sents = fold(d.text)
        key = exact_key(sents)
        if key in first_by_text:
            uf.union(first_by_text[key], d.posting_id)
        else:
            first_by_text[key] = d.posting_id
            originals.append((d, sents, sentence_keys(sents)))

    # 2. sentence document frequencies over the originals (for boilerplate)
    df: dict[int, int] = defaultdict(int)
    for _, _, keys in originals:
        for k in set(keys.tolist()) - {0}:
            df[k] += 1

    # 3. signatures; candidates share an LSH band key (not a crowded one); `similar` decides
    signer = Signer(threshold, num_perm, shingle)
    buckets: dict[tuple[int, int], list[str]] = defaultdict(list)
    sigs: dict[str, np.ndarray] = {}
    metas: dict[str, DedupMeta] = {}
    for d, sents, keys in originals:
        pid = d.posting_id
        counts = np.fromiter((df.get(k, 0) for k in keys.tolist()), np.int64, len(keys))
        sigs[pid] = sig = signer.sign(sents, keys, counts)
        metas[pid] = DedupMeta.of(d.title, d.company)
        for band in enumerate(signer.band_keys(sig)):
            buckets[band].append(pid)
    seen: set[tuple[str, str]] = set()
    for members in buckets.values():
        if not 1 < len(members) <= MAX_BUCKET:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                if similar(metas[a], metas[b], jaccard(sigs[a], sigs[b]), threshold):
                    uf.union(a, b)
    return {d.posting_id: uf.find(d.posting_id) for d in docs}
