"""The service page and the kinds of pages are each defined once: content.SERVICE_PAGE (read through
Document.is_service_page and service_page_source()) and model.PageKind. A site whose service page has
another key, or whose page templates have other file names, gives the same bytes, and its checks and
commands follow: a module that kept a rule of its own ("index", "news_item.html") would not."""
from __future__ import annotations

import sys

import lxml.etree
import pytest

from conftest import ROOT, build_copy, edit, tree_bytes
from sitegen import model
from sitegen.cli import main
from sitegen.content import SERVICE_PAGE
from sitegen.translations.exchange import export_units, import_units
from test_translation_exchange import texts_of, translated

KEY = "accueil"
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
COOPERATION_RO = "content/news/2016-11-08-cooperation-institutionnelle-mai.ro.md"


def patch_everywhere(monkeypatch, name: str, old, value) -> None:
    """Give `name` the value `value` in every sitegen module where it is `old` (defined or imported)."""
    holders = [module for key, module in sorted(sys.modules.items())
               if key.split(".")[0] == "sitegen" and getattr(module, name, None) is old]
    assert holders
    for module in holders:
        monkeypatch.setattr(module, name, value)


@pytest.fixture
def renamed(site_copy, monkeypatch):
    """The real site with its service page in content/pages/accueil.<lang>.md, and SERVICE_PAGE = "accueil"."""
    assert SERVICE_PAGE == "index"
    for lang in ("fr", "ro"):
        (site_copy / f"content/pages/index.{lang}.md").rename(site_copy / f"content/pages/{KEY}.{lang}.md")
    for path in [*(site_copy / "content").rglob("*.md"), site_copy / "content/translations.lock"]:
        text = path.read_text("utf-8")
        path.write_text(text.replace("pages/index.", f"pages/{KEY}."), "utf-8")
    config = site_copy / "site_config.yaml"
    text = config.read_text("utf-8")
    assert "- page: index\n" in text
    config.write_text(text.replace("- page: index\n", f"- page: {KEY}\n"), "utf-8")
    patch_everywhere(monkeypatch, "SERVICE_PAGE", SERVICE_PAGE, KEY)
    # A news item links to the service page: its link changed, so its translation is said to follow it.
    assert main(["translation", "done", COOPERATION_RO], site_copy) == 0
    return site_copy


def test_a_service_page_of_another_key_gives_the_same_site(built, renamed, capsys):
    assert tree_bytes(build_copy(renamed)) == tree_bytes(built)


def test_the_checks_and_commands_follow_the_service_page(renamed, capsys):
    assert main(["new", "page", KEY], renamed) == 1
    assert "address of the service page" in capsys.readouterr().err
    assert main(["new", "page", "index"], renamed) == 0       # only a name now
    assert (renamed / "content/pages/index.fr.md").is_file()

    (renamed / f"content/pages/{KEY}.ro.md").unlink()
    text = (renamed / f"content/pages/{KEY}.fr.md").read_text("utf-8")
    (renamed / f"content/pages/{KEY}.fr.md").write_text(text.replace("\n---\n", "\nslug: accueil\n---\n", 1),
                                                        "utf-8")
    capsys.readouterr()
    assert main(["check"], renamed) == 1
    out = capsys.readouterr().out
    home = [line for line in out.splitlines() if "the service page is the language's home" in line]
    assert f"content/pages/{KEY}.ro.md:1: the service page is missing in this language" in out
    assert len(home) == 1 and home[0].startswith(f"content/pages/{KEY}.fr.md:"), out


def test_the_chooser_is_as_new_as_the_service_pages(renamed):
    """The language chooser's date (sitemap.xml) is its service pages', however newer another page is."""
    edit(renamed, "content/pages/mentions-legales.fr.md", "updated: 2016-11-08", "updated: 2018-01-01")
    sitemap = lxml.etree.parse(build_copy(renamed) / "sitemap.xml")
    dates = {url.findtext("s:loc", namespaces=SITEMAP): url.findtext("s:lastmod", namespaces=SITEMAP)
             for url in sitemap.getroot()}
    assert dates["https://example.org/"] == dates["https://example.org/fr/"] == "2016-11-08"
    assert dates["https://example.org/fr/mentions-legales/"] == "2018-01-01"


def test_a_missing_service_page_translation_is_imported_without_a_slug(renamed):
    (renamed / f"content/pages/{KEY}.ro.md").unlink()
    texts = texts_of(renamed)
    [unit_file] = [f for f in export_units(texts, "ro") if f.original == f"content/pages/{KEY}.fr.md"]
    imported, problems = import_units(texts, translated([unit_file], change=lambda u: "Tradus: " + u.source),
                                      "x.xlf")
    assert problems == [] and list(imported.files) == [f"content/pages/{KEY}.ro.md"]
    text = imported.files[f"content/pages/{KEY}.ro.md"]
    assert text.startswith('---\ntitle: "Tradus: ') and "\nslug:" not in text and "\ndraft: true\n" in text


def test_every_page_kind_has_its_own_template():
    templates = [kind.template for kind in model.PAGE_KINDS]
    assert len(set(templates)) == len(templates) == len({kind.name for kind in model.PAGE_KINDS})
    assert sorted(templates) == sorted(p.name for p in (ROOT / "templates").glob("*.html") if p.name != "base.html")


def test_pages_are_told_apart_by_kind_not_by_template_name(built, site_copy, monkeypatch):
    """Every page template renamed, and each kind given its new name: the same site, feeds included."""
    for name in ("SERVICE", "PAGE", "SHEET", "NEWS_ITEM", "NEWS_LIST", "SITE_MAP", "CHOOSER", "NOT_FOUND"):
        kind = getattr(model, name)
        renamed = model.PageKind(kind.name, "kind-" + kind.template)
        (site_copy / "templates" / kind.template).rename(site_copy / "templates" / renamed.template)
        patch_everywhere(monkeypatch, name, kind, renamed)
    assert tree_bytes(build_copy(site_copy)) == tree_bytes(built)
