"""`build.py new`: slugs made from titles, files in every language that build once `draft` is removed."""
from __future__ import annotations

import datetime as dt

import pytest

from conftest import build_copy, parse, tree_bytes
from sitegen.cli import main
from sitegen.scaffold import slugify

DAY = dt.date(2026, 1, 1)


@pytest.mark.parametrize("title, slug", [
    ("Coopération policière", "cooperation-policiere"),
    ("Titre de l'actualité", "titre-de-l-actualite"),
    ("Cœur de l’œuvre : « bilan » !", "coeur-de-l-oeuvre-bilan"),
    ("Ședința comună și țintele anului", "sedinta-comuna-si-tintele-anului"),
    ("Şedinţa cu sedilă", "sedinta-cu-sedila"),              # cedilla letters too
    ("Întâlnire în România, ăâî ȘȚ", "intalnire-in-romania-aai-st"),
    ("  Mission   2016 / Bucarest -- Chișinău  ", "mission-2016-bucarest-chisinau"),
    ("Straße", "strasse"),
    ("!!!", ""),
])
def test_slugs_are_transliterated(title, slug):
    assert slugify(title) == slug


def test_long_titles_give_slugs_cut_at_a_word():
    slug = slugify("Coopération " * 20)
    assert len(slug) <= 60 and slug.endswith("cooperation") and "--" not in slug


def remove_drafts(paths):
    for path in paths:
        path.write_text(path.read_text("utf-8").replace("draft: true\n", ""), "utf-8")


def created_paths(out: str, root):
    return [root / line.removeprefix("created ") for line in out.splitlines() if line.startswith("created ")]


def test_new_news_builds_in_both_languages_once_published(site_copy, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01: the news item's date
    assert main(["new", "news", "Coopération policière : bilan ?"], site_copy) == 0
    paths = created_paths(capsys.readouterr().out, site_copy)
    assert [p.name for p in paths] == ["2026-01-01-cooperation-policiere-bilan.fr.md",
                                       "2026-01-01-cooperation-policiere-bilan.ro.md"]
    assert "draft: true" in paths[0].read_text("utf-8")
    assert main(["check", "--strict"], site_copy) == 0, capsys.readouterr().out
    output = build_copy(site_copy, today=DAY)
    assert not (output / "fr/actualites/cooperation-policiere-bilan").exists()  # a draft stays out

    remove_drafts(paths)
    assert main(["check", "--strict"], site_copy) == 1  # published with the placeholders still in
    out = capsys.readouterr().out
    assert f"{paths[0].relative_to(site_copy).as_posix()}:4: warning: this is still the placeholder text" in out
    output = build_copy(site_copy, today=DAY)
    for lang, section in (("fr", "actualites"), ("ro", "noutati")):
        page = parse(output / lang / section / "cooperation-policiere-bilan/index.html")
        assert page.findtext(".//h1").replace("\u00a0", " ").replace("\u202f", " ") == \
            "Coopération policière : bilan ?"
        assert page.get("lang") == lang


def test_new_page_builds_in_both_languages_once_published(site_copy, capsys):
    assert main(["new", "page", "Contact presse"], site_copy) == 0
    out = capsys.readouterr().out
    paths = created_paths(out, site_copy)
    assert [p.relative_to(site_copy).as_posix() for p in paths] == [
        "content/pages/contact-presse.fr.md", "content/pages/contact-presse.ro.md"]
    assert "- page: contact-presse" in out
    remove_drafts(paths)
    output = build_copy(site_copy)
    for lang in ("fr", "ro"):
        assert parse(output / lang / "contact-presse/index.html").findtext(".//h1") == "Contact presse"


def test_new_never_overwrites(site_copy, capsys):
    existing = site_copy / "content/pages/mentions-legales.ro.md"
    before = tree_bytes(site_copy / "content")
    assert main(["new", "page", "mentions-legales"], site_copy) == 1
    err = capsys.readouterr().err
    assert "content/pages/mentions-legales.fr.md:1: this file already exists" in err
    assert existing.exists() and tree_bytes(site_copy / "content") == before


@pytest.mark.parametrize("argv, words", [
    (["new", "news", "???"], "add --slug"),
    (["new", "page", "actualites"], "address of the service page or the news list"),
    (["new", "page", "index"], "address of the service page"),
])
def test_new_refuses_names_it_cannot_use(site_copy, capsys, argv, words):
    before = tree_bytes(site_copy / "content")
    assert main(argv, site_copy) == 1
    assert words in capsys.readouterr().err
    assert tree_bytes(site_copy / "content") == before


def test_new_news_takes_a_date_and_a_slug(site_copy, capsys):
    assert main(["new", "news", "Réunion", "--date", "2016-11-09", "--slug", "reunion-bucarest"], site_copy) == 0
    assert (site_copy / "content/news/2016-11-09-reunion-bucarest.ro.md").is_file()
    with pytest.raises(SystemExit):
        main(["new", "news", "Réunion", "--date", "2016-02-30"], site_copy)
    assert "not a real date" in capsys.readouterr().err
