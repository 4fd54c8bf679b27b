"""axe-core in a real Chromium on every built page, light and dark: zero WCAG 2.1 A/AA violations."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from browser import page_paths

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
              "resultTypes": ["violations"]}
# Each page type in both languages must be among the pages checked (the list itself comes from the output).
EXPECTED_PAGES = ("", "fr/", "ro/", "fr/actualites/", "ro/noutati/",
                  "fr/actualites/reseau-unique-securite-interieure/", "ro/noutati/retea-unica-securitate-interna/",
                  "fr/mentions-legales/", "ro/mentiuni-legale/", "fr/accessibilite/", "ro/accesibilitate/")


def violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_21_AA)
    found = []
    for rule in results.response["violations"]:
        targets = ", ".join(str(node["target"]) for node in rule["nodes"][:3])
        found.append(f"{rule['id']} ({rule['impact']}): {rule['help']} at {targets}")
    return found


def test_the_checked_pages_cover_every_page_type(built):
    assert set(EXPECTED_PAGES) <= set(page_paths(built))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_wcag_violation_on_any_page(built, browser, served, scheme):
    report = {}
    # The page's Content-Security-Policy must not stop axe's own script, injected by the test.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    for path in page_paths(built):
        page.goto(f"{served}/{path}")
        found = violations(page)
        if found:
            report[path or "/"] = found
    context.close()
    assert report == {}, "\n".join(f"{path}: {v}" for path, items in report.items() for v in items)


def test_axe_does_find_a_violation_when_there_is_one(visit):
    """The check can fail: an image without text alternative and low-contrast text are reported."""
    page = visit("fr/", bypass_csp=True)  # the inline style below must apply whatever the page's policy
    page.evaluate("""() => {
        const main = document.querySelector('main');
        main.insertAdjacentHTML('afterbegin', '<img src="/assets/favicon.svg"><p style="color:#ddd">pâle</p>');
    }""")
    rules = " ".join(violations(page))
    assert "image-alt" in rules and "color-contrast" in rules
