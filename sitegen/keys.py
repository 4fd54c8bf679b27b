"""Cache keys: what each cached result depends on, written out field by field, behind one build fingerprint.

Every result the build keeps (a checked file, a rendered body, a rendered page, the sitemap and feeds, a
whole build) is found again only under the key of all its inputs, and every key is made here:

- `fingerprint()` is what every key starts with: the generator's code (every module, subpackages
  included) and the installed versions of the packages that shape some output (`OUTPUT_PACKAGES`).
- The build options are declared here too: `OUTPUT_OPTIONS` change what is built and are in the key of a
  whole build (`build_key`); `SPEED_OPTIONS` change only how fast. Each BuildRequest field is in exactly
  one of the two (tests/test_keys.py fails otherwise). A page's key holds the page options through
  `site_key`; a body or a checked file depends on none of them, so serve and build share them.
- A page's key (`page_key`) is what its model is made from: the site and options (`site_key`), which page
  it is, and what it read through its options while it was made (its bodies' keys, its translation
  state), recorded by outputs.render_share: the model itself is never written out.
- `record_key(value)` writes other inputs as text (the site, a translation state; `output_key` hashes
  the sitemap's and feeds' contexts as they are written, never whole): a frozen record (dataclass) as
  its class name and its fields, by name, in their declared order; tuples, lists and dictionaries item
  by item; texts with their length. A value that cannot be written (a function, an object of no known
  kind) is an error, never skipped. No pickle: equal values give one key however their parts are shared.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from functools import lru_cache
from pathlib import PurePath

from .cache import code_fingerprint, digest

# The packages whose version changes the bytes of some output: the Markdown renderer, the sanitizer, the
# template engine and its escaping, CLDR's dates and plurals, the YAML parser, the spelling library and
# the language identifier (their warnings are part of a build's report).
OUTPUT_PACKAGES = ("markdown", "nh3", "jinja2", "markupsafe", "babel", "yaml", "enchant", "py3langid")
# BuildRequest's fields that change what is built, and those that change only the speed (or where it keeps
# its cache): each field is in exactly one of the two.
OUTPUT_OPTIONS = ("root", "output", "base_url", "drafts", "strict", "today", "dev", "clean")
SPEED_OPTIONS = ("cache", "processes", "memo")


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """The code and the packages: what every key starts with (the same for the whole life of a process)."""
    return code_fingerprint(*OUTPUT_PACKAGES)


def build_key(request, today: dt.date, sources, unreadable, dictionaries: str) -> str:
    """A whole build's key: the output options (`today` is the build's day, drafts and future news depend
    on it), every source file, the spelling dictionaries (warnings depend on them), and the files that could
    not be read (a build with one never succeeds, so is never "unchanged")."""
    options = [(name, today if name == "today" else getattr(request, name)) for name in OUTPUT_OPTIONS]
    parts = [fingerprint(), record_key(tuple(options)), dictionaries]
    for item in (sources.config,) + sources.data + sources.strings + sources.words:
        parts += [item.path, item.text] if item else ["-"]
    for ref in sources.pages + sources.news + ((sources.lock,) if sources.lock else ()):
        parts += [ref.path, ref.digest]
    for asset in sources.files + sources.assets:
        parts += [asset.path, asset.data]
    for name in sorted(sources.templates):
        parts += [name, sources.templates[name]]
    parts += [record_key(problem) for problem in unreadable]
    return digest(*parts)


def check_settings(codes: tuple[str, ...], speller_identity: str) -> str:
    """What a checked page, news or data file depends on besides its bytes: the site's languages and the
    spelling dictionaries and word lists."""
    return digest(fingerprint(), *codes, speller_identity)


def check_key(settings: str, kind: str, path: str, file_digest: str) -> str:
    return digest(settings, kind, path, file_digest)


def body_settings() -> str:
    """What a rendered body depends on besides its text and language: Markdown's extensions, the sanitizer's
    policy (and the code and packages)."""
    from .markup import MARKDOWN_EXTENSIONS
    from .sanitize import POLICY
    return digest(fingerprint(), repr(MARKDOWN_EXTENSIONS), POLICY)


def body_key(settings: str, lang: str, body_digest: str) -> str:
    return digest(settings, lang, body_digest)


def page_settings(templates: dict, strings_tables: dict) -> str:
    """What a page's or feed's bytes depend on besides its model: the templates and the UI strings."""
    return digest(fingerprint(), json.dumps(templates, sort_keys=True), json.dumps(strings_tables, sort_keys=True))


# A document's fields that come from its body. A page model shows a body only through the functions
# BuildOptions gives it (model.py: the body's key, and its HTML, whose links are rewritten there), and a
# page's key holds the keys of the bodies it asked for: so `site_key` leaves these fields out, and editing
# a body changes the keys of the pages that show it (its own, the information sheet's for the service
# page), not every page's.
BODY_FIELDS = frozenset({"body_digest", "body_line", "links", "facts"})
# The same for the translations' states: a page reads its own through BuildOptions.translation_state, and
# its key holds what it read (an original's edit changes its translation's page, not every page).
READ_THROUGH_OPTIONS = frozenset({"translations"})


def site_key(site, options) -> str:
    """What every page model is made from, bodies aside: the checked site (every field of it; each document
    without its BODY_FIELDS) and the options that shape pages (the day, drafts, asset names, policy)."""
    parts = []
    for name in (n for n in _record_fields(type(site)) if n not in READ_THROUGH_OPTIONS):
        value = getattr(site, name)
        if name == "documents":  # thousands: each as the repr() of its fields' values (texts, dates, numbers)
            fields = [field for field in _record_fields(type(value[0])) if field not in BODY_FIELDS] if value else []
            parts += [name, *fields, *(repr(tuple(map(doc.__getattribute__, fields))) for doc in value)]
        else:
            parts.append(record_key((name, value)))
    return digest(*parts, record_key(options))


def page_key(settings: str, site: str, route: str, template: str, read: list[str]) -> str:
    """A page's key: the templates and strings (`settings`), the site and options it was made from
    (`site_key`), which page it is, and what it read through its options (the keys of the bodies it shows,
    its translation state). A page model is a function of these alone (model.plan_pages), so the model
    itself need not be written out."""
    return digest(settings, site, route, template, *read)


def record_lookup(settings: str, site: str, page: str) -> str:
    """Where a page's record (outputs.PageRecord: what it read when it was last made) is found: the same
    templates and strings, the same site key, the same page."""
    return digest(settings, site, page)


def output_key(settings: str, template: str, context) -> str:
    """The key of the sitemap or a feed: its template and its context, field by field, hashed as they are
    written (a large site's sitemap context is megabytes of text: never held whole)."""
    hasher = hashlib.sha256()
    for part in (settings, template):
        hasher.update(digest(part).encode())
    _write(context, lambda text: hasher.update(text.encode() + b"\x1f"), None)
    return hasher.hexdigest()


def record_key(value) -> str:
    """The text of a value's inputs (see the module's docstring): equal values give equal texts, however
    their parts are shared (a record met again in the value is written once, then looked up)."""
    parts: list[str] = []
    _write(value, parts.append, {})
    return "\x1f".join(parts)


@lru_cache(maxsize=None)
def _record_fields(kind: type) -> tuple[str, ...] | None:
    """The fields a record of this class is keyed by, None if it is not a record."""
    if dataclasses.is_dataclass(kind):
        return tuple(f.name for f in dataclasses.fields(kind) if f.compare)
    return None


def _write(value, emit, memo: dict | None) -> None:
    """Each item of `value` in turn to `emit`; `memo` (None: none) keeps each record's text by identity."""
    kind = type(value)
    # Each item tagged by its kind, a text by its length too: one stream of items is one value, no other.
    if kind is str:  # first: most values are
        emit(f"s{len(value)}:{value}")
    elif kind is bytes:
        emit(f"b{digest(value)}")
    elif kind is tuple or kind is list:
        emit(f"({len(value)}")
        for item in value:
            if type(item) is str:  # inline: the most common item (speed)
                emit(f"s{len(item)}:{item}")
            else:
                _write(item, emit, memo)
    elif value is None or kind is bool or kind is int or kind is float:
        emit(f"r{value!r}")
    elif kind is dict:
        emit(f"{{{len(value)}")
        for name in sorted(value, key=repr):
            _write(name, emit, memo)
            _write(value[name], emit, memo)
    elif kind is dt.date or kind is dt.datetime:
        emit(f"d{value.isoformat()}")
    elif _record_fields(kind) is not None:
        _write_record(value, kind, emit, memo)
    elif isinstance(value, str):  # a str subclass (messages.Msg: a message in English, shown translated)
        _write(str.__str__(value), emit, memo)
    elif isinstance(value, (dict, tuple, list)):  # parsed YAML's mappings and lists, which know their lines
        _write(dict(value) if isinstance(value, dict) else tuple(value), emit, memo)
    elif isinstance(value, PurePath):
        emit(f"p{value}")
    else:
        raise TypeError(f"no cache key for a {kind.__name__}: make it a frozen record, or keep it out of what"
                        " is cached")


def _write_record(value, kind: type, emit, memo: dict | None) -> None:
    """A record as its class name and its fields by name; with a memo, its text is made once however often
    the record is met (the same object), then looked up."""
    if memo is None:
        emit(f"<{kind.__name__}")
        _write_fields(value, kind, emit, None)
        emit(">")
        return
    known = memo.get(id(value))
    if known is None or known[0] is not value:  # an id is reused only once its object is gone
        parts = [f"<{kind.__name__}"]
        _write_fields(value, kind, parts.append, memo)
        parts.append(">")
        known = memo[id(value)] = (value, "\x1f".join(parts))
    emit(known[1])


def _write_fields(value, kind: type, emit, memo: dict | None) -> None:
    for name in _record_fields(kind):
        field = getattr(value, name)
        if type(field) is str:  # inline: the most common field (speed)
            emit(f"{name}\x1fs{len(field)}:{field}")
        else:
            emit(name)
            _write(field, emit, memo)
