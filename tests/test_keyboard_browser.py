"""Keyboard use in Chromium: skip link first, language switcher soon after, skip link and "top" links work."""
from __future__ import annotations

import pytest


LANGS = ("fr", "ro")
FOCUS = "() => { const e = document.activeElement; return {cls: e.className, tag: e.tagName," \
        " inMain: !!e.closest('main'), inSwitcher: !!e.closest('nav.switcher'), text: e.textContent.trim()}; }"


@pytest.mark.parametrize("lang", LANGS)
def test_tab_reaches_the_skip_link_first_then_the_switcher(visit, lang):
    page = visit(f"{lang}/")
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUS)
    assert first["cls"] == "skip-link"
    assert page.locator(".skip-link").is_visible()  # shown when focused
    for presses in range(1, 5):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUS)["inSwitcher"]:
            break
    else:
        pytest.fail("the language switcher is not among the first five Tab stops")
    assert presses <= 3


@pytest.mark.parametrize("lang", LANGS)
def test_the_skip_link_moves_focus_into_main(visit, lang):
    page = visit(f"{lang}/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    focus = page.evaluate(FOCUS)
    assert focus["tag"] == "MAIN" or focus["inMain"]
    assert page.url.endswith("#contenu")
    # The next Tab goes on inside the content, not back to the header.
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS)["inMain"]


def test_the_focus_ring_is_visible(visit):
    page = visit("fr/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                            " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }")
    assert outline[0] != "none" and outline[1] >= 2


@pytest.mark.parametrize("lang", LANGS)
def test_back_to_top_works_without_javascript(visit, lang):
    page = visit(f"{lang}/", height=600, java_script_enabled=False)
    link = page.locator(".to-top a")
    link.scroll_into_view_if_needed()
    assert page.evaluate("() => window.scrollY") > 300
    link.focus()
    page.keyboard.press("Enter")
    for _ in range(50):  # smooth scrolling takes a moment; no page script can wait for it here
        if page.evaluate("() => window.scrollY") == 0:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("() => window.scrollY") == 0
    assert page.url.endswith("#top")
