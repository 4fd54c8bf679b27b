"""YAML parsing that keeps the line of every mapping key, and turns YAML failures into Problems."""
from __future__ import annotations

import yaml

from .errors import Problem

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
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain word", key_node.start_mark)
        data[key] = loader.construct_object(value_node, deep=True)
        data.lines[key] = key_node.start_mark.line + 1


def _construct_seq(loader, node):
    data = LinedList()
    data.line = node.start_mark.line + 1
    data.lines = [item.start_mark.line + 1 for item in node.value]
    yield data
    data.extend(loader.construct_object(item, deep=True) for item in node.value)


def _construct_plain(loader, node):
    # Dates stay text: the schema checks them and reports a bad one with its line.
    return loader.construct_scalar(node)


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_plain)


def parse_yaml(text: str, path: str, first_line: int = 1):
    """Parse YAML text; return (value, problems). Lines are counted from `first_line`."""
    try:
        value = _shift_lines(yaml.load(text, Loader=_LineLoader), first_line - 1)
    except yaml.MarkedYAMLError as exc:
        # The context mark is where the unclosed thing started: the line an editor must fix.
        mark = exc.context_mark or exc.problem_mark
        line = first_line + (mark.line if mark else 0)
        column = f", column {mark.column + 1}" if mark else ""
        reason = exc.problem or exc.context or "invalid YAML"
        return None, [Problem(path, line, f"YAML does not parse{column}: {reason}"
                                           " (check indentation, colons and quotes)")]
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        return None, [Problem(path, first_line, f"YAML does not parse: {exc}".splitlines()[0])]
    return value, []


def _shift_lines(value, offset: int):
    if offset and isinstance(value, LinedDict):
        value.line += offset
        value.lines = {k: n + offset for k, n in value.lines.items()}
        for item in value.values():
            _shift_lines(item, offset)
    elif offset and isinstance(value, LinedList):
        value.line += offset
        value.lines = [n + offset for n in value.lines]
        for item in value:
            _shift_lines(item, offset)
    return value


def line_of(mapping, key, default: int = 1) -> int:
    """The line of `key` in a parsed mapping, or the mapping's own line."""
    lines = getattr(mapping, "lines", None) or {}
    return lines.get(key, getattr(mapping, "line", default))
