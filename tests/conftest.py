"""Shared fixtures: a copy of the real site in a temporary folder, built once per session."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import lxml.html
import pytest

from sitegen.pipeline import BuildRequest, build

ROOT = Path(__file__).resolve().parent.parent
SITE_PARTS = ("site_config.yaml", "content", "templates")
BUILD_DAY = dt.date(2026, 1, 1)


def copy_site(target: Path) -> Path:
    """The real site's inputs (config, content, templates) copied below `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for part in SITE_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    return target


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


def html_files(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


from browser import browser, served, visit  # noqa: E402,F401  (Chromium fixtures, registered once here)
