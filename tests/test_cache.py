"""The build cache and the processes sharing the work change how fast, never what: same bytes, no stale
entry ever used."""
from __future__ import annotations

import shutil
import sqlite3

import pytest

from conftest import BUILD_DAY, build_copy, edit, parse, tree_bytes
from sitegen import bodies
from sitegen.cache import CACHE_DIR, CACHE_FILE
from sitegen.errors import BuildFailed
from sitegen.pipeline import BuildRequest, build
from sitegen.write import MANIFEST

NEWS = "content/news/2016-11-08-soutien-operationnel-enqueteurs.fr.md"


@pytest.fixture
def md_reads(monkeypatch):
    """The names of the page and news files the build reads (to hash or to parse them), as they are read;
    every file counts as saved long ago (its stat may be trusted at once)."""
    from sitegen import load
    monkeypatch.setattr(load, "RACY_NS", 0)
    read, original = [], load._read_bytes

    def recorded(root, path, *rest):
        read.append(path.name) if path.name.endswith(".md") else None
        return original(root, path, *rest)
    monkeypatch.setattr(load, "_read_bytes", recorded)
    return read


@pytest.fixture
def big_site(site_copy):
    """The real site and 60 generated news items: enough for two processes to share."""
    news = site_copy / "content" / "news"
    for number in range(1, 31):
        for lang, words in (("fr", "Coopération « exemplaire » : l'ASI et la police ; voir la liste."),
                            ("ro", "Cooperare exemplară: ASI și poliția; vezi lista.")):
            (news / f"2015-01-{number:02d}-essai-{number}.{lang}.md").write_text(
                f"---\ntitle: Essai {number}\ndate: 2015-01-{number:02d}\nsummary: Résumé {number}.\n---\n\n"
                f"## Titre {number}\n\n{words}\n\n- un\n- deux\n\n[Le service](../pages/index.{lang}.md)\n",
                "utf-8")
    return site_copy


def output_tree(output):
    return {path: data for path, data in tree_bytes(output).items() if path != MANIFEST}


def test_cache_and_processes_give_the_same_bytes(big_site, tmp_path):
    reference = output_tree(build_copy(big_site, output=tmp_path / "a", cache=False, processes=1))
    assert len(reference) > 80
    assert output_tree(build_copy(big_site, output=tmp_path / "b", cache=False, processes=2)) == reference
    assert output_tree(build_copy(big_site, output=tmp_path / "c", cache=True, processes=2)) == reference
    assert (big_site / CACHE_DIR / CACHE_FILE).is_file()
    # Cached: bodies and page hashes come from .cache/, into an empty and into a full output folder.
    assert output_tree(build_copy(big_site, output=tmp_path / "d", cache=True, processes=1)) == reference
    assert output_tree(build_copy(big_site, output=tmp_path / "c", cache=True, processes=2)) == reference


def test_the_pages_are_really_shared_between_processes(big_site, monkeypatch, tmp_path):
    """With two processes, each renders a share of the pages: one in a forked child."""
    import os
    from sitegen import outputs
    original = outputs.plan_pages

    def recorded(*args):
        pages = list(original(*args))
        (tmp_path / f"share-{os.getpid()}").write_text(str(len(pages)))
        return pages
    monkeypatch.setattr(outputs, "plan_pages", recorded)
    build_copy(big_site, processes=2)
    shares = {path.name: int(path.read_text()) for path in tmp_path.glob("share-*")}
    assert len(shares) == 2 and f"share-{os.getpid()}" in shares
    assert min(shares.values()) > 20  # both did real work


def test_a_cached_build_sees_an_edit(site_copy):
    output = build_copy(site_copy)
    news = site_copy / NEWS
    news.write_text(news.read_text("utf-8") + "\nUne phrase ajoutée par la rédaction.\n", "utf-8")
    build_copy(site_copy)
    page = output / "fr" / "actualites" / "soutien-operationnel-enqueteurs" / "index.html"
    assert "Une phrase ajoutée par la rédaction." in parse(page).text_content()


def test_changing_a_template_changes_every_page(site_copy):
    output = build_copy(site_copy)
    before = tree_bytes(output)
    base = site_copy / "templates" / "base.html"
    base.write_text(base.read_text("utf-8").replace("</body>", "<!-- v2 --></body>"), "utf-8")
    after = tree_bytes(build_copy(site_copy))
    pages = [path for path in before if path.endswith(".html")]
    assert pages and all(b"<!-- v2 -->" in after[path] and after[path] != before[path] for path in pages)


def test_changing_the_config_changes_every_page(site_copy):
    output = build_copy(site_copy)
    before = tree_bytes(output)
    config = site_copy / "site_config.yaml"
    config.write_text(config.read_text("utf-8").replace("https://example.org/", "https://asi.example.net/"),
                      "utf-8")
    after = tree_bytes(build_copy(site_copy))
    pages = [path for path in before if path.endswith(".html") and b"https://example.org/" in before[path]]
    assert len(pages) > 15  # all but the 404 page, whose links start at the root whatever the address
    assert all(b"asi.example.net" in after[path] and b"https://example.org/" not in after[path] for path in pages)


def retitle(site, round_number: int) -> None:
    """Change a title, not a body: a full build, in which every body could come from the cache."""
    page = site / "content" / "pages" / "mentions-legales.fr.md"
    text = page.read_text("utf-8")
    page.write_text(text.replace("title: ", f"title: {round_number} ", 1), "utf-8")


def test_changing_the_renderer_settings_renders_every_body_again(site_copy, monkeypatch):
    from sitegen import keys
    build_copy(site_copy)
    rendered = []
    original = bodies.render_chunk
    monkeypatch.setattr(bodies, "render_chunk", lambda items, md=None: rendered.extend(items) or original(items, md))
    retitle(site_copy, 1)
    build_copy(site_copy)
    assert rendered == []  # every body came from the cache
    monkeypatch.setattr(keys, "body_settings", lambda: "other Markdown settings")
    retitle(site_copy, 2)
    build_copy(site_copy)
    assert len(rendered) == len(list((site_copy / "content").glob("*/*.md")))  # every page and news item


def test_an_unchanged_build_writes_nothing_and_reports_the_same(site_copy):
    first = build(BuildRequest(root=site_copy, today=BUILD_DAY))
    again = build(BuildRequest(root=site_copy, today=BUILD_DAY))
    assert (again.pages, again.files, again.warnings) == (first.pages, first.files, first.warnings)
    assert again.stats.written == 0 and again.stats.removed == 0


def test_a_missing_output_file_or_another_day_means_a_full_build(site_copy):
    output = build_copy(site_copy)
    page = output / "fr" / "mentions-legales" / "index.html"
    expected = page.read_bytes()
    page.unlink()
    assert build(BuildRequest(root=site_copy, today=BUILD_DAY)).stats.written == 1
    assert page.read_bytes() == expected
    future = site_copy / "content" / "news" / "2026-06-01-plus-tard.fr.md"
    future.write_text("---\ntitle: Plus tard\ndate: 2026-06-01\nsummary: Plus tard.\n---\nTexte.\n", "utf-8")
    build_copy(site_copy)
    assert not (output / "fr" / "actualites" / "plus-tard").exists()
    build_copy(site_copy, today=BUILD_DAY.replace(month=7))  # the same sources, a later day: now published
    assert (output / "fr" / "actualites" / "plus-tard" / "index.html").is_file()


def test_a_wrong_cache_entry_is_never_found_by_another_text(site_copy):
    """Entries are found by a hash of their input: overwriting one only affects that exact input."""
    output = build_copy(site_copy)
    with sqlite3.connect(site_copy / CACHE_DIR / CACHE_FILE) as db:
        db.execute("UPDATE bodies SET value = '<p>POISON</p>'")
        db.execute("UPDATE pages SET value = 'not a hash'")
    page = site_copy / "content" / "pages" / "mentions-legales.fr.md"
    page.write_text(page.read_text("utf-8") + "\nUne ligne de plus.\n", "utf-8")
    build_copy(site_copy)
    edited = output / "fr" / "mentions-legales" / "index.html"
    assert "Une ligne de plus." in parse(edited).text_content()
    assert b"POISON" not in edited.read_bytes()


def test_deleting_or_damaging_the_cache_is_safe(site_copy, tmp_path):
    reference = output_tree(build_copy(site_copy, output=tmp_path / "ref", cache=False))
    output = build_copy(site_copy)
    shutil.rmtree(site_copy / CACHE_DIR)
    assert output_tree(build_copy(site_copy)) == reference
    (site_copy / CACHE_DIR / CACHE_FILE).write_bytes(b"this is not a database" * 100)
    assert output_tree(build_copy(site_copy)) == reference
    assert output_tree(output) == reference


def test_no_cache_leaves_the_cache_folder_alone(site_copy):
    build_copy(site_copy, cache=False)
    assert not (site_copy / CACHE_DIR).exists()


def test_the_cache_stays_the_size_of_the_site(site_copy):
    build_copy(site_copy)
    news = sorted((site_copy / "content" / "news").glob("*.md"))
    for round_number in range(3):
        news[0].write_text(news[0].read_text("utf-8") + f"\nRévision {round_number}.\n", "utf-8")
        build_copy(site_copy)
    with sqlite3.connect(site_copy / CACHE_DIR / CACHE_FILE) as db:
        assert db.execute("SELECT count(*) FROM bodies").fetchone()[0] == len(list(site_copy.glob("content/*/*.md")))


def test_a_template_error_after_some_pages_leaves_the_output_as_it_was(big_site):
    output = build_copy(big_site)
    before = tree_bytes(output)
    for news in (big_site / "content" / "news").glob("*.md"):  # pages staged before the failing one
        news.write_text(news.read_text("utf-8") + "\nNouvelle phrase.\n", "utf-8")
    template = big_site / "templates" / "news_list.html"
    template.write_text(template.read_text("utf-8").replace("{% endblock %}", "{{ no_such_thing }}{% endblock %}"),
                        "utf-8")
    with pytest.raises(BuildFailed) as failure:
        build_copy(big_site)
    assert any("news_list.html" in problem.path for problem in failure.value.problems)
    assert tree_bytes(output) == before
    assert not [p for p in output.iterdir() if p.name.startswith(".sitegen-staging")]


def test_a_memo_between_builds_changes_nothing_but_what_is_read(site_copy, tmp_path, md_reads):
    """`serve` keeps a BuildMemo: an unchanged file is not read again, and every build writes the bytes a
    build without memo writes, edits included."""
    from sitegen.memo import BuildMemo
    memo = BuildMemo()
    build_copy(site_copy, output=tmp_path / "memo", memo=memo)
    with sqlite3.connect(site_copy / CACHE_DIR / CACHE_FILE) as db:  # only the memo can spare the reading
        db.execute("DELETE FROM files")
        db.execute("DELETE FROM documents")
    news = site_copy / NEWS
    news.write_text(news.read_text("utf-8") + "\nUne phrase de plus.\n", "utf-8")
    md_reads.clear()
    build_copy(site_copy, output=tmp_path / "memo", memo=memo)
    # Hashed, parsed and its body rendered; its translation, stale now, read to find the block to revise:
    # no other page or news file.
    assert set(md_reads) == {news.name, news.name.replace(".fr.", ".ro.")}
    reference = output_tree(build_copy(site_copy, output=tmp_path / "plain", cache=False))
    assert output_tree(tmp_path / "memo") == reference


def test_damaged_compiled_templates_are_compiled_again(site_copy, tmp_path):
    reference = output_tree(build_copy(site_copy, output=tmp_path / "a"))
    compiled = sorted((site_copy / CACHE_DIR / "templates").iterdir())
    assert compiled
    for path in compiled:
        path.write_bytes(path.read_bytes()[:20])  # truncated: the magic number, then nothing
    retitle(site_copy, 3)  # pages to render, with the templates
    build_copy(site_copy, output=tmp_path / "b")
    page = tmp_path / "b" / "fr" / "mentions-legales" / "index.html"
    assert parse(page).findtext(".//h1").startswith("3 ")
    assert set(output_tree(tmp_path / "b")) == set(reference)


def test_a_file_saved_just_now_is_hashed_again_next_time(site_copy, monkeypatch):
    """A file's hash is kept with its stat only once the file is 2 s old: a second save within the file
    system's time resolution, of the same size, could otherwise keep the first save's hash."""
    from sitegen import load
    index = load.FileIndex()
    sources, _ = load.load_sources(site_copy, index)
    assert sources.news and index.entries() == {}  # every file was just copied
    monkeypatch.setattr(load, "RACY_NS", 0)
    sources, _ = load.load_sources(site_copy, index)
    assert set(index.entries()) == {ref.path for ref in sources.pages + sources.news + (sources.lock,)}
    news = site_copy / sources.news[0].path
    news.write_text(news.read_text("utf-8") + "\nUne ligne.\n", "utf-8")  # a new stat: read again
    again, _ = load.load_sources(site_copy, index)
    assert again.news[0].digest != sources.news[0].digest


def test_a_build_without_memo_keeps_file_hashes_in_the_cache(site_copy, md_reads):
    build_copy(site_copy)
    md_reads.clear()
    retitle(site_copy, 4)
    output = build_copy(site_copy)
    # Hashed, parsed; its translation, stale now, read to find the block to revise.
    assert set(md_reads) == {"mentions-legales.fr.md", "mentions-legales.ro.md"}
    assert parse(output / "fr" / "mentions-legales" / "index.html").findtext(".//h1").startswith("4 ")


def test_an_unreadable_new_file_is_never_an_unchanged_build(site_copy, tmp_path):
    """A file that cannot be read is not in the build's key: the key alone would call the build unchanged."""
    build_copy(site_copy)
    outside = tmp_path / "secret.md"
    outside.write_text("---\ntitle: X\n---\nX\n", "utf-8")
    (site_copy / "content" / "news" / "2016-11-09-lien.fr.md").symlink_to(outside)
    with pytest.raises(BuildFailed) as failure:
        build_copy(site_copy)
    assert any("symbolic link points outside" in p.message for p in failure.value.problems)


def test_a_full_disk_in_a_forked_process_is_the_same_one_line_error(big_site, monkeypatch):
    import errno
    import os
    from sitegen import write
    output = build_copy(big_site)
    before = tree_bytes(output)
    base = big_site / "templates" / "base.html"
    base.write_text(base.read_text("utf-8").replace("</body>", "<!-- v2 --></body>"), "utf-8")  # every page
    original = write._write_new

    parent = os.getpid()

    def full(path, data):  # only in the forked process: its error must come back as the parent's would
        if os.getpid() != parent:
            raise OSError(errno.ENOSPC, "No space left on device", path)
        return original(path, data)
    monkeypatch.setattr(write, "_write_new", full)
    with pytest.raises(BuildFailed) as failure:
        build_copy(big_site, processes=2)
    [problem] = failure.value.problems
    assert "cannot write the output: No space left on device" in problem.message
    assert tree_bytes(output) == before


def test_an_unwritable_cache_folder_still_builds_with_two_processes(big_site, tmp_path):
    (big_site / CACHE_DIR).write_text("not a folder")  # the cache cannot be made: it lives in memory
    reference = output_tree(build_copy(big_site, output=tmp_path / "a", cache=False, processes=1))
    assert output_tree(build_copy(big_site, output=tmp_path / "b", processes=2)) == reference


def test_deleted_files_are_forgotten(site_copy, monkeypatch):
    from sitegen import load
    monkeypatch.setattr(load, "RACY_NS", 0)
    index = load.FileIndex()
    sources, _ = load.load_sources(site_copy, index)
    gone = sources.news[0].path
    (site_copy / gone).unlink()
    load.load_sources(site_copy, index)
    assert gone not in index.entries() and index.entries()
    assert gone in index.changes()[1]   # the cache forgets it too


def test_an_edit_makes_again_only_the_models_of_the_pages_that_read_what_changed(site_copy, monkeypatch):
    """A page whose record says it read nothing that changed since, on the same site, is not made again:
    a translation's body edited, only its page is; its original's, both pages (the translation now says
    it is stale); a title, every page (the site changed)."""
    from sitegen import outputs
    from sitegen.model import PlannedPage
    made = []
    original = outputs.plan_pages

    def counted(*args):
        return [PlannedPage(p.page, lambda p=p: made.append(p.page) or p.make()) for p in original(*args)]
    monkeypatch.setattr(outputs, "plan_pages", counted)
    build_copy(site_copy, processes=1)
    everything = len(made)
    made.clear()
    edit(site_copy, "content/pages/mentions-legales.ro.md", "## Natura site-ului", "## Natura site-ului\n\nO frază.")
    build_copy(site_copy, processes=1)
    assert made == ["content/pages/mentions-legales.ro.md"]
    made.clear()
    edit(site_copy, "content/pages/mentions-legales.fr.md", "\n\n", "\n\nUne phrase.\n\n")
    build_copy(site_copy, processes=1)
    assert sorted(made) == ["content/pages/mentions-legales.fr.md", "content/pages/mentions-legales.ro.md"]
    made.clear()
    edit(site_copy, "content/pages/mentions-legales.fr.md", "title: ", "title: Les ")
    build_copy(site_copy, processes=1)
    assert len(made) == everything
