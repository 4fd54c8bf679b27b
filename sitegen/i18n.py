"""Interface strings per language, and CLDR formats (dates, file sizes) through Babel."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from .errors import Problem
from .messages import msg
from .load import SourceFile
from .proofread import proofread_yaml
from .yamlfile import line_of, parse_yaml

# The format name shown beside a download, from its extension (as the embassy's site shows "Word").
FORMAT_NAMES = {"doc": "Word", "docx": "Word", "odt": "OpenDocument", "pdf": "PDF",
                "xls": "Excel", "xlsx": "Excel", "ods": "OpenDocument", "zip": "ZIP"}


@dataclass(frozen=True)
class Strings:
    """The UI string table of every language: {lang: {key: text}}."""
    tables: dict

    def get(self, lang: str, key: str) -> str:
        return self.tables[lang][key]


def parse_strings(files: tuple[SourceFile, ...], codes: tuple[str, ...]) -> tuple[Strings | None, list[Problem]]:
    """Read content/strings/<lang>.yaml; a key present in one language and missing in another is an error."""
    tables, problems = {}, []
    by_lang = {f.path.rsplit("/", 1)[-1].removesuffix(".yaml"): f for f in files}
    for code in codes:
        source = by_lang.get(code)
        if source is None:
            problems.append(Problem(f"content/strings/{code}.yaml", 1, msg("the {code} UI string table is missing",
                                                                           code=code)))
            continue
        table, found = parse_yaml(source.text, source.path)
        if not found and not _is_flat_table(table):
            found = [Problem(source.path, 1, msg("a UI string table must be `key: text` lines"))]
        problems += found
        if not found:
            tables[code] = table
            problems += proofread_yaml(table, codes, source.path, lang=code)
    for name in sorted(set(by_lang) - set(codes)):
        problems.append(Problem(by_lang[name].path, 1, msg("no language {name} in site_config.yaml", name=repr(name))))
    problems += _missing_keys(tables, by_lang)
    if any(p.is_error for p in problems):
        return None, problems
    return Strings({code: dict(table) for code, table in tables.items()}), problems


def _is_flat_table(table) -> bool:
    return isinstance(table, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in table.items())


def _missing_keys(tables: dict, sources: dict) -> list[Problem]:
    problems = []
    every_key = set().union(*tables.values()) if tables else set()
    for code, table in tables.items():
        for key in sorted(every_key - set(table)):
            where = next(c for c in tables if key in tables[c])
            problems.append(Problem(sources[code].path, 1,
                                    msg("UI string `{key}` is missing (it is in {path} line {line}): add `{key}: ...`",
                                        key=key, path=sources[where].path, line=line_of(tables[where], key))))
    return problems


@lru_cache(maxsize=16384)  # pure and costly: each news date is shown on its page and in the lists
def format_date(date: dt.date, form: str, locale: str) -> str:
    """A date in CLDR `short`/`medium`/`long`/`full` form for the locale (what babel.dates.format_date
    does, with the locale and its pattern looked up once rather than for each date)."""
    pattern, parsed_locale = _date_pattern(form, locale)
    return pattern.apply(date, parsed_locale)


@lru_cache(maxsize=64)  # a constant per (form, locale), from Babel's CLDR data
def _date_pattern(form: str, locale: str):
    from babel import Locale  # Babel is imported when a build formats, not by `check` (start-up time)
    from babel.dates import get_date_format
    parsed = Locale.parse(locale)
    return get_date_format(form, locale=parsed), parsed


@lru_cache(maxsize=64)
def language_name(code: str, locale: str) -> str:
    """A language's name in another's words, from CLDR: ("fr", "ro") -> "franceză", ("ro", "fr") -> "roumain"."""
    from babel import Locale
    return Locale.parse(locale).languages.get(code, code)


def format_size(size: int, locale: str) -> str:
    """A file size in CLDR units: "866 ko" in French, "866 kB" in Romanian, "1,2 Mo" above a megabyte."""
    from babel.units import format_unit
    if size >= 999_500:  # would round to "1 000 ko"
        return format_unit(round(size / 1_000_000, 1), "digital-megabyte", length="short", locale=locale)
    return format_unit(max(1, round(size / 1000)), "digital-kilobyte", length="short", locale=locale)


def file_label(name: str, size: int, locale: str) -> str:
    """The label of a download, "Word - 866 ko", computed from the real file."""
    extension = name.rsplit(".", 1)[-1].lower()
    return f"{FORMAT_NAMES.get(extension, extension.upper())} - {format_size(size, locale)}"
