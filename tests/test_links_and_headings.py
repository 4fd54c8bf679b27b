"""What assistive technologies rely on, in every built page: headings without gaps, links that say where
they lead, external links announced, the switcher's languages marked."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from conftest import build_copy, html_files, parse

EXTERNAL_WORDS = {"fr": "site externe", "ro": "site extern"}
# Link texts that say nothing once read out of context (RGAA 6.1).
VAGUE = {"ici", "cliquez ici", "lire la suite", "en savoir plus", "plus", "suite", "lien", "aici", "mai mult",
         "citește mai mult", "click aici", "detalii", "here", "click here", "more", "read more"}


def squeeze(text: str) -> str:
    return " ".join(text.split())


def link_name(anchor) -> str:
    """A link's accessible name: aria-label, else its text (hidden text included, aria-hidden parts not)."""
    if anchor.get("aria-label"):
        return squeeze(anchor.get("aria-label"))
    shown = [t for t in anchor.xpath(".//text()[not(ancestor::*[@aria-hidden='true'])]")]
    return squeeze("".join(shown)) or squeeze(" ".join(anchor.xpath(".//img/@alt")))


def test_one_h1_and_no_gap_in_the_heading_order(built):
    for path in html_files(built):
        levels = [int(h.tag[1]) for h in parse(path).iter("h1", "h2", "h3", "h4", "h5", "h6")]
        assert levels[:1] == [1] and levels.count(1) == 1, f"{path}: {levels}"
        gaps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
        assert not gaps, f"{path.relative_to(built)}: heading levels {levels}"


def test_every_link_has_a_name_that_makes_sense_out_of_context(built):
    for path in html_files(built):
        targets = {}
        for anchor in parse(path).xpath("//a[@href]"):
            name = link_name(anchor)
            assert name, f"{path}: a link to {anchor.get('href')} has no text"
            assert name.lower().strip(" .:…") not in VAGUE, f"{path}: vague link text {name!r}"
            targets.setdefault(name, set()).add(anchor.get("href").split("#")[0] or "#")
        clashes = {name: hrefs for name, hrefs in targets.items() if len(hrefs) > 1}
        assert not clashes, f"{path.relative_to(built)}: one text, several targets: {clashes}"


def test_external_links_are_announced(built):
    found = 0
    for path in html_files(built):
        page = parse(path)
        for anchor in page.xpath("//a[starts-with(@href,'http://') or starts-with(@href,'https://')]"):
            if urlsplit(anchor.get("href")).netloc == "example.org":
                continue
            lang = (anchor.xpath("ancestor-or-self::*[@lang][1]/@lang") or [page.get("lang")])[0]
            assert EXTERNAL_WORDS[lang] in link_name(anchor), f"{path}: {link_name(anchor)!r}"
            hidden = anchor.xpath(".//*[contains(@class,'visually-hidden')]")
            assert hidden and EXTERNAL_WORDS[lang] in hidden[0].text_content()
            found += 1
    assert found >= 18  # the footer's embassy link on every page, and the useful links


def test_internal_links_are_not_announced_as_external(built):
    for path in html_files(built):
        for anchor in parse(path).xpath("//a[starts-with(@href,'/') or starts-with(@href,'#')]"):
            assert not re.search("site externe?$", link_name(anchor)), f"{path}: {link_name(anchor)!r}"


def test_the_switcher_names_each_language_in_that_language(built):
    for path in html_files(built):
        for anchor in parse(path).xpath("//nav[contains(@class,'switcher')]//a"):
            assert anchor.get("lang") and anchor.get("hreflang") == anchor.get("lang")
            assert link_name(anchor).endswith({"fr": "Français", "ro": "Română"}[anchor.get("lang")])


def test_dates_are_machine_readable(built):
    for path in html_files(built):
        for time in parse(path).xpath("//time"):
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", time.get("datetime") or ""), path


def titles(output) -> dict[str, str]:
    return {p.relative_to(output).as_posix(): squeeze(parse(p).findtext(".//title") or "") for p in html_files(output)}


def test_every_page_has_its_own_title(built, site_copy):
    config = site_copy / "site_config.yaml"
    config.write_text(config.read_text("utf-8").replace("news_per_page: 5", "news_per_page: 1"), "utf-8")
    for output in (built, build_copy(site_copy)):
        seen = titles(output)
        assert all(seen.values())
        assert len(set(seen.values())) == len(seen), sorted(seen.values())


def test_every_page_links_the_accessibility_statement_with_its_status(built):
    status = {"fr": ("/fr/accessibilite/", "partiellement conforme"), "ro": ("/ro/accesibilitate/", "parțial conformă")}
    for path in html_files(built):
        page = parse(path)
        href, words = status[page.get("lang")]
        links = page.xpath(f"//footer//a[@href='{href}']")
        assert links and words in squeeze(links[0].text_content()), path


def test_external_links_written_in_markdown_are_announced_too(site_copy):
    page = site_copy / "content/pages/mentions-legales.ro.md"
    page.write_text(page.read_text("utf-8") + "\nVezi [site-ul ambasadei](https://ro.ambafrance.org/) și"
                    " [accesibilitatea](accessibilite.ro.md).\n", "utf-8")
    html = parse(build_copy(site_copy) / "ro/mentiuni-legale/index.html")
    external = html.xpath("//main//a[@href='https://ro.ambafrance.org/']")[0]
    assert link_name(external) == "site-ul ambasadei – site extern"
    internal = html.xpath("//main//a[@href='/ro/accesibilitate/']")[0]
    assert link_name(internal) == "accesibilitatea"


def test_announce_external_links_marks_only_other_sites():
    from sitegen.markup import announce_external_links
    html = '<p><a href="https://x.org/">x</a> <a href="/fr/">y</a> <a href="mailto:a@b.fr">z</a></p>'
    marked = announce_external_links(html, "site externe")
    assert marked.count("site externe") == 1
    assert marked.startswith('<p><a href="https://x.org/">x<span class="visually-hidden"> – site externe</span>')
