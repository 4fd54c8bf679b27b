"""The look stays sober and lawful: system fonts, no web font, no Marianne or State emblem, and the media
features a visitor's device asks for (dark scheme, reduced motion, print)."""
from __future__ import annotations

import re

from conftest import html_files, parse


def stylesheet(built) -> str:
    return "\n".join(p.read_text("utf-8") for p in sorted(built.rglob("*.css")))


def test_system_fonts_only(built):
    css = stylesheet(built)
    assert "@font-face" not in css
    assert not [p for p in built.rglob("*") if p.suffix.lower() in (".woff", ".woff2", ".ttf", ".otf", ".eot")]
    families = re.findall(r"font-family:\s*([^;}]+)", css)
    assert families and all("system-ui" in f or "monospace" in f for f in families)


def test_no_marianne_and_no_state_emblem(built):
    names = [p.name.lower() for p in built.rglob("*")]
    assert not [n for n in names if "marianne" in n or "embleme" in n or "emblem" in n or "logo" in n]
    assert "marianne" not in stylesheet(built).lower()
    for path in html_files(built):
        page = parse(path)
        assert not page.xpath("//img | //svg | //picture | //object | //embed | //iframe"), path
        assert "marianne" not in (page.xpath("string(//head)") + " ".join(page.xpath("//@class"))).lower()


def test_the_french_state_colours_and_media_features(built):
    css = stylesheet(built).lower()
    assert "#000091" in css and "#e1000f" in css
    for feature in ("prefers-color-scheme: dark", "prefers-reduced-motion: reduce", "@media print", "size: a4"):
        assert feature in css, feature
