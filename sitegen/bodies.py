"""Every Markdown body rendered up front: looked up in the cache, the missing ones over a process pool."""
from __future__ import annotations

import os
from collections import deque
from itertools import islice
from typing import Callable, Iterator

from . import markup, typography
from .cache import MarkdownCache, code_fingerprint, digest
from .content import Document

PARALLEL_FROM = 48    # fewer bodies to render than this: one process is faster than starting a pool
CHUNK = 16            # bodies per task sent to a worker
STORE_EVERY = 128     # bodies stored per cache transaction, as they come: never all in memory
AHEAD = 4             # chunks queued per worker ahead of the one the pages wait for
READ_AHEAD = 128      # cached bodies read per query, in the pages' order


def renderer_settings() -> str:
    """What a body's HTML depends on besides its text and language: Markdown's extensions and version, the
    sanitizer's, and the generator's code (renderer, sanitizer policy, typography). Part of every key."""
    return digest(repr(markup.MARKDOWN_EXTENSIONS), code_fingerprint("markdown", "nh3"))


def default_processes() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class Bodies:
    """The typeset HTML of each body (links as written), asked for in the order of `documents`: from the
    cache, or from a pool of processes that renders the missing ones meanwhile, so that the pages that
    come first are made while later bodies are still being rendered. Use it in a `with` block: at the end
    every new body is stored and the entries no longer used are deleted from the cache."""

    def __init__(self, documents: list[Document], cache: MarkdownCache, processes: int,
                 read_body: Callable[[Document], str]):
        self._cache, self._settings, self._read_body = cache, renderer_settings(), read_body
        self._keys = {doc.source: self._key(doc) for doc in documents}
        self._order = list(dict.fromkeys(self._keys.values()))   # the order in which pages ask
        self._position = {key: index for index, key in enumerate(self._order)}
        self._read: dict[str, str] = {}            # read from the cache ahead of the pages, a batch at a time
        missing = {}
        for doc in documents:
            if not cache.bodies.has(self._keys[doc.source]):
                missing.setdefault(self._keys[doc.source], doc)
        self._pending = iter(list(missing))        # the keys of the bodies to render, in render order
        self._waiting = set(missing)
        self._rendered = _render_all(list(missing.values()), processes, read_body)
        self._fresh: dict[str, str] = {}           # rendered, not stored yet
        self._links: dict[str, str] = {}           # the link targets of the bodies rendered in this build
        self._read_links: dict[str, str] = {}      # those of cached bodies, read a batch at a time

    def __enter__(self) -> "Bodies":
        return self

    def __exit__(self, exc_type, *rest) -> None:
        if exc_type is None:
            while self._waiting:  # bodies no page asked for (a page failed): still worth keeping
                self._pull()
            self._store()
            self._cache.bodies.keep_only(set(self._keys.values()))
            self._cache.body_links.keep_only(set(self._keys.values()))
        self._rendered.close()  # stops the pool

    def html(self, doc: Document) -> str:
        key = self._keys.get(doc.source) or self._key(doc)
        while key in self._waiting:
            self._pull()
        html = self._fresh.get(key) or self._read.pop(key, None) or self._read_ahead(key)
        return html if html is not None else render_chunk([(self._read_body(doc), doc.lang)])[0]

    def key_and_links(self, doc: Document) -> tuple[str, tuple[str, ...]]:
        """The key of `doc`'s body and the href/src targets of its HTML, without reading the HTML when
        they are cached: what a page's cache key needs."""
        key = self._keys.get(doc.source) or self._key(doc)
        while key in self._waiting:
            self._pull()
        links = self._links.get(key) or self._read_links.pop(key, None) or self._read_links_ahead(key)
        return key, tuple(links.split("\n")[1:]) if links is not None else link_targets(self.html(doc))

    def _key(self, doc: Document) -> str:
        return digest(self._settings, doc.lang, doc.body_digest)

    def _read_links_ahead(self, key: str) -> str | None:
        if key not in self._position:
            return self._cache.body_links.get(key)
        start = self._position[key]
        self._read_links = self._cache.body_links.get_many(self._order[start:start + READ_AHEAD * 8])
        return self._read_links.pop(key, None)

    def _read_ahead(self, key: str) -> str | None:
        """The body of `key` from the cache, with those of the next pages (one query, not one per page)."""
        if key not in self._position:
            return self._cache.bodies.get(key)
        start = self._position[key]
        self._read = self._cache.bodies.get_many(self._order[start:start + READ_AHEAD])
        return self._read.pop(key, None)

    def _pull(self) -> None:
        key = next(self._pending)
        self._fresh[key] = next(self._rendered)
        self._links[key] = stored_links(self._fresh[key])
        self._waiting.discard(key)
        if len(self._fresh) >= STORE_EVERY:
            self._store()

    def _store(self) -> None:
        if self._cache.path is not None:  # an in-memory cache lives one build: storing would only take memory
            self._cache.bodies.put_many(list(self._fresh.items()))
            self._cache.body_links.put_many([(key, self._links[key]) for key in self._fresh])
        self._fresh = {}


def link_targets(html: str) -> tuple[str, ...]:
    """The href/src targets of a body's HTML, as markup.rewrite_links finds them."""
    return tuple(target for _, target in markup.HTML_URL.findall(html))


def stored_links(html: str) -> str:
    """link_targets as one text: a first line, then one target a line (a target never holds a line end)."""
    return "\n".join(("links", *link_targets(html)))


def render_chunk(items: list[tuple[str, str]]) -> list[str]:
    """Markdown text to typeset HTML, for (text, language) pairs; links are rewritten later, per build."""
    md = markup.new_markdown()
    return [typography.typeset_html(markup.render_markdown(md, text), lang) for text, lang in items]


def _render_all(documents: list[Document], processes: int, read_body: Callable[[Document], str]) -> Iterator[str]:
    """The HTML of each document's body, in order, as it is rendered."""
    # The texts are read here, a chunk at a time, as the workers need them: never all in memory.
    items = ([(read_body(doc), doc.lang) for doc in chunk] for chunk in _chunks(documents, CHUNK))
    if processes <= 1 or len(documents) < PARALLEL_FROM:
        for chunk in items:
            yield from render_chunk(chunk)
        return
    import multiprocessing  # here: a build with nothing to render does not pay for importing it
    chunks = iter(items)
    # fork: the workers start at once, with the modules already imported.
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        # A few chunks ahead of the pages, not all: rendered bodies must not pile up in memory.
        ahead = deque(pool.apply_async(render_chunk, (chunk,)) for chunk in islice(chunks, processes * AHEAD))
        while ahead:
            done = ahead.popleft().get()
            ahead.extend(pool.apply_async(render_chunk, (chunk,)) for chunk in islice(chunks, 1))
            yield from done


def _chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]
