"""The page-weight budget of the published build: small HTML and CSS, no JavaScript, nothing from elsewhere."""
from __future__ import annotations

from urllib.parse import urlsplit

import yaml

from browser import page_paths
from conftest import ROOT, html_files, parse

HTML_BUDGET = 30_000    # bytes, each page
CSS_BUDGET = 15_000     # bytes, all stylesheets together
NOT_SCRIPT_TYPES = {"application/ld+json", "application/json", "importmap", "speculationrules"}
# Every attribute that may make the browser fetch something.
FETCHING = ("//@src | //@srcset | //@poster | //@data | //link[not(@rel='canonical' or @rel='alternate')]/@href"
            " | //form/@action | //meta[@http-equiv='refresh']/@content")


def test_every_page_is_under_30_kb(built):
    sizes = {p.relative_to(built).as_posix(): p.stat().st_size for p in html_files(built)}
    assert sizes and max(sizes.values()) < HTML_BUDGET, {p: s for p, s in sizes.items() if s >= HTML_BUDGET}


def test_all_css_together_is_under_15_kb(built):
    stylesheets = sorted(built.rglob("*.css"))
    assert stylesheets
    assert sum(p.stat().st_size for p in stylesheets) < CSS_BUDGET


def test_no_javascript_is_published(built):
    assert not [p for p in built.rglob("*") if p.suffix in (".js", ".mjs")]
    for path in html_files(built):
        page = parse(path)
        scripts = [s for s in page.xpath("//script") if (s.get("type") or "").lower() not in NOT_SCRIPT_TYPES]
        assert not scripts, path
        assert not page.xpath("//@*[starts-with(name(), 'on')]"), f"{path}: an event handler attribute"
        assert not [h for h in page.xpath("//@href") if h.strip().lower().startswith("javascript:")], path


def own_host() -> str:
    """The site's own host, from its base_url (absolute URLs to it are the same origin once published)."""
    config = yaml.safe_load((ROOT / "site_config.yaml").read_text("utf-8"))
    return urlsplit(config["base_url"]).netloc


def test_nothing_is_fetched_from_another_origin_in_the_html(built):
    for path in html_files(built):
        for url in parse(path).xpath(FETCHING):
            assert urlsplit(url).netloc in ("", own_host()), f"{path} loads {url}"
    for stylesheet in built.rglob("*.css"):
        text = stylesheet.read_text("utf-8")
        assert "@import" not in text and "url(http" not in text and "url(//" not in text


def test_the_browser_requests_nothing_from_another_origin(built, browser, served):
    context = browser.new_context()
    requested = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    for path in page_paths(built):
        page.goto(f"{served}/{path}")
    context.close()
    assert requested
    assert [url for url in requested if not url.startswith(served + "/")] == []
