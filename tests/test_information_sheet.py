"""The information sheet, offered as an accessible HTML page beside the Word file (RGAA 13.3), in both languages."""
from __future__ import annotations

import re
import zipfile

import pytest

from conftest import ROOT, build_copy, parse
from sitegen.errors import BuildFailed

SHEET = {"fr": "fr/fiche-information/", "ro": "ro/fisa-de-informare/"}
WORD_FILE = ROOT / "content" / "files" / "fiche-information-asi.docx"


def words(text: str) -> set[str]:
    text = text.replace("’", "'").lower()
    return set(re.findall(r"[^\W_]+", text)) - {"https", "www", "fr", "gouv"}


def word_paragraphs() -> list[str]:
    """The paragraphs of the Word sheet, as Word shows them (the title apart)."""
    xml = zipfile.ZipFile(WORD_FILE).read("word/document.xml").decode("utf-8")
    paragraphs = []
    for paragraph in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S):
        if 'w:val="Title"' not in paragraph:
            paragraphs.append("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", paragraph)))
    return [p for p in paragraphs if p.strip()]


@pytest.mark.parametrize("lang", SHEET)
def test_the_service_page_offers_the_word_file_and_its_html_version(built, lang):
    section = parse(built / lang / "index.html").xpath("//section[contains(@class,'download')]")[0]
    hrefs = section.xpath(".//a/@href")
    assert any(h.endswith(".docx") for h in hrefs)
    assert "/" + SHEET[lang] in hrefs
    html_link = section.xpath(f".//a[@href='/{SHEET[lang]}']")[0]
    assert "HTML" in html_link.text_content()


@pytest.mark.parametrize("lang", SHEET)
def test_the_html_sheet_is_a_page_in_its_language_with_the_word_file_beside_it(built, lang):
    page = parse(built / SHEET[lang] / "index.html")
    assert page.get("lang") == lang
    assert len(page.xpath("//h1")) == 1
    assert page.xpath("//main//a[contains(@href, '.docx')]")
    # The switcher leads to the sheet in the other language.
    other = next(code for code in SHEET if code != lang)
    assert page.xpath("//nav[contains(@class,'switcher')]//a/@href") == ["/" + SHEET[other]]


def test_every_word_of_the_word_sheet_is_in_the_french_html_sheet(built):
    shown = words(parse(built / SHEET["fr"] / "index.html").xpath("//main")[0].text_content())
    for paragraph in word_paragraphs():
        missing = words(paragraph) - shown
        assert not missing, f"{paragraph[:60]}...: {sorted(missing)}"
    assert len(word_paragraphs()) > 20


def test_the_romanian_sheet_holds_the_romanian_service_text_and_data(built):
    sheet = parse(built / SHEET["ro"] / "index.html").xpath("//main")[0].text_content()
    service = parse(built / "ro" / "index.html")
    for element in service.xpath("//main//h3[not(a)] | //main//dd | //main/article/p[not(@class)]"
                                 " | //main//li[not(@class) and not(ancestor::ul[contains(@class,'news-list')])]"):
        text = " ".join(element.text_content().split())
        if "Word" not in text and "HTML" not in text:
            assert words(text) <= words(sheet), text


@pytest.mark.parametrize("lang,statement", [("fr", "fr/accessibilite/"), ("ro", "ro/accesibilitate/")])
def test_the_accessibility_statement_points_to_the_html_sheet(built, lang, statement):
    assert "/" + SHEET[lang] in parse(built / statement / "index.html").xpath("//main//a/@href")


def test_a_missing_file_for_the_html_version_is_reported(site_copy):
    page = site_copy / "content/pages/fiche-information.fr.md"
    page.write_text(page.read_text("utf-8").replace("fiche-information-asi.docx", "absente.docx"), "utf-8")
    with pytest.raises(BuildFailed) as failure:
        build_copy(site_copy)
    messages = [str(p) for p in failure.value.problems]
    assert any("fiche-information.fr.md" in m and "absente.docx" in m for m in messages), messages
