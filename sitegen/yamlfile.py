"""YAML parsing that keeps the line of every mapping key, and turns YAML failures into Problems."""
from __future__ import annotations

import re

import yaml

from .errors import Problem
from .messages import msg

# PyYAML's words for the mistakes editors make most, in the editor's language too (the others stay as
# PyYAML says them).
YAML_REASONS = {str(text): text for text in (
    msg("mapping values are not allowed here"), msg("could not find expected ':'"),
    msg("did not find expected key"), msg("did not find expected ',' or ']'"),
    msg("did not find expected ',' or '}}'"), msg("found unexpected end of stream"),
    msg("found undefined alias"), msg("did not find expected '-' indicator"),
    msg("did not find expected <document start>"), msg("found unknown escape character"),
    msg("did not find expected node content"), msg("did not find expected alphabetic or numeric character"),
    msg("found a tab character where an indentation space is expected"), msg("found unexpected ':'"))}
# Those that name what was found: (pattern, message).
YAML_PATTERNS = (
    (re.compile(r"^expected (.+), but found (.+)$"), lambda m: msg("expected {wanted}, but found {found}",
                                                                  wanted=m.group(1), found=m.group(2))),
    (re.compile(r"^found character (.+) that cannot start any token$"),
     lambda m: msg("found character {char} that cannot start any token", char=m.group(1))),
)


def yaml_reason(reason: str):
    """PyYAML's reason, as a message when it is one of those above."""
    if reason in YAML_REASONS:
        return YAML_REASONS[reason]
    for pattern, message in YAML_PATTERNS:
        match = pattern.match(reason)
        if match:
            return message(match)
    return reason

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LinedDict(dict):
    """A mapping that remembers the source line of each key (`lines[key]`) and of itself (`line`)."""

    line: int = 1
    lines: dict


class LinedList(list):
    """A sequence that remembers the source line of each item (`lines[i]`)."""

    line: int = 1
    lines: list


class _LineLoader(_BaseLoader):
    pass


def _construct_map(loader, node):
    data = LinedDict()
    data.line = node.start_mark.line + 1
    data.lines = {}
    yield data
    for key_node, value_node in node.value:
        key = _construct_child(loader, key_node)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise _refuse(msg("a key must be a plain word"), key_node)
        if key in data:
            raise _refuse(msg("the key `{key}` appears twice: keep one", key=key), key_node)
        data[key] = _construct_child(loader, value_node, key_node)
        data.lines[key] = key_node.start_mark.line + 1


def _construct_child(loader, node, where=None):
    # A node met a second time is an alias (*name): refused, since editors never need them and nested
    # aliases make a few hundred bytes expand into millions of values.
    if node in loader.constructed_objects:
        raise _refuse(msg("YAML aliases (*name) are not supported: write the value out"), where or node)
    return loader.construct_object(node, deep=True)


def _refuse(message: str, node) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(None, None, message, node.start_mark)


def _construct_seq(loader, node):
    data = LinedList()
    data.line = node.start_mark.line + 1
    data.lines = [item.start_mark.line + 1 for item in node.value]
    yield data
    data.extend(_construct_child(loader, item, node) for item in node.value)


def _construct_plain(loader, node):
    # Dates stay text: the schema checks them and reports a bad one with its line.
    return loader.construct_scalar(node)


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_plain)


def parse_yaml(text: str, path: str, first_line: int = 1):
    """Parse YAML text; return (value, problems). Lines are counted from `first_line`."""
    try:
        # Blank lines in front make YAML's own marks count from `first_line`.
        value = yaml.load("\n" * (first_line - 1) + text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = _mark_to_fix(exc)
        line = mark.line + 1 if mark else first_line
        reason = exc.problem or exc.context or msg("invalid YAML")
        reason = yaml_reason(reason)
        hint = isinstance(exc, yaml.constructor.ConstructorError)
        if mark and _line_text(text, mark.line + 1 - first_line).startswith("\t", mark.column):
            reason, hint = msg("a tab character here: indent with spaces, never tabs"), True
        if not hint:
            reason = msg("{reason} (check indentation, colons and quotes)", reason=reason)
        if mark:
            return None, [Problem(path, line, msg("YAML does not parse, column {column}: {reason}",
                                                  column=mark.column + 1, reason=reason))]
        return None, [Problem(path, line, msg("YAML does not parse: {reason}", reason=reason))]
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        return None, [Problem(path, first_line, msg("YAML does not parse: {reason}",
                                                    reason=str(exc).splitlines()[0]))]
    return value, []


def _line_text(text: str, index: int) -> str:
    lines = text.split("\n")
    return lines[index] if 0 <= index < len(lines) else ""


# The contexts that name where something was opened and never closed (a bracket, a quote), a key that
# never got its colon, or a list begun where `field: value` lines were expected: there is the line an
# editor must fix. Other contexts ("while parsing a block mapping", "while scanning a plain scalar") name
# where the enclosing thing began, lines above the fault (a tab, a line indented wrongly).
_OPENED_CONTEXTS = ("flow", "quoted", "simple key", "block collection")


def _mark_to_fix(exc: yaml.MarkedYAMLError):
    context = exc.context or ""
    if exc.context_mark and (any(word in context for word in _OPENED_CONTEXTS) or not exc.problem_mark):
        return exc.context_mark
    return exc.problem_mark or exc.context_mark


def line_of(mapping, key, default: int = 1) -> int:
    """The line of `key` in a parsed mapping, or the mapping's own line."""
    lines = getattr(mapping, "lines", None) or {}
    return lines.get(key, getattr(mapping, "line", default))
