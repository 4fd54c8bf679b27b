"""Cache keys are complete: whatever option or input changes, a build that keeps its cache gives the bytes
and the warnings of a build from nothing (the output changed, or the key did not)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from functools import partial
from pathlib import Path

import pytest

from conftest import BUILD_DAY, edit, tree_bytes
from sitegen import keys
from sitegen.cli import main
from sitegen.errors import BuildFailed
from sitegen.model import Link
from sitegen.pipeline import BuildRequest, build
from sitegen.write import MANIFEST

FR_PAGE = "content/pages/mentions-legales.fr.md"
RO_PAGE = "content/pages/mentions-legales.ro.md"
NEWS = "content/news/2016-11-08-soutien-operationnel-enqueteurs.fr.md"
FOOTER = '{% include "partials/footer.html" %}'


def outcome(root: Path, output: Path, **options) -> tuple:
    """What a build shows: every output file's bytes and the warnings, or the problems that stopped it."""
    try:
        report = build(BuildRequest(root=root, output=output, **{"today": BUILD_DAY, **options}))
    except BuildFailed as failure:
        return "failed", sorted(failure.problems)
    return tree_bytes(output), sorted(report.warnings)


def fresh_outcome(site: Path, tmp_path: Path, **options) -> tuple:
    """The outcome of the same build on a copy of the site's inputs, with no cache and no output yet."""
    copy = tmp_path / "fresh"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns(".cache", "output", "elsewhere"))
    output = copy / options.pop("output", site / "output").relative_to(site)
    return outcome(copy, output, cache=False, **options)


def cached_outcome(site: Path, **options) -> tuple:
    output = options.pop("output", site / "output")
    return outcome(site, output, **options)


def add_news(site: Path, draft: bool = False) -> None:
    """A news item in French only (a warning: its translation is missing), linked from nowhere."""
    (site / "content" / "news" / "2016-11-09-nouvelle.fr.md").write_text(
        f"---\ntitle: Une nouvelle\ndate: 2016-11-09\nsummary: Une nouvelle.\n{'draft: true' if draft else ''}\n---\n\n"
        "Une nouvelle.\n", "utf-8")


def mark_stale(site: Path) -> None:
    edit(site, FR_PAGE, "\n\n", "\n\nUne phrase ajoutée à l'original.\n\n")


# Each option that changes output, with another value (and what the site needs for it to matter).
OPTION_CHANGES = {
    "base_url": ({"base_url": "https://example.org/ailleurs/"}, None),
    "drafts": ({"drafts": True}, lambda site: add_news(site, draft=True)),
    "strict": ({"strict": True}, add_news),
    "today": ({"today": dt.date(2016, 11, 7)}, None),    # the day before the news items: none is published
    "dev": ({"dev": True}, None),
    "output": ({"output": "elsewhere"}, None),
    "clean": ({"clean": True}, None),
}


def test_every_build_option_is_declared_as_changing_output_or_only_speed():
    names = [f.name for f in dataclasses.fields(BuildRequest)]
    assert sorted(names) == sorted(keys.OUTPUT_OPTIONS + keys.SPEED_OPTIONS)
    assert not set(keys.OUTPUT_OPTIONS) & set(keys.SPEED_OPTIONS)
    assert set(OPTION_CHANGES) == set(keys.OUTPUT_OPTIONS) - {"root"}  # another root is another site


@pytest.mark.parametrize("option", sorted(OPTION_CHANGES))
def test_an_option_changed_after_a_cached_build_gives_the_bytes_of_a_build_from_nothing(site_copy, tmp_path, option):
    options, prepare = OPTION_CHANGES[option]
    if prepare:
        prepare(site_copy)
    cached_outcome(site_copy)                     # the cache now holds every result of the usual build
    if option == "clean":  # a file no build wrote, which `clean` removes (the fresh copy has none)
        (site_copy / "output" / "stray.txt").write_text("not written by a build", "utf-8")
    if "output" in options:
        options = {**options, "output": site_copy / options["output"]}
    expected = fresh_outcome(site_copy, tmp_path, **options)
    assert cached_outcome(site_copy, **options) == expected


def change_lock(site: Path) -> None:
    assert main(["translation", "done", RO_PAGE], site) == 0


# Each kind of input, changed in a way a reader sees (prepared before the cached build when it needs to be).
INPUT_CHANGES = {
    "config": (None, lambda site: edit(site, "site_config.yaml", "Attaché", "Attaché (ASI)")),
    "data": (None, lambda site: edit(site, "content/data/contacts.yaml", "Colonel", "Lieutenant-colonel")),
    "strings": (None, lambda site: edit(site, "content/strings/fr.yaml", "home: Accueil", "home: Accueil du site")),
    "page": (None, lambda site: edit(site, FR_PAGE, "\n\n", "\n\nUne phrase de plus.\n\n")),
    # A translation's body alone (its state stays "up to date"): only the pages that show it change.
    "translation body": (None, lambda site: edit(site, RO_PAGE, "## Natura site-ului",
                                                 "## Natura site-ului\n\nO frază în plus.")),
    # The information sheet shows the service page's body: a body read by another page than its own.
    "service page body": (None, lambda site: edit(site, "content/pages/index.ro.md", "## Prezentarea",
                                                  "O frază în plus.\n\n## Prezentarea")),
    "news": (None, lambda site: edit(site, NEWS, "title: Le soutien", "title: Le nouveau soutien")),
    "template": (None, lambda site: edit(site, "templates/base.html", FOOTER, "<p>Pied</p>" + FOOTER)),
    "file": (None, lambda site: (site / "content" / "files" / "nouveau.txt").write_text("Nouveau", "utf-8")),
    "asset": (None, lambda site: edit(site, "templates/assets/site.css", "{", "{ color: #111;")),
    "lock": (mark_stale, change_lock),
    "words": (None, lambda site: (site / "content" / "words" / "fr.txt").write_text("Attaché\n", "utf-8")),
}


@pytest.mark.parametrize("kind", sorted(INPUT_CHANGES))
def test_an_input_changed_after_a_cached_build_gives_the_bytes_of_a_build_from_nothing(site_copy, tmp_path, kind):
    prepare, change = INPUT_CHANGES[kind]
    if prepare:
        prepare(site_copy)
    before = cached_outcome(site_copy)
    change(site_copy)
    after = cached_outcome(site_copy)
    assert after == fresh_outcome(site_copy, tmp_path)
    assert "failed" not in (before[0], after[0]), after
    if kind != "words":   # a word list changes warnings at most
        assert after[0] != before[0]
    changed = {path for path in after[0] if after[0][path] != before[0].get(path)} - {MANIFEST}
    if kind == "page":   # an original's body: its page, and its translation's, which now says it is stale
        assert changed == {"fr/mentions-legales/index.html", "ro/mentiuni-legale/index.html"}
    if kind == "translation body":
        assert changed == {"ro/mentiuni-legale/index.html"}
    if kind == "service page body":
        assert changed == {"ro/index.html", "ro/fisa-de-informare/index.html"}


def test_equal_records_have_one_key_however_their_parts_are_shared():
    shared = Link("Accueil", "/fr/")
    one = (shared, shared)
    two = (Link("Accueil", "/fr/"), Link("Accueil", "/fr/"))
    assert keys.record_key(one) == keys.record_key(two)
    assert keys.record_key(Link("Accueil", "/fr/")) != keys.record_key(Link("Accueil", "/ro/"))


def test_the_sitemap_and_feeds_key_hashed_as_it_is_written_follows_its_context_field_by_field():
    shared = Link("Accueil", "/fr/")
    key = partial(keys.output_key, "settings", "sitemap.xml")
    assert key({"entries": (shared, shared)}) == key({"entries": (Link("Accueil", "/fr/"), Link("Accueil", "/fr/"))})
    assert key({"entries": (shared, shared)}) != key({"entries": (shared, Link("Accueil", "/ro/"))})
    assert key({"entries": ("a", "b")}) != key({"entries": ("a\x1fs1:b",)})
    assert key({"entries": ()}) != keys.output_key("settings", "feed.xml", {"entries": ()})
    with pytest.raises(TypeError, match="no cache key for a function"):
        key({"entries": (lambda: "html",)})


def test_a_key_never_confuses_a_text_with_the_structure_around_it():
    assert keys.record_key(("a", "b")) != keys.record_key(("a\x1fs1:b",))
    assert keys.record_key(("1", 1)) != keys.record_key((1, "1"))
    assert keys.record_key({"a": ("b",)}) != keys.record_key({"a": "b"})


def test_a_value_with_no_known_key_stops_the_build_rather_than_being_left_out():
    @dataclasses.dataclass(frozen=True)
    class WithFunction:
        make: object

    with pytest.raises(TypeError, match="no cache key for a function"):
        keys.record_key(WithFunction(lambda: "html"))
