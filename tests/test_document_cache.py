"""Cached parsed files and link targets: an edit or a moved page is always seen, every problem reported."""
from __future__ import annotations

import pickle
import sqlite3
from dataclasses import replace

import pytest

from conftest import BUILD_DAY, build_copy, edit, parse
from sitegen.cache import CACHE_DIR, CACHE_FILE
from sitegen.errors import BuildFailed
from sitegen.pipeline import BuildRequest, build

NEWS = "content/news/2016-11-08-soutien-operationnel-enqueteurs.fr.md"
PAGE = "fr/actualites/soutien-operationnel-enqueteurs/index.html"


def title_of(output) -> str:
    return parse(output / PAGE).findtext(".//h1").strip()


def test_an_edited_front_matter_is_parsed_again(site_copy):
    output = build_copy(site_copy)
    old_title = title_of(output)
    edit(site_copy, NEWS, f"title: {old_title}", "title: Un titre revu par la rédaction")
    build_copy(site_copy)
    assert title_of(output) == "Un titre revu par la rédaction"


def test_a_broken_file_is_reported_at_every_build_until_it_is_fixed(site_copy):
    build_copy(site_copy)
    edit(site_copy, NEWS, "title:", "title: [unclosed\nother:")
    for _ in range(2):  # the second time, the file's result comes from the cache
        with pytest.raises(BuildFailed) as failed:
            build_copy(site_copy)
        assert any(p.path == NEWS for p in failed.value.problems)
    edit(site_copy, NEWS, "title: [unclosed\nother:", "title:")
    build_copy(site_copy)


def test_warnings_of_a_cached_file_are_reported_again(site_copy):
    edit(site_copy, NEWS, "\n---\n", "\n---\n\n<iframe src=\"https://example.org\"></iframe>\n")
    reports = [build(BuildRequest(root=site_copy, today=BUILD_DAY, output=site_copy / f"out{n}")) for n in (1, 2)]
    assert [str(p) for p in reports[0].warnings] == [str(p) for p in reports[1].warnings]
    assert any(p.path == NEWS and "<iframe>" in p.message for p in reports[1].warnings)


def test_an_entry_is_only_found_by_its_own_text(site_copy):
    output = build_copy(site_copy)
    old_title = title_of(output)
    with sqlite3.connect(site_copy / CACHE_DIR / CACHE_FILE) as db:  # every entry says "POISON" as its title
        entries = [(key, pickle.loads(value)) for key, value in db.execute("SELECT key, value FROM documents")]
        db.executemany("UPDATE documents SET value = ? WHERE key = ?",
                       [(pickle.dumps((replace(doc, title="POISON"), problems)), key)
                        for key, (doc, problems) in entries if doc])
    edit(site_copy, NEWS, f"title: {old_title}", f"title: {old_title} (revu)")
    build_copy(site_copy)
    assert title_of(output) == f"{old_title} (revu)"
    assert parse(output / PAGE.replace("soutien-operationnel-enqueteurs", "reseau-unique-securite-interieure"))\
        .findtext(".//h1").strip() == "POISON"  # the test is real: the other entries were used


def test_the_documents_cache_stays_the_size_of_the_site(site_copy):
    build_copy(site_copy)
    for round_number in range(3):
        edit(site_copy, NEWS, "\n---\n", f"\n---\n\nRévision {round_number}.\n")
        build_copy(site_copy)
    with sqlite3.connect(site_copy / CACHE_DIR / CACHE_FILE) as db:
        count = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert count == len(list(site_copy.glob("content/*/*.md")))


LINKING = "fr/actualites/reseau-unique-securite-interieure/index.html"


def hrefs(page) -> set[str]:
    return {a.get("href") for a in parse(page).iter("a")}


def links_once_moved(site, output) -> set[str]:
    """The links of the linking page once the news item it links is given another address, and built."""
    edit(site, NEWS, "date:", "slug: enqueteurs-francais\ndate:")
    build_copy(site)
    return hrefs(output / LINKING)


def test_a_page_whose_linked_page_moved_is_made_again(site_copy):
    """Bodies are read only when their page changes: a page's key holds where each of its links leads."""
    output = build_copy(site_copy)
    assert any("/actualites/soutien-operationnel-enqueteurs/" in href for href in hrefs(output / LINKING))
    links = links_once_moved(site_copy, output)
    assert any("/actualites/enqueteurs-francais/" in href for href in links)
    assert not any("soutien-operationnel-enqueteurs" in href for href in links)


def test_a_file_saved_between_hashing_and_reading_is_not_read_as_the_hashed_one(tmp_path):
    """The build hashes every file first and reads a text again only to parse or render it: a save in
    between must not mix two versions of the file."""
    from sitegen.load import SourceRef, read_source
    import hashlib
    page = tmp_path / "content" / "pages" / "a.fr.md"
    page.parent.mkdir(parents=True)
    page.write_text("---\ntitle: A\n---\nUn.\n", "utf-8")
    ref = SourceRef("content/pages/a.fr.md", hashlib.sha256(page.read_bytes()).hexdigest())
    assert read_source(tmp_path, ref)[0].text.endswith("Un.\n")
    page.write_text("---\ntitle: A\n---\nDeux.\n", "utf-8")
    source, problems = read_source(tmp_path, ref)
    assert source is None and [(p.path, p.line) for p in problems] == [("content/pages/a.fr.md", 1)]
    assert "changed during the build" in problems[0].message
