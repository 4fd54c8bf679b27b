"""The tool's own words in the editor's language: messages are made in English and translated only when they
are shown, with the gettext catalogs of sitegen/locale/ (compiled at first use), chosen by the locale."""
from __future__ import annotations

import gettext
import hashlib
import io
import os
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "sitegen"
LANGUAGES = ("fr", "ro")      # catalogs; any other language (and C, POSIX, unset) is English


class Msg(str):
    """An English message that remembers how it was made (its msgid, plural and values), so that it can be
    shown in another language. It *is* its English text: problems sort, compare and hash the same whatever
    the editor's language, and a cached problem is never in the language of the build that cached it."""

    def __new__(cls, msgid: str, plural: str | None = None, n: int | None = None, **values):
        english = (plural if plural is not None and n != 1 else msgid).format(**_english(values), n=n)
        made = super().__new__(cls, english)
        made.msgid, made.plural, made.n, made.values = msgid, plural, n, values
        return made

    def __reduce__(self):  # pickled (the cache, forked processes) as what it is made of
        return _remade, (self.msgid, self.plural, self.n, self.values)

    def shown(self, translations: gettext.NullTranslations) -> str:
        if self.plural is None:
            text = translations.gettext(self.msgid)
        else:
            text = translations.ngettext(self.msgid, self.plural, self.n)
        try:
            return text.format(**{key: shown(value, translations) for key, value in self.values.items()}, n=self.n)
        except (KeyError, IndexError, ValueError):   # a translation with a wrong placeholder: English, not a crash
            return str(self)


def _remade(msgid, plural, n, values) -> Msg:
    return Msg(msgid, plural, n, **values)


def _english(values: dict) -> dict:
    return {key: str(value) for key, value in values.items()}


def msg(msgid: str, **values) -> Msg:
    """A message: `msgid` is English with {name} placeholders, filled from `values` (which may be messages
    too, shown in the same language)."""
    return Msg(msgid, **values)


def nmsg(singular: str, plural: str, n: int, **values) -> Msg:
    """A message whose words depend on a number `n` (CLDR plural rules: Romanian has three forms)."""
    return Msg(singular, plural, n, **values)


def shown(text, translations: gettext.NullTranslations | None = None) -> str:
    """A message in the editor's language; any other value as text."""
    if isinstance(text, Msg):
        return text.shown(translations or catalog())
    return text if isinstance(text, str) else str(text)


def editor_language(environ=os.environ) -> str:
    """The editor's language as gettext finds it: the first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG that is
    set; "en" for C, POSIX, unset, or a language without a catalog."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            for choice in value.split(":"):   # LANGUAGE may list several: the first with a catalog
                code = choice.split(".")[0].split("@")[0].split("_")[0].lower()
                if code in LANGUAGES:
                    return code
            return "en"
    return "en"


def catalog(language: str | None = None) -> gettext.NullTranslations:
    """The translations of the editor's language (or `language`)."""
    return _catalog(language or editor_language())


@lru_cache(maxsize=4)
def _catalog(language: str) -> gettext.NullTranslations:
    if language not in LANGUAGES:
        return gettext.NullTranslations()
    return gettext.GNUTranslations(io.BytesIO(compiled(language)))


def compiled(language: str) -> bytes:
    """The .mo of a language's catalog: compiled from its .po at first use and kept beside it under the
    .po's hash, so that it is never stale (a fresh clone compiles it once; no build step)."""
    source = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    data = source.read_bytes()
    kept = source.with_name(f"{DOMAIN}-{hashlib.sha256(data).hexdigest()[:16]}.mo")
    try:
        return kept.read_bytes()
    except OSError:
        pass
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    out = io.BytesIO()
    write_mo(out, read_po(io.BytesIO(data), locale=language, domain=DOMAIN))
    try:
        for old in kept.parent.glob(f"{DOMAIN}-*.mo"):
            old.unlink()
        kept.write_bytes(out.getvalue())
    except OSError:   # a read-only install: compiled again next time
        pass
    return out.getvalue()


def translate_argparse() -> None:
    """argparse's own words ("usage:", "positional arguments", its error lines) from our catalogs."""
    import argparse
    translations = catalog()
    argparse._ = translations.gettext
    argparse.ngettext = translations.ngettext


def say(msgid: str, **values) -> str:
    """A message in the editor's language now (help texts, lines printed at once)."""
    return shown(msg(msgid, **values))


def as_data(text):
    """A message as JSON-able data (the record of a build), for `from_data`."""
    if isinstance(text, Msg):
        return {"msgid": text.msgid, "plural": text.plural, "n": text.n,
                "values": {key: as_data(value) for key, value in text.values.items()}}
    return text


def from_data(data):
    if isinstance(data, dict) and "msgid" in data:
        return Msg(data["msgid"], data["plural"], data["n"],
                   **{key: from_data(value) for key, value in data["values"].items()})
    return data
