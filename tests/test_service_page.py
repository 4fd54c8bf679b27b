"""The service page, as a visitor sees it, in French and Romanian: every element of the seed."""
from __future__ import annotations

import re

import pytest
import yaml
from babel.units import format_unit

from conftest import ROOT, parse
from sitegen.typography import typeset_text

SEED = (ROOT.parent / "shared" / "seed")
LANGS = ("fr", "ro")


def data(name):
    return yaml.safe_load((ROOT / "content" / "data" / f"{name}.yaml").read_text("utf-8"))


def squeeze(text: str) -> str:
    """Collapse source white space, keeping no-break spaces (str.split would eat them)."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def text_of(element) -> str:
    return squeeze(element.text_content())


def service(built, lang):
    return parse(built / lang / "index.html")


@pytest.mark.parametrize("lang", LANGS)
def test_page_language_and_title(built, lang):
    page = service(built, lang)
    assert page.get("lang") == lang
    titles = page.xpath("//h1")
    assert len(titles) == 1
    expected = {"fr": "Attaché de Sécurité Intérieure", "ro": "Atașatul de Securitate Internă"}[lang]
    assert text_of(titles[0]) == expected


def test_french_introduction_follows_the_seed(built):
    page = service(built, "fr")
    body = text_of(page.xpath("//main")[0]).replace("\u00a0", " ").replace("\u202f", " ").replace("’", "'")
    assert "dirige, dans chaque ambassade de France, le service de Sécurité Intérieure" in body
    assert "réseau unique de sécurité intérieure à l'étranger" in body
    headings = [text_of(h) for h in page.xpath("//main//h2")]
    assert "Présentation du service de Sécurité Intérieure de la DCI" in headings
    assert "Dirigé par un colonel de gendarmerie, également accrédité pour la République de Moldavie" in body


@pytest.mark.parametrize("lang", LANGS)
def test_contacts_come_from_the_data_file(built, lang):
    page = service(built, lang)
    contacts = data("contacts")
    section = page.xpath("//section[contains(@class,'contacts')]")[0]
    assert text_of(section.xpath(".//h2")[0]) == _typeset(contacts["intro"][lang], lang)
    roles = [text_of(h) for h in section.xpath(".//li[contains(@class,'card')]/h3")]
    assert roles == [_typeset(c["role"][lang], lang) for c in contacts["contacts"]]
    assert len(roles) == 4
    # Nothing invented: no phone or e-mail is shown when the data holds none.
    assert not section.xpath(".//a[starts-with(@href,'tel:') or starts-with(@href,'mailto:')]")


@pytest.mark.parametrize("lang", LANGS)
def test_mission_has_its_two_sides_with_their_points(built, lang):
    page = service(built, lang)
    missions = data("missions")
    sides = page.xpath("//section[contains(@class,'mission')]//section")
    assert [text_of(s.xpath(".//h3")[0]) for s in sides] == [_typeset(s["title"][lang], lang) for s in missions["sides"]]
    for side, expected in zip(sides, missions["sides"]):
        assert [text_of(li) for li in side.xpath(".//li")] == [_typeset(p[lang], lang) for p in expected["points"]]


@pytest.mark.parametrize("lang", LANGS)
def test_latest_news_and_more_news_link(built, lang):
    page = service(built, lang)
    section = page.xpath("//section[contains(@class,'latest-news')]")[0]
    items = section.xpath(".//ul[contains(@class,'news-list')]/li//h3/a")
    assert 1 <= len(items) <= 3
    more = section.xpath(".//p[contains(@class,'more')]/a")[0]
    news_dir = {"fr": "actualites", "ro": "noutati"}[lang]
    assert more.get("href") == f"/{lang}/{news_dir}/"
    assert text_of(more).startswith({"fr": "Plus d", "ro": "Mai multe"}[lang])


@pytest.mark.parametrize("lang", LANGS)
def test_useful_links(built, lang):
    page = service(built, lang)
    links = page.xpath("//section[contains(@class,'links')]//a")
    assert [a.get("href") for a in links] == [item["url"] for item in data("links")["links"]]
    assert "www.interieur.gouv.fr" in text_of(links[0])


@pytest.mark.parametrize("lang,unit", [("fr", "ko"), ("ro", "kB")])
def test_information_sheet_label_is_computed_from_the_real_file(built, lang, unit):
    page = service(built, lang)
    link = page.xpath("//section[contains(@class,'download')]//a")[0]
    href = link.get("href")
    size = (built / href.lstrip("/")).stat().st_size
    kilobytes = round(size / 1000)
    expected = "Word - " + format_unit(kilobytes, "digital-kilobyte", length="short", locale=lang)
    assert text_of(link).endswith(expected)
    assert re.search(rf"Word - \d+[\u00a0\u202f ]{unit}$", text_of(link))
    assert href.endswith(".docx")
    assert (ROOT / "content" / "files" / href.rsplit("/", 1)[-1]).read_bytes()[:2] == b"PK"  # a real .docx


@pytest.mark.parametrize("lang,label,date", [("fr", "Dernière modification :", "08/11/2016"),
                                             ("ro", "Ultima modificare:", "08.11.2016")])
def test_last_modified_date_in_the_locale_form(built, lang, label, date):
    page = service(built, lang)
    updated = page.xpath("//p[contains(@class,'updated')]")[-1]
    assert text_of(updated).replace("\u00a0", " ") == f"{label} {date}"
    assert updated.xpath(".//time/@datetime") == ["2016-11-08"]


@pytest.mark.parametrize("lang,label", [("fr", "Haut de page"), ("ro", "Începutul paginii")])
def test_back_to_top_link_reaches_the_top(built, lang, label):
    page = service(built, lang)
    link = page.xpath("//a[@href='#top']")[0]
    assert text_of(link) == label
    assert page.xpath("//*[@id='top']")


def test_romanian_uses_comma_below_letters(built):
    for path in (built / "ro").rglob("*.html"):
        text = path.read_text("utf-8")
        assert not re.search("[şţŞŢ]", text), path
    assert "ș" in (built / "ro" / "index.html").read_text("utf-8")


def test_french_typography_no_break_spaces(built):
    text = text_of(service(built, "fr").xpath("//main")[0])
    assert "Dernière modification\u00a0:" in text
    assert " :" not in text.replace("\u00a0:", "")


def _typeset(text: str, lang: str) -> str:
    """The data's text as the page shows it: with its language's typography."""
    return squeeze(typeset_text(text, lang))
