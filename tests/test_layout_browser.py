"""Layout in Chromium: no horizontal scrolling from 320 px, a readable column at 1280 px, screenshots, print."""
from __future__ import annotations

import pytest

from browser import ARTIFACTS, page_paths

LANGS = ("fr", "ro")
# Elements (visible ones) whose right or left edge leaves the viewport.
OVERFLOWING = """() => {
    const width = document.documentElement.clientWidth;
    const out = [];
    for (const e of document.querySelectorAll('body *')) {
        const r = e.getBoundingClientRect();
        if (r.width === 0 || r.height === 0 || getComputedStyle(e).visibility === 'hidden') continue;
        if (e.closest('.visually-hidden')) continue;
        if (r.right > width + 0.5 || r.left < -0.5) {
            if (e.classList.contains('skip-link') && r.bottom <= 0) continue;  // parked above the page
            const where = Math.round(r.left) + '..' + Math.round(r.right);
            out.push(e.tagName.toLowerCase() + '.' + e.className + ' ' + where);
        }
    }
    return {width, scroll: document.documentElement.scrollWidth, out};
}"""
# Characters per line of a paragraph, counted on the real line boxes (the last, short line left out).
CHARS_PER_LINE = """(p) => {
    const lines = new Map();
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.length; i++) {
            range.setStart(node, i); range.setEnd(node, i + 1);
            const rects = range.getClientRects();
            if (!rects.length) continue;
            const top = Math.round(rects[0].top);
            lines.set(top, (lines.get(top) || 0) + 1);
        }
    }
    const counts = [...lines.entries()].sort((a, b) => a[0] - b[0]).map(e => e[1]);
    return counts.slice(0, -1);
}"""


@pytest.mark.parametrize("width", [320, 375])
def test_no_element_is_wider_than_a_phone(built, browser, served, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    report = {}
    for path in page_paths(built):
        page.goto(f"{served}/{path}")
        found = page.evaluate(OVERFLOWING)
        if found["out"] or found["scroll"] > found["width"]:
            report[path or "/"] = found
    context.close()
    assert report == {}


@pytest.mark.parametrize("path", ["fr/", "ro/", "fr/fiche-information/", "ro/noutati/retea-unica-securitate-interna/"])
def test_the_reading_column_keeps_60_to_90_characters_a_line_at_1280(visit, path):
    page = visit(path, width=1280)
    paragraphs = page.locator("main p").element_handles()
    measured = [line for p in paragraphs for line in p.evaluate(CHARS_PER_LINE)]
    assert len(measured) >= 5
    average = sum(measured) / len(measured)
    assert 60 <= average <= 90, f"{average:.0f} characters a line"
    assert max(measured) <= 95


@pytest.mark.parametrize("lang", LANGS)
def test_text_enlarged_to_200_percent_still_needs_no_horizontal_scrolling(visit, lang):
    page = visit(f"{lang}/", width=640)
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    found = page.evaluate(OVERFLOWING)
    assert found["out"] == [] and found["scroll"] <= found["width"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_of_the_service_page(visit, lang, width):
    page = visit(f"{lang}/", width=width)
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"service-{lang}-{width}.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000


def test_the_dark_scheme_and_print_are_styled(visit):
    dark = visit("fr/", color_scheme="dark")
    assert dark.evaluate("() => getComputedStyle(document.body).backgroundColor") != "rgb(255, 255, 255)"
    ARTIFACTS.mkdir(exist_ok=True)
    dark.screenshot(path=str(ARTIFACTS / "service-fr-1280-dark.png"), full_page=True)
    paper = visit("fr/", width=794)  # A4 at 96 dpi
    paper.emulate_media(media="print")
    hidden = paper.evaluate("() => ['.switcher', '.menu', '.skip-link', '.breadcrumb']"
                            ".map(s => getComputedStyle(document.querySelector(s)).display)")
    assert hidden == ["none"] * 4
    shown = paper.evaluate("() => getComputedStyle(document.querySelector('.links a'), '::after').content")
    assert "http" in shown or "attr(href)" in shown
    assert paper.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    paper.pdf(path=str(ARTIFACTS / "service-fr-print.pdf"), format="A4")
