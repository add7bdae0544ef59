"""Text helpers shared by the sources: visible text of HTML, a cheap language guess."""

from __future__ import annotations

import re

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


def looks_like_html(text: str) -> bool:
    head = text[:5000]
    return "<" in head and bool(_HTML_HINT.search(head))


def html_to_text(html: str) -> str:
    """Visible text with block elements on their own lines (so headings stay headings)."""
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
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(html)
    for sel in ("h1", "title"):
        node = tree.css_first(sel)
        if node is not None and node.text(strip=True):
            return node.text(strip=True)
    return None


def guess_lang(text: str) -> str:
    """'en' when English function words are common, else 'other' (extraction still runs)."""
    tokens = text[:1500].lower().encode("ascii", "replace").translate(_LETTERS_ONLY).split()
    words = len(tokens)
    stops = sum(map(_EN_STOP.__contains__, tokens))
    if words < 20:
        return "en" if stops else "unknown"
    return "en" if stops / words >= 0.08 else "other"
