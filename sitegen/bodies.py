"""The typeset HTML of Markdown bodies: looked up in the cache, the missing ones rendered as pages ask."""
from __future__ import annotations

import gc
from itertools import islice
from typing import Callable, Iterator

from . import markup, typography
from .cache import MarkdownCache, ReadAhead
from .content import Document
from .errors import BuildFailed, Problem
from .keys import body_key
from .messages import msg

CHUNK = 16            # bodies rendered together with one Markdown instance
STORE_EVERY = 128     # bodies stored per cache transaction, as they come: never all in memory
READ_AHEAD = 128      # cached bodies read per query, in the pages' order


class Bodies:
    """The typeset HTML of each body (links as written), asked for in the order of `documents` (one
    shard's share of the pages): from the cache, or rendered a chunk at a time as the pages reach them.
    A document outside `documents` (the service page's body shown on the information sheet) is looked
    up or rendered on its own. Use it in a `with` block: at the end every new body is stored."""

    def __init__(self, documents: list[Document], cache: MarkdownCache, read_body: Callable[[Document], str],
                 settings: str, md=None):
        self._cache, self._settings, self._read_body = cache, settings, read_body
        self._md = md  # a Markdown instance to use (the preview's), else one is made if a body is rendered
        self._keys = {doc.source: body_key(settings, doc.lang, doc.body_digest) for doc in documents}
        order = list(dict.fromkeys(self._keys.values()))   # the order in which pages ask
        self._cached_html = ReadAhead(cache.bodies, order, READ_AHEAD)
        missing = {}
        for doc in documents:
            if not cache.bodies.has(self._keys[doc.source]):
                missing.setdefault(self._keys[doc.source], doc)
        self._pending = iter(list(missing))        # the keys of the bodies to render, in render order
        self._waiting = set(missing)
        self._rendered = _render_all(list(missing.values()), read_body, md)
        self._fresh: dict[str, str] = {}           # rendered, not stored yet

    def __enter__(self) -> "Bodies":
        return self

    def __exit__(self, exc_type, *rest) -> None:
        if exc_type is None:
            while self._waiting:  # bodies no page asked for (a page failed): still worth keeping
                self._pull()
            self._store()

    def keys(self) -> frozenset[str]:
        """The keys of the bodies of `documents`."""
        return frozenset(self._keys.values())

    def key(self, doc: Document) -> str:
        return self._keys.get(doc.source) or body_key(self._settings, doc.lang, doc.body_digest)

    def html(self, doc: Document) -> str:
        key = self._ready(doc)
        html = self._fresh[key] if key in self._fresh else self._cached_html.get(key)  # "": an empty body
        return html if html is not None else render_chunk([(self._read_body(doc), doc)], self._md)[0]

    def _ready(self, doc: Document) -> str:
        """`doc`'s key, once its body is rendered if it is one to render."""
        key = self.key(doc)
        while key in self._waiting:
            self._pull()
        return key

    def _pull(self) -> None:
        key = next(self._pending)
        self._fresh[key] = next(self._rendered)
        self._waiting.discard(key)
        if len(self._fresh) >= STORE_EVERY:
            self._store()

    def _store(self) -> None:
        if self._cache.path is not None:  # an in-memory cache lives one build: storing would only take memory
            self._cache.bodies.put_many(list(self._fresh.items()))
        self._fresh = {}


def render_chunk(items: list[tuple[str, Document]], md=None) -> list[str]:
    """Markdown text to typeset HTML, for (body, its document) pairs, with `md` (a Markdown instance, made
    here if None); links are rewritten later, per build."""
    md = md or markup.new_markdown()
    return [_render_body(md, text, doc) for text, doc in items]


def _render_body(md, text: str, doc: Document) -> str:
    try:
        return typography.typeset_html(markup.render_markdown(md, text), doc.lang)
    except RecursionError:  # Python-Markdown parses a list or quote inside another by recursion
        raise BuildFailed([Problem(doc.source, doc.body_line + _deepest_line(text), msg(
            "lists or quotes are nested too deeply here to be shown: keep to a few levels"))]) from None


def _deepest_line(text: str) -> int:
    """The index of the line that starts with the most indentation or quote marks."""
    lines = text.split("\n")
    return max(range(len(lines)), key=lambda i: len(lines[i]) - len(lines[i].lstrip(" \t>")))


def _render_all(documents: list[Document], read_body: Callable[[Document], str], md=None) -> Iterator[str]:
    """The HTML of each document's body, in order, a chunk at a time as it is asked for (the texts are
    read then: never all in memory), with one Markdown instance (`md`, or one made for the first)."""
    remaining = iter(documents)
    while chunk := list(islice(remaining, CHUNK)):
        md = md or markup.new_markdown()
        yield from render_chunk([(read_body(doc), doc) for doc in chunk], md)
        # Python-Markdown leaves reference cycles (a closure per body, the tables of contents): with the
        # collector paused for the build (pipeline.py), the youngest objects are collected here, a chunk
        # at a time (9 MB of a 5,000-news site's peak; what the check made is frozen: never walked).
        gc.collect(0)
