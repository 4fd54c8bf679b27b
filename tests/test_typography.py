"""French typography and Romanian comma-below letters, as a visitor reads them in the built pages."""
from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from conftest import build_copy, copy_site, html_files, parse
from sitegen.typography import NBSP, NNBSP, typeset_html

VERBATIM = {"code", "pre", "kbd", "samp", "script", "style"}
SAMPLE_FR = """---
title: "Essai : typographie"
description: "Une page d'essai ; rien d'autre !"
updated: 2016-11-08
---

Attention : la liste ; le point ! La question ? Un « mot » cité et l'apostrophe.

Le code `a : b ; c ! d ?` reste tel quel, comme l'adresse https://example.org/a:b;c?d=e!f
ou https://example.org/l'ASI et le courriel contact@example.org ; fin.

    bloc : de ; code ! brut ?
"""
SAMPLE_RO = """---
title: "Încercare: ţara şi Ţara"
description: "O pagină de încercare cu ş şi ţ."
updated: 2016-11-08
---

Ataşatul de Securitate Internă lucrează în ţară; ŞTIRI şi ŢĂRI.
"""


def language(element) -> str:
    """The language of an element's text: its own lang, else its nearest ancestor's."""
    for node in (element, *element.iterancestors()):
        if node.get("lang"):
            return node.get("lang")
    return ""


def verbatim(element) -> bool:
    return any(node.tag in VERBATIM for node in (element, *element.iterancestors()))


def french_texts(page):
    """Every text piece of the page that is French prose (not code, not another language)."""
    for element in page.iter():
        if not isinstance(element.tag, str):
            continue
        if element.text and language(element) == "fr" and not verbatim(element):
            yield element.text
        parent = element.getparent()
        if element.tail and parent is not None and language(parent) == "fr" and not verbatim(parent):
            yield element.tail


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    root = copy_site(tmp_path_factory.mktemp("typo") / "site")
    (root / "content/pages/essai.fr.md").write_text(SAMPLE_FR, "utf-8")
    (root / "content/pages/essai.ro.md").write_text(SAMPLE_RO, "utf-8")
    contacts = root / "content/data/contacts.yaml"
    contacts.write_text(contacts.read_text("utf-8").replace("Atașat de securitate", "Ataşat de securitate"), "utf-8")
    return build_copy(root)


def main_html(output, route):
    return (output / route / "index.html").read_text("utf-8")


def visible(output, route) -> SimpleNamespace:
    """What a visitor reads of a page: its title, its description, the text of <main>, and its code."""
    page = parse(output / route / "index.html")
    return SimpleNamespace(title=page.findtext(".//title"), text=page.find(".//main").text_content(),
                           description=page.find('.//meta[@name="description"]').get("content"),
                           code=[element.text_content().strip() for element in page.iter("code")])


def test_french_spaces_before_colon_and_double_punctuation(sample):
    page = visible(sample, "fr/essai")
    assert f"Attention{NBSP}: la liste{NNBSP}; le point{NNBSP}! La question{NNBSP}?" in page.text
    assert f"«{NNBSP}mot{NNBSP}»" in page.text
    assert "l’apostrophe" in page.text
    assert page.title.startswith(f"Essai{NBSP}: typographie")
    assert f"d’essai{NNBSP}; rien d’autre{NNBSP}!" in page.description


def test_code_urls_and_email_addresses_are_left_alone(sample):
    page = visible(sample, "fr/essai")
    assert "a : b ; c ! d ?" in page.code
    assert "bloc : de ; code ! brut ?" in page.code
    assert "https://example.org/a:b;c?d=e!f" in page.text
    assert "https://example.org/l'ASI" in page.text  # the apostrophe rule would change it
    assert f"contact@example.org{NNBSP};" in page.text


def test_romanian_cedillas_are_shown_with_the_comma_below(sample):
    page = visible(sample, "ro/essai")
    assert "Atașatul de Securitate Internă lucrează în țară; ȘTIRI și ȚĂRI." in page.text
    assert page.title.startswith("Încercare: țara și Țara")
    assert not re.search("[şţŞŢ]", main_html(sample, "ro/essai"))  # nowhere in the page, attributes included
    assert "Atașat de securitate internă" in visible(sample, "ro").text  # data files too
    assert not re.search("[şţŞŢ]", main_html(sample, "ro"))


def test_romanian_text_keeps_its_own_punctuation(sample):
    page = visible(sample, "ro/essai")
    for text in (page.text, page.title, page.description):  # no French spacing before : or ;
        assert not re.search(f"[{NBSP}{NNBSP}][:;]", text)
    html = main_html(sample, "ro/essai")  # nor anywhere in the page, written as a character
    assert NBSP + ":" not in html and NNBSP + ";" not in html


def test_no_french_text_of_the_site_has_a_plain_space_before_high_punctuation(built):
    checked = 0
    for path in html_files(built):
        page = parse(path)
        for text in french_texts(page):
            checked += 1
            assert not re.search(r" [:;!?»]|« ", text), f"{path.relative_to(built)}: {text!r}"
            assert not re.search(r"\w'\w", text), f"{path.relative_to(built)}: straight apostrophe in {text!r}"
    assert checked > 100


def test_no_romanian_page_shows_a_cedilla(built):
    for path in html_files(built):
        assert not re.search("[şţŞŢ]", path.read_text("utf-8")), path


def test_typeset_html_leaves_tags_and_attributes_alone():
    html = '<a href="https://x.org/?a=1;b=2" title="l\'été : oui">voir : ici</a>'
    assert typeset_html(html, "fr") == f'<a href="https://x.org/?a=1;b=2" title="l\'été : oui">voir{NBSP}: ici</a>'


def test_romanian_entities_are_written_out_with_or_without_cedillas():
    """The same bytes whether or not the text had a cedilla to mend (the reader sees the same space
    either way: what this keeps is one output for one input, whichever path the text took)."""
    assert typeset_html("<p>a&nbsp;b</p>", "ro") == "<p>a\u00a0b</p>"
    assert typeset_html("<p>a&nbsp;b ş</p>", "ro") == "<p>a\u00a0b ș</p>"
