"""Structured data (contacts, missions, useful links): each file checked against its own schema."""
from __future__ import annotations

from dataclasses import dataclass

from .errors import Problem
from .messages import msg
from .load import SourceFile
from .proofread import proofread_yaml
from .schema import CHECKERS, check_mapping
from .yamlfile import line_of, parse_yaml

CONTACT_SPEC = {"id": ("slug", True), "role": ("localized", True), "rank": ("localized", False),
                "remit": ("localized", False), "posting": ("localized", False),
                "accreditation": ("localized", False), "name": ("text", False),
                "phone": ("text", False), "email": ("email", False)}
SIDE_SPEC = {"id": ("slug", True), "title": ("localized", True), "points": ("list", True)}
LINK_SPEC = {"url": ("url", True), "title": ("localized", True)}

# Each data file: its top-level keys and, for the list it holds, the schema of one item.
DATA_FILES = {
    "contacts": ({"intro": ("localized", False), "contacts": ("list", True)}, "contacts", CONTACT_SPEC),
    "missions": ({"intro": ("localized", True), "sides": ("list", True)}, "sides", SIDE_SPEC),
    "links": ({"links": ("list", True)}, "links", LINK_SPEC),
}


@dataclass(frozen=True)
class SiteData:
    """The three data files as checked plain values (localized fields are {lang: text} or text)."""
    contacts: dict
    missions: dict
    links: dict


def parse_data(files: tuple[SourceFile, ...], codes: tuple[str, ...]) -> tuple[SiteData | None, list[Problem]]:
    """Parse and check content/data/*.yaml; every expected file must be there."""
    by_name = {f.path.rsplit("/", 1)[-1].removesuffix(".yaml"): f for f in files}
    values, problems = {}, []
    for name in DATA_FILES:
        source = by_name.get(name)
        if source is None:
            problems.append(Problem(f"content/data/{name}.yaml", 1, msg("this data file is missing")))
            continue
        value, found = _parse_one(source, name, codes)
        values[name] = value
        problems += found
    for name in sorted(set(by_name) - set(DATA_FILES)):
        problems.append(Problem(by_name[name].path, 1, msg("unknown data file (known: {known})",
                                                           known=", ".join(f"{n}.yaml" for n in DATA_FILES))))
    if any(p.is_error for p in problems):
        return None, problems
    return SiteData(**values), problems


def _parse_one(source: SourceFile, name: str, codes) -> tuple[dict | None, list[Problem]]:
    value, problems = parse_yaml(source.text, source.path)
    if problems:
        return None, problems
    top_spec, list_key, item_spec = DATA_FILES[name]
    problems = check_mapping(value, top_spec, source.path, codes, f"{name}.yaml")
    items = value.get(list_key) if isinstance(value, dict) else None
    if problems or not isinstance(items, list):
        return None, problems
    what = list_key.rstrip("s")
    for item, line in zip(items, items.lines):
        problems += check_mapping(item, item_spec, source.path, codes, msg("a `{what}` entry", what=what), line)
        if name == "missions" and isinstance(item, dict) and isinstance(item.get("points"), list):
            problems += _check_points(item["points"], source.path, codes)
    problems += _check_unique_ids(items, source.path) + proofread_yaml(value, codes, source.path)
    return value, problems


def _check_points(points, path, codes) -> list[Problem]:
    problems = []
    for point, line in zip(points, points.lines):
        wrong = CHECKERS["localized"](point, codes)
        if wrong:
            problems.append(Problem(path, line, msg("this point {wrong}", wrong=wrong)))
    return problems


def _check_unique_ids(items, path) -> list[Problem]:
    seen, problems = set(), []
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            if item["id"] in seen:
                problems.append(Problem(path, line_of(item, "id"), msg("id {id} is used twice", id=repr(item["id"]))))
            seen.add(item["id"])
    return problems
