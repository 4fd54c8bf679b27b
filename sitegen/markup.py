"""Markdown to HTML, and the links inside it: found with their lines, checked, rewritten to site URLs."""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Callable, TypeVar

from .messages import msg
from .sanitize import sanitize_html

MARKDOWN_EXTENSIONS = ("extra", "sane_lists", "toc")  # part of every body's key (keys.body_settings)

_INLINE_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
# Markdown writes each attribute after one space; starting with a literal makes the scan ten times faster.
HTML_URL = re.compile(r' (href|src)="([^"]*)"')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_EXTERNAL_ANCHOR = re.compile(r'(<a\b[^>]*\bhref="(?:https?:)?//[^"]*"[^>]*>.*?)(</a>)', re.S)


@dataclass(frozen=True)
class LinkRef:
    target: str
    line: int


def new_markdown():
    import markdown  # here, not above: a build whose bodies are all cached never needs it (start-up time)

    from .quickmarkdown import quicken
    md = markdown.Markdown(extensions=_extensions(), output_format="html")
    quicken(md)  # the same HTML, in less time
    return md


def _extensions() -> list:
    """MARKDOWN_EXTENSIONS made here ("extra" as the extensions it stands for): Python-Markdown would look
    for an extension named by text among every installed package's entry points, which takes longer than
    the rest of its start."""
    import importlib

    from markdown.extensions import extra
    names = [part for name in MARKDOWN_EXTENSIONS for part in (extra.extensions if name == "extra" else [name])]
    return [importlib.import_module(f"markdown.extensions.{name}").makeExtension() for name in names]


def render_markdown(md, text: str) -> str:
    """Markdown text to safe HTML (raw HTML sanitized), links left as written (they are rewritten afterwards)."""
    # reset() leaves the block parser's nesting as a convert that failed midway (too deep) left it.
    md.parser.state.clear()
    return sanitize_html(md.reset().convert(text))


def find_links(body: str, first_line: int) -> list[LinkRef]:
    """Every link and image target of a Markdown body, with its line in the source file."""
    found = []
    in_code = False
    for number, line in enumerate(body.split("\n"), first_line):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        if in_code or "]" not in line or line.startswith("    "):  # every link has a "]"
            continue
        found += [LinkRef(m.group(1), number) for m in _INLINE_LINK.finditer(line)]
        reference = _REFERENCE.match(line)
        if reference:
            found.append(LinkRef(reference.group(1), number))
    return found


T = TypeVar("T")


def per_folder(answer: Callable[[str, str], T]) -> Callable[[str, str], T]:
    """`answer(target, source path)` for a link, remembered for its target and its source's folder: a
    relative link means the same from every file of a folder (source_target), and many bodies link the
    same pages."""
    known: dict[tuple[str, str], T] = {}

    def remembered(target: str, source_path: str) -> T:
        key = (target, source_path.rpartition("/")[0])
        if key not in known:
            known[key] = answer(target, source_path)
        return known[key]
    return remembered


def is_external(target: str) -> bool:
    return bool(_SCHEME.match(target)) or target.startswith("//")


def source_target(target: str, source_path: str) -> str:
    """A relative link target as a path from the site root ("content/news/x.fr.md"), anchor dropped."""
    path = target.split("#", 1)[0]
    folder = posixpath.dirname(source_path)
    if path and "/" not in path and path not in (".", ".."):  # a file beside the source: no need to normalize
        return f"{folder}/{path}" if folder else path
    return posixpath.normpath(posixpath.join(folder, path))


def announce_external_links(html: str, words: str) -> str:
    """Tell screen reader users that a link leaves the site (RGAA 6.1): hidden words and a drawn arrow."""
    mark = f'<span class="visually-hidden"> – {words}</span><span class="external" aria-hidden="true"></span>'
    return _EXTERNAL_ANCHOR.sub(lambda m: m.group(1) + mark + m.group(2), html)


def rewrite_links(html: str, resolve: Callable[[str], str | None]) -> str:
    """Replace each href/src that `resolve` knows (a source path, a file) with its site URL."""
    def swap(match: re.Match) -> str:
        url = resolve(match.group(2))
        return match.group(0) if url is None else f' {match.group(1)}="{url}"'
    return HTML_URL.sub(swap, html)


# Python-Markdown's time grows faster than its text: each `[` that opens no link is followed to the
# paragraph's end, and the more inline marks (*, _, <, &...) a body holds, the longer each one takes;
# table rows, list items and definition lines each cost a great deal more than a line of prose. A body
# over one of these limits is refused, its check naming the line where the limit is passed. They count
# work, not time, so the same text is accepted or refused on every machine; each is a few tenths of a
# second of Python-Markdown 3.11's work, and the site's real pages stay far below them.
BRACKET_SCAN_LIMIT = 500_000      # characters read from each `[` to its `]` (or the paragraph's end)
LINE_LIMITS = (  # (what a line is counted by, how many a body may hold, what it is called, the characters
    # one of which each match holds: their count, quick to take, bounds the matches; a line's start counts
    # as the newline before it)
    (re.compile(r"[\[<&\\]|\*+|_+|`+"), 3_000, msg("Markdown marks (*, _, [, <, &, `, \\)"),  # a run once
     "[<&\\*_`"),
    (re.compile(r"<"), 500, msg("`<` signs"), "<"),
    (re.compile(r"^[ \t]*\|", re.M), 3_000, msg("table rows"), "\n"),
    (re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]", re.M), 5_000, msg("list items"), "\n"),
    (re.compile(r"^:", re.M), 1_000, msg("definition lines (\": ...\")"), "\n"),
)
_BRACKETS = re.compile(r"[\[\]]")


def find_costly_markdown(body: str, first_line: int) -> list[tuple[int, str]]:
    """(line, message) for what in a Markdown body would take Python-Markdown seconds to read: the line
    where a count passes its limit (once for each count), or a paragraph's line of unclosed `[`."""
    found = []
    if "[" in body:
        line = first_line
        for block in body.split("\n\n"):
            if "[" in block and _bracket_scan(block) > BRACKET_SCAN_LIMIT:
                found.append((line + _line_with_most(block, "["), msg(
                    "too many `[` that open no link in this paragraph: reading it would take too long; close them,"
                    " write \\[ for a bracket that is not a link, or split the paragraph with blank lines")))
            line += block.count("\n") + 2
    for pattern, limit, what, marks in LINE_LIMITS:
        # The pattern runs only on a body holding more of its marks than the limit (none of the bench's).
        if sum(map(body.count, marks)) + 1 > limit and len(pattern.findall(body)) > limit:
            found.append((first_line + _line_past(body, pattern, limit),
                          msg("the text holds more than {limit} {what} by this line: reading it would take too"
                              " long; split it into several pages", limit=format(limit, ","), what=what)))
    if "\n*[" in "\n" + body and len(body.split()) > LINE_LIMITS[0][1]:  # each word may be an abbreviation
        found.append((first_line, msg("a text with abbreviations (*[ABC]: ...) may hold {limit} words at most:"
                                      " reading it would take too long; split it into several pages",
                                      limit=format(LINE_LIMITS[0][1], ","))))
    return found


def _bracket_scan(block: str) -> int:
    """The characters Python-Markdown reads looking for the `]` of each `[`: the distance to its match, or
    to the paragraph's end for one never closed."""
    opened, total = [], 0
    for match in _BRACKETS.finditer(block):
        if match.group(0) == "[":
            opened.append(match.start())
        elif opened:
            total += match.start() - opened.pop()
    return total + sum(len(block) - start for start in opened)


def _line_with_most(block: str, char: str) -> int:
    lines = block.split("\n")
    return max(range(len(lines)), key=lambda i: lines[i].count(char))


def _line_past(body: str, pattern: re.Pattern, limit: int) -> int:
    """The index of the line holding the (limit + 1)-th match of `pattern` (searched line by line)."""
    seen = 0
    for index, line in enumerate(body.split("\n")):
        seen += len(pattern.findall(line))
        if seen > limit:
            return index
    return 0
