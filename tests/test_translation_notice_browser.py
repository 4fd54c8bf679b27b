"""The notice on a stale translation, in a real Chromium: shown at the top in the page's language, linking the
original; printed; axe and Nu clean; gone once the translation is recorded as done."""
from __future__ import annotations

import functools
import threading
from http.server import ThreadingHTTPServer

import pytest

from browser import StaticHost
from conftest import build_copy, edit
from test_axe_browser import violations
from test_html_validity import check
from test_translations import INDEX_FR, INDEX_RO, NEWS, SENTENCE, run


@pytest.fixture
def host():
    """host(folder) -> the address serving that folder, as a static host would."""
    servers = []

    def serve(folder):
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(StaticHost, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"
    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def stale_both_ways(site):
    """The Romanian service page stale (its French original changed), and a French news item stale (its
    Romanian original changed)."""
    edit(site, INDEX_FR, SENTENCE, "ce service compte trois officiers de liaison")
    edit(site, f"{NEWS}.ro.md", "date: 2016-11-08\n", "date: 2016-11-08\noriginal: ro\n")
    assert run(site, "translation", "done", f"{NEWS}.fr.md").returncode == 0
    edit(site, f"{NEWS}.ro.md", "Consiliere și formare", "Consiliere și formare profesională")


def test_the_notice_appears_in_both_languages_and_goes_when_done(site, browser, host):
    stale_both_ways(site)
    output = build_copy(site)
    address = host(output)
    context = browser.new_context(viewport={"width": 375, "height": 800}, bypass_csp=True)
    page = context.new_page()
    expected = {"ro/": ("Această traducere nu este la zi", "Citiți versiunea în limba franceză", "/fr/"),
                "fr/actualites/cooperation-institutionnelle-mai/": (
                    "Cette traduction n’est pas à jour", "Lire la version en roumain",
                    "/ro/noutati/cooperare-institutionala-mai/")}
    for path, (text, label, target) in expected.items():
        page.goto(f"{address}/{path}")
        notice = page.locator("main > .translation-notice")
        assert notice.is_visible() and text in notice.inner_text()
        # At the top of the main content, before the title.
        assert page.evaluate("document.querySelector('main').firstElementChild.className") == "translation-notice"
        assert violations(page) == []
        page.emulate_media(media="print")
        assert notice.is_visible()
        page.emulate_media(media="screen")
        notice.get_by_role("link", name=label).click()
        page.wait_for_load_state()
        assert page.url == f"{address}{target}"
        assert page.locator(".translation-notice").count() == 0   # the original has none
    assert check([output / "ro" / "index.html",
                  output / "fr" / "actualites" / "cooperation-institutionnelle-mai" / "index.html"]) == []
    assert run(site, "translation", "done", INDEX_RO, f"{NEWS}.fr.md").returncode == 0
    output = build_copy(site)
    for path in expected:
        page.goto(f"{address}/{path}")
        assert page.locator(".translation-notice").count() == 0
    context.close()
