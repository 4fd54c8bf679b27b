"""Shared fixtures: a copy of the real site in a temporary folder, built once per session."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import lxml.html
import pytest

from bench.corpus import copy_site  # noqa: F401  (the tests' copy of the real site)
from sitegen.pipeline import BuildRequest, build

ROOT = Path(__file__).resolve().parent.parent
BUILD_DAY = dt.date(2026, 1, 1)


def edit(root: Path, path: str, old: str, new: str) -> None:
    """Replace the first `old` (which must be there) with `new` in the site's file `path`."""
    target = root / path
    text = target.read_text("utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), "utf-8")


def build_copy(root: Path, **options) -> Path:
    options.setdefault("today", BUILD_DAY)
    build(BuildRequest(root=root, **options))
    return options.get("output") or root / "output"


def parse(path: Path):
    return lxml.html.fromstring(path.read_bytes())


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The real site, built once: the output folder."""
    return build_copy(copy_site(tmp_path_factory.mktemp("site")))


@pytest.fixture
def site_copy(tmp_path) -> Path:
    """A fresh copy of the real site's inputs, for a test to change."""
    return copy_site(tmp_path / "site")


@pytest.fixture
def site(site_copy):
    """A copy of the real site with build.py, to run its commands (`python build.py ...` in it)."""
    (site_copy / "build.py").write_bytes((ROOT / "build.py").read_bytes())
    (site_copy / "sitegen").symlink_to(ROOT / "sitegen")
    return site_copy


def html_files(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


from browser import browser, served, visit  # noqa: E402,F401  (Chromium fixtures, registered once here)
