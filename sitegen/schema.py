"""Field-by-field checks of parsed YAML mappings (types, required keys, localized maps, dates, slugs)."""
from __future__ import annotations

import datetime as dt
import re
from typing import Callable

from .errors import Problem
from .messages import msg
from .yamlfile import line_of

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(value) -> dt.date | None:
    """A real calendar date written YYYY-MM-DD, or None."""
    text = str(value)
    if not DATE_PATTERN.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def is_safe_slug(value) -> bool:
    return isinstance(value, str) and bool(SLUG_PATTERN.match(value))


def pick(value, lang: str):
    """A field's text in `lang`: the map's entry, or the language-neutral value itself."""
    return value.get(lang) if isinstance(value, dict) else value


# Each checker returns None when the value is fine, else what is wrong with it.
def _text(value, langs):
    return None if isinstance(value, str) and value.strip() else msg("must be a non-empty text")


def _localized(value, langs):
    if isinstance(value, str):
        return _text(value, langs)
    if not isinstance(value, dict):
        return msg("must be a text, or a map with one text per language ({languages})", languages=", ".join(langs))
    missing = [lang for lang in langs if not (isinstance(value.get(lang), str) and value[lang].strip())]
    extra = sorted(str(k) for k in value if k not in langs)
    if missing:
        return msg("has no translation in {missing} (add `{first}: ...`)", missing=", ".join(missing), first=missing[0])
    if extra:
        return msg("has an unknown language {extra} (languages: {languages})", extra=", ".join(extra),
                   languages=", ".join(langs))
    return None


def _date(value, langs):
    return None if parse_date(value) else msg("must be a real date written YYYY-MM-DD, not {value}", value=repr(value))


def _bool(value, langs):
    return None if isinstance(value, bool) else msg("must be true or false")


def _count(value, langs):
    ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
    return None if ok else msg("must be a whole number above 0")


def _slug(value, langs):
    return None if is_safe_slug(value) else msg(
        "{value} is not a safe URL slug: use lowercase letters, digits and single hyphens"
        " (no spaces, '/', '..' or accents)", value=repr(value))


def _url(value, langs):
    ok = isinstance(value, str) and re.match(r"^https?://[^\s/]+", value)
    return None if ok else msg("must be a full web address starting with https://")


def _email(value, langs):
    ok = isinstance(value, str) and re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", value)
    return None if ok else msg("must be an e-mail address")


def _list(value, langs):
    return None if isinstance(value, list) and value else msg("must be a non-empty list")


CHECKERS: dict[str, Callable] = {
    "text": _text, "localized": _localized, "date": _date, "bool": _bool, "count": _count,
    "slug": _slug, "url": _url, "email": _email, "list": _list,
    "any": lambda value, langs: None,  # checked by the caller, which knows its shape
}


def check_mapping(value, spec: dict[str, tuple[str, bool]], path: str, langs: tuple[str, ...],
                  what: str, line: int = 1) -> list[Problem]:
    """Check `value` against `spec` ({field: (kind, required)}); unknown keys are errors too."""
    if not isinstance(value, dict):
        return [Problem(path, getattr(value, "line", line), msg("{what} must be a mapping of `field: value` lines",
                                                                what=what))]
    problems = []
    for name, (kind, required) in spec.items():
        if name not in value:
            if required:
                problems.append(Problem(path, getattr(value, "line", line),
                                        msg("{what} has no `{name}` (required)", what=what, name=name)))
            continue
        wrong = CHECKERS[kind](value[name], langs)
        if wrong:
            problems.append(Problem(path, line_of(value, name, line), msg("`{name}` {wrong}", name=name, wrong=wrong)))
    for name in value:
        if name not in spec:
            allowed = ", ".join(spec)
            problems.append(Problem(path, line_of(value, name, line),
                                    msg("unknown field `{name}` in {what} (allowed: {allowed})", name=name,
                                        what=what, allowed=allowed)))
    return problems
