"""What crawlers, feed readers and social sites read: sitemap.xml, robots.txt, the Atom feeds, the HTML site
map, the 404 page, Open Graph and JSON-LD, all checked against the pages actually built."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import lxml.etree
import pytest

from conftest import build_copy, html_files, parse

BASE = "https://example.org/"
SM = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
ATOM = {"a": "http://www.w3.org/2005/Atom"}
# RFC 3339 date-time (section 5.6), with a time zone.
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
FEEDS = {"fr": "fr/actualites/feed.xml", "ro": "ro/noutati/feed.xml"}
SITE_MAPS = {"fr": ("fr/plan-du-site/", "Plan du site"), "ro": ("ro/harta-site-ului/", "Harta site-ului")}


def xml(path: Path):
    return lxml.etree.parse(str(path)).getroot()


def url_of(output: Path, path: Path, base: str = BASE) -> str:
    route = path.relative_to(output).as_posix()
    return base + (route[: -len("index.html")] if route.endswith("index.html") else route)


def file_of(output: Path, url: str, base: str = BASE) -> Path:
    assert url.startswith(base), url
    route = url[len(base):]
    return output / (route + "index.html" if route.endswith("/") or not route else route)


def sitemap(output: Path) -> dict[str, dict]:
    """{loc: {"lastmod": ..., "alternates": {hreflang: href}}}, checking that no loc is listed twice."""
    entries = {}
    for url in xml(output / "sitemap.xml").iterfind("sm:url", SM):
        loc = url.findtext("sm:loc", namespaces=SM)
        assert loc not in entries, f"{loc} is listed twice"
        links = url.findall("xhtml:link", SM)
        assert all(link.get("rel") == "alternate" for link in links)
        alternates = {link.get("hreflang"): link.get("href") for link in links}
        assert len(alternates) == len(links), f"{loc}: a language is listed twice"
        entries[loc] = {"lastmod": url.findtext("sm:lastmod", namespaces=SM), "alternates": alternates}
    return entries


def indexed_pages(output: Path) -> list[Path]:
    return [p for p in html_files(output) if p.name != "404.html"]


# --- sitemap.xml and robots.txt ---------------------------------------------------------------------------

def test_sitemap_lists_every_page_built_exactly_once(built):
    entries = sitemap(built)
    assert set(entries) == {url_of(built, p) for p in indexed_pages(built)}
    assert len(entries) >= 16


def test_sitemap_alternates_are_reciprocal_and_match_the_pages_heads(built):
    entries = sitemap(built)
    for loc, entry in entries.items():
        group = entry["alternates"]
        assert "x-default" in group, loc
        assert loc in group.values(), f"{loc} does not list itself"
        for hreflang, href in group.items():
            assert href in entries, f"{loc} -> {href} is not a page of the sitemap"
            assert entries[href]["alternates"] == group, f"{loc} and {href} disagree"
            if hreflang != "x-default":
                assert parse(file_of(built, href)).get("lang") == hreflang, href
        head = parse(file_of(built, loc)).xpath("//head/link[@rel='alternate'][@hreflang]")
        assert {link.get("hreflang"): link.get("href") for link in head} == group, loc


def test_sitemap_lastmod_comes_from_the_content(built):
    entries = sitemap(built)
    for loc, entry in entries.items():
        assert dt.date.fromisoformat(entry["lastmod"]) <= dt.date(2016, 11, 8), loc
    assert entries[BASE + "fr/mentions-legales/"]["lastmod"] == "2016-11-08"


def test_a_later_edit_moves_only_the_pages_that_show_it(site_copy, tmp_path):
    news = sorted((site_copy / "content" / "news").glob("*.ro.md"))[0]
    news.write_text(news.read_text("utf-8").replace("date: 2016-11-08", "date: 2016-11-08\nupdated: 2017-03-04"),
                    "utf-8")
    output = build_copy(site_copy, output=tmp_path / "out")
    changed = {loc for loc, entry in sitemap(output).items() if entry["lastmod"] == "2017-03-04"}
    assert BASE + "ro/noutati/" in changed and BASE + "ro/" in changed  # they show the item
    assert not [loc for loc in changed if "/fr/" in loc]
    assert BASE + "ro/mentiuni-legale/" not in changed


def test_robots_txt_points_at_the_sitemap(built):
    text = (built / "robots.txt").read_text("utf-8")
    assert "User-agent: *" in text
    assert re.search(r"^Sitemap: https://example\.org/sitemap\.xml$", text, re.M)
    assert not re.search(r"^Disallow: /", text, re.M)


# --- Atom feeds ---------------------------------------------------------------------------------------------

def _one(element, name: str):
    found = element.findall(f"a:{name}", ATOM)
    assert len(found) == 1, f"{len(found)} <{name}> in <{lxml.etree.QName(element).localname}>"
    return found[0]


def _date(text: str) -> dt.datetime:
    assert RFC3339.match(text), f"{text!r} is not an RFC 3339 date-time"
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.mark.parametrize("lang", ["fr", "ro"])
def test_feed_follows_the_atom_rules(built, lang):
    feed = xml(built / FEEDS[lang])
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    for name in ("id", "title", "updated"):
        assert _one(feed, name).text.strip()
    assert feed.find("a:author/a:name", ATOM).text.strip()  # so no entry needs its own
    self_links = feed.xpath("a:link[@rel='self']/@href", namespaces=ATOM)
    assert self_links == [BASE + FEEDS[lang]]
    updated = _date(_one(feed, "updated").text)
    entries = feed.findall("a:entry", ATOM)
    assert entries
    ids = []
    for entry in entries:
        ids.append(_one(entry, "id").text)
        assert urlsplit(ids[-1]).scheme in ("tag", "https"), ids[-1]
        assert _one(entry, "title").text.strip()
        published, changed = _date(_one(entry, "published").text), _date(_one(entry, "updated").text)
        assert published <= changed <= updated
        assert entry.xpath("a:link[@rel='alternate']/@href", namespaces=ATOM)
        content = _one(entry, "content")
        assert content.get("type") == "html" and "<p>" in content.text
        assert _one(entry, "summary").text.strip()
    assert len(ids) == len(set(ids))
    assert updated == max(_date(e.findtext("a:updated", namespaces=ATOM)) for e in entries)


@pytest.mark.parametrize("lang", ["fr", "ro"])
def test_feed_holds_the_news_items_built_in_its_language(built, lang):
    feed = xml(built / FEEDS[lang])
    links = feed.xpath("a:entry/a:link[@rel='alternate']/@href", namespaces=ATOM)
    section = FEEDS[lang].rsplit("/", 1)[0]
    items = [p for p in (built / section).glob("*/index.html") if p.parent.name != "page"]
    assert sorted(links) == sorted(url_of(built, p) for p in items)
    for link, entry in zip(links, feed.findall("a:entry", ATOM)):
        page = parse(file_of(built, link))
        assert page.get("lang") == lang
        assert entry.findtext("a:title", namespaces=ATOM) == page.xpath("string(//h1)")
        assert entry.findtext("a:published", namespaces=ATOM)[:10] == page.xpath("//main//time/@datetime")[0]


def test_every_page_links_the_feed_of_its_language(built):
    for path in html_files(built):
        page = parse(path)
        feeds = page.xpath("//head/link[@rel='alternate'][@type='application/atom+xml']")
        assert len(feeds) == 1 and feeds[0].get("title"), path
        assert (built / feeds[0].get("href").lstrip("/")).is_file()
        assert feeds[0].get("href") == "/" + FEEDS[page.get("lang")], path


def _feed_ids(output: Path, lang: str) -> dict[str, str]:
    feed = xml(output / FEEDS[lang])
    return {e.findtext("a:summary", namespaces=ATOM): e.findtext("a:id", namespaces=ATOM)
            for e in feed.findall("a:entry", ATOM)}


def test_feeds_do_not_depend_on_the_build_day_and_ids_survive_a_new_slug(site_copy, tmp_path):
    first = build_copy(site_copy, output=tmp_path / "one", today=dt.date(2026, 1, 1))
    later = build_copy(site_copy, output=tmp_path / "two", today=dt.date(2031, 7, 14))
    for lang in FEEDS:
        assert (first / FEEDS[lang]).read_bytes() == (later / FEEDS[lang]).read_bytes()
    item = sorted((site_copy / "content" / "news").glob("*.ro.md"))[0]
    text = item.read_text("utf-8")
    item.write_text(re.sub(r"^slug: .*$", "slug: adresa-noua", text, flags=re.M) if "\nslug:" in text
                    else text.replace("\n---\n", "\nslug: adresa-noua\n---\n", 1), "utf-8")
    renamed = build_copy(site_copy, output=tmp_path / "three")
    assert (renamed / "ro" / "noutati" / "adresa-noua" / "index.html").is_file()
    assert _feed_ids(renamed, "ro") == _feed_ids(first, "ro")


# --- HTML site map, legal pages, 404 ------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["fr", "ro"])
def test_html_site_map_is_in_the_footer_and_lists_every_page_of_its_language(built, lang):
    route, label = SITE_MAPS[lang]
    for path in (built / lang).rglob("index.html"):
        footer = parse(path).xpath("//footer//a")
        assert [a.get("href") for a in footer if a.text_content().strip() == label] == ["/" + route], path
    site_map = parse(built / route / "index.html")
    assert site_map.xpath("string(//h1)") == label
    listed = set(site_map.xpath("//main//ul[contains(@class,'site-map')]//a/@href"))
    pages = {"/" + p.relative_to(built).as_posix()[: -len("index.html")] for p in (built / lang).rglob("index.html")}
    pages = {p for p in pages if "/page/" not in p and p != "/" + route}
    assert listed == pages


@pytest.mark.parametrize("lang,label,title", [
    ("fr", "Accessibilité\u00a0: partiellement conforme", "Déclaration d’accessibilité"),
    ("ro", "Accesibilitate: parțial conformă", "Declarație de accesibilitate"),
])
def test_footer_states_the_accessibility_status_and_links_the_statement(built, lang, label, title):
    for path in (built / lang).rglob("index.html"):
        links = [a for a in parse(path).xpath("//footer//a") if a.text_content().strip() == label]
        assert len(links) == 1, path
        statement = parse(file_of(built, BASE + links[0].get("href").lstrip("/")))
        assert statement.xpath("string(//h1)").startswith(title.split()[0])
    legal = {"fr": "mentions-legales", "ro": "mentiuni-legale"}[lang]
    assert (built / lang / legal / "index.html").is_file()


def test_404_page_speaks_both_languages_and_works_at_any_depth(site_copy, tmp_path):
    output = build_copy(site_copy, base_url="https://example.org/asi/", output=tmp_path / "asi")
    page = parse(output / "404.html")
    assert {span.get("lang") for span in page.xpath("//h1/span")} == {"fr", "ro"}
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert not page.xpath("//link[@rel='canonical']")
    urls = page.xpath("//a/@href | //link/@href")
    local = [u for u in urls if not u.startswith(("#", "https://"))]
    assert local and all(u.startswith("/asi/") for u in local), local  # never relative: any depth works
    for url in local:
        assert (output / url.removeprefix("/asi/")).exists(), url
    assert "/asi/ro/harta-site-ului/" in urls and "/asi/fr/plan-du-site/" in urls


# --- Per page: title, description, canonical, Open Graph; JSON-LD on the service page ----------------------

def test_every_page_has_its_title_description_canonical_and_open_graph(built):
    titles = set()
    for path in indexed_pages(built):
        page = parse(path)
        meta = {m.get("property"): m.get("content") for m in page.xpath("//head/meta[@property]")}
        canonical = page.xpath("//head/link[@rel='canonical']/@href")
        assert canonical == [url_of(built, path)], path
        assert meta["og:url"] == canonical[0]
        title = page.findtext(".//title")
        assert title and title not in titles, path
        titles.add(title)
        description = page.xpath("//head/meta[@name='description']/@content")
        assert description and len(description[0]) > 40, path
        assert meta["og:description"] == description[0]
        assert meta["og:title"] == page.xpath("string(//h1)") or path.parent == built
        assert meta["og:locale"] == {"fr": "fr_FR", "ro": "ro_RO"}[page.get("lang")]
        assert meta["og:site_name"] and meta["og:type"] in ("website", "article")
        other = {"fr": "ro_RO", "ro": "fr_FR"}[page.get("lang")]
        assert page.xpath("//head/meta[@property='og:locale:alternate']/@content") == [other], path


def test_news_items_are_open_graph_articles_with_their_dates(built):
    for path in (built / "fr" / "actualites").glob("*/index.html"):
        page = parse(path)
        meta = {m.get("property"): m.get("content") for m in page.xpath("//head/meta[@property]")}
        assert meta["og:type"] == "article"
        assert meta["article:published_time"] == page.xpath("//main//time/@datetime")[0]


def json_ld(page) -> dict:
    blocks = page.xpath("//script[@type='application/ld+json']/text()")
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.mark.parametrize("lang", ["fr", "ro"])
def test_service_page_describes_the_service_with_the_content_facts_only(built, lang):
    page = parse(built / lang / "index.html")
    data = json_ld(page)
    assert data["@context"] == "https://schema.org" and data["@type"] == "GovernmentOrganization"
    assert data["name"] == page.xpath("string(//h1)")
    assert data["url"] == page.xpath("//link[@rel='canonical']/@href")[0]
    assert data["description"] == page.xpath("//meta[@name='description']/@content")[0]
    assert data["parentOrganization"]["name"] == page.xpath("string(//header//*[@class='embassy'])")
    # contacts.yaml holds no telephone or e-mail: none may be made up.
    assert set(data) == {"@context", "@type", "name", "description", "url", "parentOrganization"}
    services = {built / "fr" / "index.html", built / "ro" / "index.html"}
    others = [p for p in indexed_pages(built) if p not in services]
    assert not [p for p in others if parse(p).xpath("//script[@type='application/ld+json']")]


def test_a_phone_in_the_content_appears_in_the_json_ld(site_copy, tmp_path):
    contacts = site_copy / "content" / "data" / "contacts.yaml"
    contacts.write_text(contacts.read_text("utf-8").replace(
        "  - id: officier-liaison-police\n", "  - id: officier-liaison-police\n    phone: \"+40 21 000 00 00\"\n"),
        "utf-8")
    output = build_copy(site_copy, output=tmp_path / "out")
    data = json_ld(parse(output / "fr" / "index.html"))
    assert data["contactPoint"] == [{"@type": "ContactPoint", "telephone": "+40 21 000 00 00",
                                     "contactType": "Officier de liaison de la police nationale"}]


# --- One base_url drives every absolute URL -----------------------------------------------------------------

ABSOLUTE = re.compile(r"https?://[^\s\"'<>)]+")


def test_base_url_override_moves_every_absolute_url(site_copy, tmp_path):
    staging = "https://staging.example.net/asi/"
    output = build_copy(site_copy, base_url=staging, output=tmp_path / "staging")
    seen = 0
    external = ("https://www.interieur.gouv.fr", "https://www.defense.gouv.fr", "https://www.drogues.gouv.fr",
                "https://ro.ambafrance.org", "https://schema.org", "http://www.w3.org", "http://www.sitemaps.org")
    for path in sorted(output.rglob("*")):
        if path.suffix not in (".html", ".xml", ".txt"):
            continue
        for url in ABSOLUTE.findall(path.read_text("utf-8")):
            if not url.startswith(external):
                assert url.startswith(staging), f"{path.relative_to(output)}: {url}"
                seen += 1
    assert seen > 150
    entries = sitemap_under(output, staging)
    assert staging + "fr/" in entries
    assert xml(output / FEEDS["fr"]).xpath("a:link[@rel='self']/@href", namespaces=ATOM) == [staging + FEEDS["fr"]]
    assert f"Sitemap: {staging}sitemap.xml" in (output / "robots.txt").read_text("utf-8")
    assert json_ld(parse(output / "ro" / "index.html"))["url"] == staging + "ro/"
    assert all(e.startswith("tag:staging.example.net,") for e in _feed_ids(output, "fr").values())


def sitemap_under(output: Path, base: str) -> set[str]:
    locs = set(xml(output / "sitemap.xml").xpath("//sm:loc/text()", namespaces=SM))
    assert locs == {url_of(output, p, base) for p in indexed_pages(output)}
    return locs


def test_base_url_must_be_a_full_address(site_copy, tmp_path, capsys):
    from sitegen.cli import main
    with pytest.raises(SystemExit) as stop:
        main(["build", "--base-url", "example.org/asi", "--output", str(tmp_path / "out")], site_copy)
    assert stop.value.code == 2
    assert "not a full web address" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_the_pages_address_ci_passes_gives_clean_urls(site_copy, tmp_path):
    # CI appends "/" to the address the host reports, which may already end with one.
    output = build_copy(site_copy, base_url="https://owner.github.io/asi-site//", output=tmp_path / "out")
    assert parse(output / "fr" / "index.html").xpath("//link[@rel='canonical']/@href") == [
        "https://owner.github.io/asi-site/fr/"]
    assert parse(output / "fr" / "index.html").xpath("//link[@rel='stylesheet']/@href")[0].startswith("/asi-site/assets/")


def test_a_long_archive_gives_paginated_lists_in_the_sitemap_and_the_newest_items_in_the_feed(site_copy, tmp_path):
    for day in range(1, 25):
        for lang in ("fr", "ro"):
            (site_copy / "content" / "news" / f"2015-01-{day:02d}-essai-{day:02d}.{lang}.md").write_text(
                f"---\ntitle: Essai {day} {lang}\ndate: 2015-01-{day:02d}\nsummary: Résumé {day}.\n---\nTexte.\n",
                "utf-8")
    output = build_copy(site_copy, output=tmp_path / "out")
    entries = sitemap(output)
    assert set(entries) == {url_of(output, p) for p in indexed_pages(output)}
    assert BASE + "ro/noutati/page/5/" in entries
    for loc, entry in entries.items():
        for href in entry["alternates"].values():
            assert entries[href]["alternates"] == entry["alternates"], (loc, href)
    feed = xml(output / FEEDS["fr"])
    published = [e.findtext("a:published", namespaces=ATOM) for e in feed.findall("a:entry", ATOM)]
    assert len(published) == 20 and published == sorted(published, reverse=True)
    assert published[-1].startswith("2015-01-08")  # 3 items of 2016 and 17 of January 2015


@pytest.mark.parametrize("path,change,message", [
    ("content/pages/plan-du-site.fr.md", "---\ntitle: Plan\ndescription: Une page.\nupdated: 2016-11-08\n---\nTexte.\n",
     "content/pages/plan-du-site.fr.md:1: slug 'plan-du-site' is the address of the site map"),
    ("site_config.yaml", ("    fr: plan-du-site", "    fr: actualites"),
     "two sections have the same URL name in fr"),
])
def test_the_site_map_address_cannot_be_taken(site_copy, capsys, path, change, message):
    from sitegen.cli import main
    target = site_copy / path
    if isinstance(change, tuple):
        target.write_text(target.read_text("utf-8").replace(*change), "utf-8")
    else:
        target.write_text(change, "utf-8")
    assert main(["check"], site_copy) == 1
    assert message in capsys.readouterr().out
