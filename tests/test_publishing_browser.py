"""The published site in a real Chromium, served as a static host serves it (404.html for a missing file):
the Content-Security-Policy holds and blocks nothing of the site's own, and the 404 page works at any depth."""
from __future__ import annotations

import functools
import threading
from http.server import ThreadingHTTPServer

import pytest

from browser import StaticHost
from conftest import build_copy, copy_site

# Records what the policy blocks, before any script of the page could run (init scripts are not subject to it).
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
"""
INJECT_INLINE = """() => {
  const script = document.createElement('script');
  script.textContent = 'window.__inlineRan = true;';
  document.head.append(script);
  const probe = document.createElement('p');
  probe.setAttribute('style', 'outline-style: dotted');
  document.body.append(probe);
  return new Promise(done => setTimeout(() => done({
    ran: window.__inlineRan === true, styled: getComputedStyle(probe).outlineStyle === 'dotted'}), 100));
}"""


@pytest.fixture(scope="module")
def hosts(tmp_path_factory):
    """{"published": url, "dev": url}: the same site built both ways, each on its own 127.0.0.1 port."""
    root = copy_site(tmp_path_factory.mktemp("browser-site"))
    servers, urls = [], {}
    for name, dev in (("published", False), ("dev", True)):
        output = build_copy(root, output=root / name, dev=dev)
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(StaticHost, directory=str(output)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        urls[name] = f"http://127.0.0.1:{server.server_address[1]}"
    yield urls
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def open_page(browser):
    contexts = []

    def visit(url: str):
        context = browser.new_context()
        contexts.append(context)
        page = context.new_page()
        page.add_init_script(WATCH_VIOLATIONS)
        response = page.goto(url, wait_until="load")
        return page, response

    yield visit
    for context in contexts:
        context.close()


def stylesheet_rules(page) -> int:
    return page.evaluate("() => [...document.styleSheets].reduce((n, sheet) => n + sheet.cssRules.length, 0)")


@pytest.mark.parametrize("path", ["/", "/fr/", "/ro/noutati/", "/fr/plan-du-site/"])
def test_the_policy_blocks_nothing_of_the_site(hosts, open_page, path):
    page, response = open_page(hosts["published"] + path)
    assert response.status == 200
    assert stylesheet_rules(page) > 20  # the hashed stylesheet loaded under the policy
    assert page.evaluate("() => window.__violations") == []


def test_the_published_policy_refuses_injected_inline_script_and_style(hosts, open_page):
    page, _ = open_page(hosts["published"] + "/fr/")
    assert page.evaluate(INJECT_INLINE) == {"ran": False, "styled": False}
    blocked = page.evaluate("() => window.__violations")
    assert any(v.startswith("script-src") for v in blocked) and any(v.startswith("style-src") for v in blocked)


def test_a_dev_build_lets_the_live_reload_script_run(hosts, open_page):
    page, _ = open_page(hosts["dev"] + "/fr/")
    assert page.evaluate(INJECT_INLINE)["ran"] is True


def test_the_404_page_works_from_any_depth(hosts, open_page):
    page, response = open_page(hosts["published"] + "/fr/actualites/un/deux/trois/nulle-part.html")
    assert response.status == 404
    assert "Page introuvable" in page.inner_text("h1") and "Pagina nu a fost găsită" in page.inner_text("h1")
    assert stylesheet_rules(page) > 20
    page.get_by_role("link", name="Harta site-ului").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/ro/harta-site-ului/")
    assert page.inner_text("h1") == "Harta site-ului"
    assert page.evaluate("() => window.__violations") == []
