"""Markdown to HTML, and the links inside it: found with their lines, checked, rewritten to site URLs."""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Callable, TypeVar

from .sanitize import sanitize_html

MARKDOWN_EXTENSIONS = ("extra", "sane_lists", "toc")  # part of every cache key (bodies.renderer_settings)

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
