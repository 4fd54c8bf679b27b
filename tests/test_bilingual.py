"""Both languages: switcher, hreflang, news list, drafts, pagination, base path."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import build_copy, html_files, parse


def alternates(page) -> dict[str, str]:
    return {link.get("hreflang"): link.get("href") for link in page.xpath("//head/link[@rel='alternate'][@hreflang]")}


def page_for_url(output: Path, url: str) -> Path:
    path = url.split("://", 1)[-1].split("/", 1)[1] if "://" in url else url.lstrip("/")
    return output / (path + "index.html" if path.endswith("/") or not path else path)


def test_every_page_declares_its_language(built):
    for path in html_files(built):
        lang = parse(path).get("lang")
        top = path.relative_to(built).parts[0]
        assert lang == (top if top in ("fr", "ro") else "fr"), path


def test_switcher_lands_on_the_same_page_in_the_other_language(built):
    for lang, other in (("fr", "ro"), ("ro", "fr")):
        for path in sorted((built / lang).rglob("*.html")):
            page = parse(path)
            switch = page.xpath("//nav[contains(@class,'switcher')]//a")[0]
            assert switch.get("lang") == other and switch.get("hreflang") == other
            target = parse(page_for_url(built, switch.get("href")))
            assert target.get("lang") == other
            # The target's own switcher comes back to this very page.
            back = target.xpath("//nav[contains(@class,'switcher')]//a")[0].get("href")
            assert page_for_url(built, back) == path


def test_hreflang_alternates_are_reciprocal_with_x_default(built):
    for path in (p for p in html_files(built) if p.name != "404.html"):  # a 404 page has no address of its own
        page = parse(path)
        links = alternates(page)
        assert "x-default" in links, path
        canonical = page.xpath("//link[@rel='canonical']/@href")[0]
        own = page.get("lang") if path.relative_to(built).parts[0] in ("fr", "ro") else None
        if own:
            assert links[own] == canonical, path
        for lang, url in links.items():
            assert url.startswith("https://example.org/"), url
            other = alternates(parse(page_for_url(built, url)))
            assert own is None or other.get(own) == canonical, (path, url)


def test_news_urls_use_localized_sections_and_slugs(built):
    fr_items = sorted((built / "fr" / "actualites").glob("*/index.html"))
    ro_items = sorted((built / "ro" / "noutati").glob("*/index.html"))
    assert len(fr_items) >= 3 and len(ro_items) >= 3
    fr_slugs = {p.parent.name for p in fr_items}
    ro_slugs = {p.parent.name for p in ro_items}
    assert fr_slugs != ro_slugs  # Romanian slugs are Romanian


def test_news_item_shows_its_date_and_links_back(built):
    for lang, section, month in (("fr", "actualites", "novembre"), ("ro", "noutati", "noiembrie")):
        item = sorted((built / lang / section).glob("*/index.html"))[0]
        page = parse(item)
        time = page.xpath("//main//p[contains(@class,'meta')]/time")[0]
        assert month in time.text_content()
        assert len(time.get("datetime")) == 10
        assert page.xpath(f"//main//a[@href='/{lang}/{section}/']")


def _add_news(root: Path, day: dt.date, name: str, draft: bool = False) -> None:
    for lang in ("fr", "ro"):
        text = (f"---\ntitle: Essai {name} {lang}\ndate: {day.isoformat()}\nsummary: Résumé {name}.\n"
                + ("draft: true\n" if draft else "") + (f"slug: {name}-ro\n" if lang == "ro" else "")
                + "---\nTexte.\n")
        (root / "content" / "news" / f"{day.isoformat()}-{name}.{lang}.md").write_text(text, "utf-8")


def test_drafts_and_future_news_are_left_out_unless_asked(site_copy, tmp_path):
    _add_news(site_copy, dt.date(2016, 1, 1), "brouillon", draft=True)
    _add_news(site_copy, dt.date(2030, 1, 1), "futur")
    output = build_copy(site_copy)
    assert not (output / "fr" / "actualites" / "brouillon").exists()
    assert not (output / "fr" / "actualites" / "futur").exists()
    listing = (output / "fr" / "actualites" / "index.html").read_text("utf-8")
    assert "brouillon" not in listing and "futur" not in listing
    output = build_copy(site_copy, drafts=True, output=tmp_path / "with-drafts")
    assert (output / "fr" / "actualites" / "brouillon" / "index.html").exists()
    assert (output / "ro" / "noutati" / "futur-ro" / "index.html").exists()


def test_news_list_is_newest_first_and_paginated(site_copy):
    for day in range(1, 13):
        _add_news(site_copy, dt.date(2015, 1, day), f"essai-{day:02d}")
    output = build_copy(site_copy)
    pages = sorted((output / "fr" / "actualites" / "page").glob("*/index.html"))
    assert pages, "more news than fit on one page give more pages"
    dates = []
    for path in [output / "fr" / "actualites" / "index.html"] + sorted(pages, key=lambda p: int(p.parent.name)):
        page = parse(path)
        dates += page.xpath("//ul[contains(@class,'news-list')]//time/@datetime")
        assert len(page.xpath("//ul[contains(@class,'news-list')]/li")) <= 5
    assert dates == sorted(dates, reverse=True)
    items = [p for p in (output / "fr" / "actualites").glob("*/index.html") if p.parent.name != "page"]
    published = len(list((site_copy / "content" / "news").glob("*.fr.md")))
    assert len(dates) == len(items) == published  # every item listed once, across the pages
    first = parse(output / "fr" / "actualites" / "index.html")
    assert first.xpath("//nav[contains(@class,'pagination')]//a[@rel='next']/@href") == ["/fr/actualites/page/2/"]


def test_site_works_under_a_base_path(site_copy, tmp_path):
    output = build_copy(site_copy, base_url="https://example.org/asi/", output=tmp_path / "asi")
    page = parse(output / "fr" / "index.html")
    hrefs = [h for h in page.xpath("//a/@href | //link/@href") if not h.startswith(("#", "http", "mailto"))]
    assert hrefs and all(h.startswith("/asi/") for h in hrefs), hrefs
    assert page.xpath("//link[@rel='canonical']/@href") == ["https://example.org/asi/fr/"]


def test_switcher_on_an_untranslated_page_goes_home_visibly(site_copy):
    page = site_copy / "content" / "pages" / "seulement-fr.fr.md"
    page.write_text("---\ntitle: Seulement en français\ndescription: Essai.\nupdated: 2016-11-08\n---\nTexte.\n",
                    "utf-8")
    output = build_copy(site_copy)
    built_page = parse(output / "fr" / "seulement-fr" / "index.html")
    switch = built_page.xpath("//nav[contains(@class,'switcher')]//li")[0]
    assert switch.xpath("./a/@href") == ["/ro/"]
    assert "nu este tradusă" in switch.text_content() or "pas traduite" in switch.text_content()
    assert set(alternates(built_page)) == {"fr", "x-default"}


def test_dates_use_each_locale_in_long_and_short_forms(built):
    fr = parse(built / "fr" / "actualites" / "index.html").xpath("//time")[0].text_content()
    ro = parse(built / "ro" / "noutati" / "index.html").xpath("//time")[0].text_content()
    assert fr == "8 novembre 2016" and ro == "8 noiembrie 2016"
