"""Raw HTML in Markdown made safe: an allowlist sanitizer (nh3), and warnings naming what it will remove."""
from __future__ import annotations

import re

import nh3

from .messages import msg

# What Markdown ("extra", "toc", "sane_lists") writes, and what an editor may reasonably paste.
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
})
# No `style` (the Content-Security-Policy forbids inline styles) and no event handlers (`on*=`).
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "lang", "dir", "title"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "time": {"datetime"},
    "abbr": {"title"},
}
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
REMOVED_WITH_CONTENT = frozenset({"script", "style"})
# Part of the Markdown renderer's settings: a cached page must change when the policy does.
POLICY = repr((sorted(ALLOWED_TAGS), sorted((k, sorted(v)) for k, v in ALLOWED_ATTRIBUTES.items()),
               sorted(ALLOWED_SCHEMES), nh3.__version__ if hasattr(nh3, "__version__") else ""))

_ALIGN_STYLE = re.compile(r'style="text-align: (left|center|right);"')
_UNSAFE_TAG = re.compile(r"<\s*(script|style|iframe|object|embed|form)\b", re.I)
# [^<>]: a tag ends at the next sign; with [^>] each `<` of a line of thousands was read to the line's end.
_EVENT_ATTRIBUTE = re.compile(r"<[a-zA-Z][^<>]*\s(on[a-z]+)\s*=", re.I)
_LINK_SCHEME = re.compile(r"\]\(\s*<?\s*([a-zA-Z][a-zA-Z0-9+.-]*):"                       # [text](scheme:...)
                          r"|(?:href|src)\s*=\s*[\"']?\s*([a-zA-Z][a-zA-Z0-9+.-]*):", re.I)  # href="scheme:..."


# The policy given to the sanitizer once (nh3.clean would convert it again for every body).
_CLEANER = nh3.Cleaner(tags=set(ALLOWED_TAGS), clean_content_tags=set(REMOVED_WITH_CONTENT),
                       attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
                       url_schemes=set(ALLOWED_SCHEMES), link_rel=None, strip_comments=True)


def sanitize_html(html: str) -> str:
    """Keep only allowed tags, attributes and URL schemes; scripts and styles go with their content."""
    return _CLEANER.clean(_align_classes(html))


def _align_classes(html: str) -> str:
    """Markdown tables align cells with an inline style, which the policy forbids: use a class instead."""
    return _ALIGN_STYLE.sub(r'class="align-\1"', html)


def find_unsafe_markup(body: str, first_line: int) -> list[tuple[int, str]]:
    """(line, message) for what the sanitizer will remove from a Markdown body, so that editors know."""
    found = []
    for number, line in enumerate(body.split("\n"), first_line):
        if "<" not in line and ":" not in line:  # each pattern below needs one of them (speed)
            continue
        for match in _UNSAFE_TAG.finditer(line):
            found.append((number, msg("<{tag}> is not allowed in a page and is removed", tag=match.group(1).lower())))
        for match in _EVENT_ATTRIBUTE.finditer(line):
            found.append((number, msg("the `{attribute}` attribute is not allowed and is removed",
                                      attribute=match.group(1).lower())))
        for match in _LINK_SCHEME.finditer(line):
            scheme = (match.group(1) or match.group(2)).lower()
            if scheme not in ALLOWED_SCHEMES:
                found.append((number, msg("a `{scheme}:` link is not allowed and is removed (allowed: {allowed})",
                                          scheme=scheme, allowed=", ".join(sorted(ALLOWED_SCHEMES)))))
    return found
