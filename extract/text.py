"""Text helpers shared by the readers: visible text of HTML, a cheap language guess, UTF-8 files."""

from __future__ import annotations

import re
from pathlib import Path

_BLOCK_TAGS = ("script", "style", "noscript", "template", "svg", "head")
# Byte table: a-z stay, everything else (non-ASCII arrives as '?') becomes a space, so
# bytes.split() gives the runs of a-z: ~2x faster than splitting on a regex.
_LETTERS_ONLY = bytes(c if 97 <= c <= 122 else 32 for c in range(256))
# The 40 most frequent English function words: enough to tell English from other languages in
# a job ad without shipping a language-id model.
_EN_STOP = frozenset(
    b"the of and to a in for is on that with as are be this will you your we our or at by an "
    b"from have has it not all can their who they experience work team".split()
)
_HTML_HINT = re.compile(r"<(p|div|br|li|ul|ol|span|strong|b|h[1-6]|table|a)\b[^>]*>", re.I)

# Real pages nest a few dozen levels. The HTML parser's time grows with the square of the
# nesting (100,000 nested <div>s: ~1 minute), so deeper markup is refused before parsing.
MAX_HTML_DEPTH = 1_000
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>")
# Elements that never hold others or that the parser closes by itself: not nesting.
_NOT_NESTING = frozenset(
    "area base br col embed hr img input link meta param source track wbr "
    "p li dt dd tr td th option optgroup rb rt rp thead tbody tfoot colgroup".split()
)


class MarkupError(ValueError):
    """HTML that cannot be read safely (nested too deeply)."""


def read_utf8(path: Path, label: str, error: type[Exception]) -> str:
    """A hand-written file's text (a UTF-8 byte-order mark dropped); `error(...)` naming `label`
    and the first bad byte when it is not UTF-8."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(
            f"{label}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8"
        ) from None


def markup_depth(html: str, limit: int = MAX_HTML_DEPTH) -> int:
    """How deeply the tags of `html` nest (counting stops just past `limit`)."""
    if html.count("<") <= limit:  # fewer tags than the limit cannot nest past it
        return 0
    depth = deepest = 0
    for m in _TAG.finditer(html):
        if m.group(3) or m.group(2).lower() in _NOT_NESTING:
            continue
        depth = max(0, depth - 1) if m.group(1) else depth + 1
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                break
    return deepest


def check_markup(html: str) -> None:
    """Raise MarkupError for markup that would take the parser minutes (an HTML bomb)."""
    if markup_depth(html) > MAX_HTML_DEPTH:
        raise MarkupError(f"HTML nested too deeply (over {MAX_HTML_DEPTH:,} levels)")


def looks_like_html(text: str) -> bool:
    head = text[:5000]
    return "<" in head and bool(_HTML_HINT.search(head))


def html_to_text(html: str) -> str:
    """Visible text with block elements on their own lines (so headings stay headings).

    Raises MarkupError for markup nested too deeply to parse in reasonable time."""
    check_markup(html)
    from selectolax.lexbor import LexborHTMLParser as HTMLParser  # only HTML input needs it

    tree = HTMLParser(html)
    for tag in _BLOCK_TAGS:
        for node in tree.css(tag):
            node.decompose()
    root = tree.body or tree.root
    if root is None:
        return ""
    text = root.text(separator="\n", strip=True)
    return re.sub(r"\n{3,}", "\n\n", text)


def html_title(html: str) -> str | None:
    check_markup(html)
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(html)
    for sel in ("h1", "title"):
        node = tree.css_first(sel)
        if node is not None and node.text(strip=True):
            return node.text(strip=True)
    return None


def guess_lang(text: str) -> str:
    """'en' when English function words are common, else 'other' (extraction still runs)."""
    sample = text[:1500].lower()
    tokens = sample.encode("ascii", "replace").translate(_LETTERS_ONLY).split()
    words = len(tokens)
    stops = sum(map(_EN_STOP.__contains__, tokens))
    if words < 20:
        # Chinese, Japanese, Arabic...: letters, but hardly any a-z words.
        letters = sum(map(str.isalpha, sample))
        if letters >= 20 and letters > 2 * sum(map(len, tokens)):
            return "other"
        return "en" if stops else "unknown"
    return "en" if stops / words >= 0.08 else "other"
