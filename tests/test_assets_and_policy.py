"""What a CDN and a browser's security checks see: content-hashed asset names, the Content-Security-Policy
(meta and `_headers`), and raw HTML in Markdown sanitized whatever an editor pastes."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import lxml.html
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import build_copy, html_files, parse, tree_bytes
from sitegen.assets import fingerprint, hashed_name
from sitegen.cli import main
from sitegen.load import Asset
from sitegen.sanitize import sanitize_html
from sitegen.security import content_security_policy

HASHED = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{8})\.(?P<ext>[a-z0-9]+)$")
UNHASHED_NAME = re.compile(r"\b(site\.css|favicon\.svg)\b")


def text_files(output: Path) -> list[Path]:
    return [p for p in sorted(output.rglob("*")) if p.is_file() and p.suffix in (".html", ".xml", ".txt", "")
            and not p.name.startswith(".")]


# --- Hashed asset names -------------------------------------------------------------------------------------

def test_assets_carry_the_hash_of_their_bytes(built):
    assets = sorted((built / "assets").iterdir())
    assert {HASHED.match(p.name)["stem"] for p in assets} == {"site", "favicon"}
    for path in assets:
        assert HASHED.match(path.name)["hash"] == hashlib.sha256(path.read_bytes()).hexdigest()[:8], path.name


def test_pages_use_the_hashed_names_and_no_unhashed_name_is_left(built):
    stylesheet = next(p.name for p in (built / "assets").iterdir() if p.suffix == ".css")
    favicon = next(p.name for p in (built / "assets").iterdir() if p.suffix == ".svg")
    for path in html_files(built):
        page = parse(path)
        assert page.xpath("//link[@rel='stylesheet']/@href") == [f"/assets/{stylesheet}"], path
        assert page.xpath("//link[@rel='icon']/@href") == [f"/assets/{favicon}"], path
    for path in text_files(built):
        assert not UNHASHED_NAME.search(path.read_text("utf-8")), path
    assert not [p for p in built.rglob("*") if UNHASHED_NAME.fullmatch(p.name)]


def test_changing_the_css_changes_its_name_everywhere(site_copy):
    output = build_copy(site_copy)
    before = {p.name for p in (output / "assets").iterdir()}
    css = site_copy / "templates" / "assets" / "site.css"
    css.write_text(css.read_text("utf-8") + "\n.essai { color: red; }\n", "utf-8")
    build_copy(site_copy)
    after = {p.name for p in (output / "assets").iterdir()}
    old_css, new_css = (next(n for n in names if n.endswith(".css")) for names in (before, after))
    assert old_css != new_css
    assert {n for n in before if n.endswith(".svg")} == {n for n in after if n.endswith(".svg")}
    assert not (output / "assets" / old_css).exists()  # the stale copy is removed
    for path in html_files(output):
        text = path.read_text("utf-8")
        assert new_css in text and old_css not in text, path


def test_a_stylesheet_points_at_the_hashed_names_of_the_files_it_uses():
    logo = Asset("img/logo.svg", b"<svg/>")
    sheet = Asset("site.css", b'h1 { background: url("img/logo.svg"); } p { background: url(missing.png); }')
    published = fingerprint((logo, sheet))
    assert published["img/logo.svg"].path == hashed_name("img/logo.svg", b"<svg/>")
    assert HASHED.match(published["img/logo.svg"].path.split("/")[-1])
    css = published["site.css"].data.decode()
    assert f'url("{published["img/logo.svg"].path}")' in css and "url(missing.png)" in css
    assert published["site.css"].path == hashed_name("site.css", published["site.css"].data)
    # A new logo renames the stylesheet too: a CDN could otherwise keep the old one forever.
    again = fingerprint((Asset("img/logo.svg", b"<svg></svg>"), sheet))
    assert again["site.css"].path != published["site.css"].path


# --- Content-Security-Policy ---------------------------------------------------------------------------------

def directives(policy: str) -> dict[str, set[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: set(values) for name, *values in parts}


def test_every_page_carries_the_strict_policy(built):
    policy = content_security_policy()
    rules = directives(policy)
    assert rules["default-src"] == {"'none'"}
    for name in ("script-src", "style-src", "img-src"):
        assert rules[name] == {"'self'"}, name
    for path in html_files(built):
        page = parse(path)
        metas = page.xpath("//head/meta[@http-equiv='Content-Security-Policy']/@content")
        assert metas == [policy], path
        # Nothing the policy would block: no inline script or style, no style attribute, nothing external.
        assert not page.xpath("//script[not(@type='application/ld+json')] | //style | //*[@style]"), path
        assert not [a for a in page.xpath("//@*") if a.attrname.lower().startswith("on")], path
        assert not page.xpath("//link[@rel='stylesheet' or @rel='icon'][starts-with(@href,'http')]"), path


def test_headers_file_sends_the_same_policy_and_caches_hashed_assets(built):
    text = (built / "_headers").read_text("utf-8")
    policy = re.search(r"^  Content-Security-Policy: (.+)$", text, re.M).group(1)
    assert policy.startswith(content_security_policy() + ";")
    assert directives(policy)["frame-ancestors"] == {"'none'"}
    assert re.search(r"^/assets/\*\n  Cache-Control: public, max-age=31536000, immutable$", text, re.M)


def test_only_a_dev_build_loosens_the_policy(site_copy, tmp_path):
    published = build_copy(site_copy, output=tmp_path / "published")
    dev = build_copy(site_copy, output=tmp_path / "dev", dev=True)
    for output, loose in ((published, False), (dev, True)):
        meta = parse(output / "fr" / "index.html").xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
        assert ("'unsafe-inline'" in directives(meta)["script-src"]) is loose
        for path in text_files(output):
            assert ("unsafe-inline" in path.read_text("utf-8")) is (loose and path.suffix in (".html", "")), path
    assert "'unsafe-inline'" not in content_security_policy(dev=False)


# --- Raw HTML in Markdown -------------------------------------------------------------------------------------

PASTED = """---
title: Essai de collage
date: 2016-11-01
summary: Un texte collé depuis un traitement de texte.
---
Avant <script>alert(1)</script> après.

<img src=x onerror="alert(2)"> <a href="#" onclick="alert(3)">lien</a>

[x](javascript:alert(4)) [y](JaVaScRiPt:alert(5)) <a href="jav&#x61;script:alert(6)">z</a>

<div style="color: red" onmouseover="alert(7)"><iframe src="https://evil.example/"></iframe>Texte gardé.</div>

<svg><script>alert(8)</script></svg> <style>body { display: none }</style>
"""


def _pasted_site(site_copy: Path) -> Path:
    for lang in ("fr", "ro"):
        (site_copy / "content" / "news" / f"2016-11-01-essai-collage.{lang}.md").write_text(PASTED, "utf-8")
    return site_copy


def _unsafe_in(page) -> list[str]:
    found = [f"<{e.tag}>" for e in page.iter() if isinstance(e.tag, str)
             and e.tag in ("script", "style", "iframe", "svg") and e.get("type") != "application/ld+json"]
    found += [f"{a.attrname}=" for a in page.xpath("//@*") if a.attrname.lower().startswith("on")]
    found += [f"style= on <{a.getparent().tag}>" for a in page.xpath("//@style")]
    found += [u for u in page.xpath("//@href | //@src") if re.sub(r"\s", "", u).lower().startswith("javascript:")]
    return found


def test_pasted_scripts_handlers_and_javascript_links_are_removed(site_copy, tmp_path):
    output = build_copy(_pasted_site(site_copy), output=tmp_path / "out")
    pages = [output / "fr" / "actualites" / "essai-collage" / "index.html",
             output / "ro" / "noutati" / "essai-collage" / "index.html"]
    for path in pages:
        page = parse(path)
        assert _unsafe_in(page) == [], path
        text = page.xpath("string(//main)")
        assert "Avant" in text and "après" in text and "Texte gardé." in text  # the text stays
        assert "alert(" not in path.read_text("utf-8")
    feed = (output / "fr" / "actualites" / "feed.xml").read_text("utf-8")
    assert "essai-collage" in feed and "alert(" not in feed and "onerror" not in feed


def test_check_tells_the_editor_what_will_be_removed(site_copy, capsys):
    root = _pasted_site(site_copy)
    assert main(["check"], root) == 0
    out = capsys.readouterr().out
    source = "content/news/2016-11-01-essai-collage.fr.md"
    assert f"{source}:6: warning: <script> is not allowed" in out
    assert f"{source}:8: warning: the `onerror` attribute is not allowed" in out
    assert f"{source}:10: warning: a `javascript:` link is not allowed" in out
    assert main(["check", "--strict"], root) == 1  # CI refuses to publish it


FRAGMENTS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '<a href="javascript:alert(1)">a</a>',
             "<p onclick='x()'>", "</p>", "<div style='x'>", "<svg onload=alert(1)>", "<math>", "<iframe srcdoc='x'>",
             "<!--", "-->", "<![CDATA[", "]]>", "<a href='  javascript:x'>", "<scr", "ipt>", "\"", "'", ">", "<",
             "<object data=x>", "<form action=x>", "<input autofocus onfocus=x>", "text", "<b>", "&lt;script&gt;"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=12))
def test_sanitizer_output_never_holds_a_script_whatever_the_input(fragments):
    html = sanitize_html("".join(fragments))
    page = lxml.html.fragment_fromstring(html, create_parent="div")
    assert _unsafe_in(page) == []
    assert not [e for e in page.iter() if isinstance(e.tag, str) and e.tag in ("object", "form", "input")]


def test_a_build_with_pasted_html_is_still_deterministic(site_copy, tmp_path):
    root = _pasted_site(site_copy)
    assert tree_bytes(build_copy(root, output=tmp_path / "a")) == tree_bytes(build_copy(root, output=tmp_path / "b"))


def test_readme_shows_the_policy_the_build_sends(built):
    from conftest import ROOT
    header = re.search(r"^  Content-Security-Policy: (.+)$", (built / "_headers").read_text("utf-8"), re.M).group(1)
    assert f'add_header Content-Security-Policy "{header}" always;' in (ROOT / "README.md").read_text("utf-8")
