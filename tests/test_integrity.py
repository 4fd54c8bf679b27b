"""The output as a whole: links resolve, builds are deterministic, failures leave output/ alone."""
from __future__ import annotations

import subprocess
import sys
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ROOT, build_copy, html_files, parse, tree_bytes
from sitegen.errors import BuildFailed


def test_every_internal_link_and_asset_resolves(built):
    checked = 0
    for path in html_files(built):
        page = parse(path)
        for url in page.xpath("//a/@href | //link[@rel!='alternate' and @rel!='canonical']/@href | //img/@src"):
            parts = urlsplit(url)
            if parts.scheme or url.startswith("#"):
                continue
            target = built / unquote(parts.path).lstrip("/")
            if parts.path.endswith("/"):
                target = target / "index.html"
            assert target.is_file(), f"{path.relative_to(built)} links to {url}"
            checked += 1
    assert checked > 50


def test_markdown_links_by_source_path_become_page_urls(built):
    hrefs = set()
    for path in html_files(built):
        hrefs |= set(parse(path).xpath("//main//a/@href"))
    assert not [h for h in hrefs if h.endswith(".md")]


def test_two_builds_give_the_same_bytes(site_copy, tmp_path):
    first = build_copy(site_copy, output=tmp_path / "one")
    second = build_copy(site_copy, output=tmp_path / "two")
    assert tree_bytes(first) == tree_bytes(second)
    assert len(tree_bytes(first)) > 15


def test_a_failed_build_leaves_the_output_as_it_was(site_copy):
    output = build_copy(site_copy)
    before = tree_bytes(output)
    page = site_copy / "content" / "pages" / "index.fr.md"
    page.write_text(page.read_text("utf-8").replace("updated: 2016-11-08", "updated: 2016-13-45"), "utf-8")
    with pytest.raises(BuildFailed):
        build_copy(site_copy)
    assert tree_bytes(output) == before


def test_a_build_removes_files_of_an_earlier_build(site_copy):
    page = site_copy / "content" / "pages" / "essai.fr.md"
    page.write_text("---\ntitle: Essai\ndescription: Essai.\nupdated: 2016-11-08\n---\nTexte.\n", "utf-8")
    output = build_copy(site_copy)
    assert (output / "fr" / "essai" / "index.html").is_file()
    page.unlink()
    build_copy(site_copy)
    assert not (output / "fr" / "essai").exists()
    assert (output / "fr" / "index.html").is_file()


def test_the_command_line_builds_and_prints_one_summary_line(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--output", str(tmp_path / "out")],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Built ") and " fr, " in lines[0]
    assert (tmp_path / "out" / "fr" / "index.html").is_file()


def test_help_lists_the_commands():
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--help"], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    assert result.returncode == 0
    assert "build" in result.stdout and "check" in result.stdout
