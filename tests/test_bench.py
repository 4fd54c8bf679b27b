"""The benchmark's synthetic site stays a valid site of this generator (so `make bench` keeps measuring)."""
from __future__ import annotations

import re
import subprocess
import sys

from bench.corpus import edit_one_news, make_site
from bench.serve import news_path
from conftest import parse
from bench.run import page_count


def test_the_synthetic_site_passes_check_strict_and_builds(tmp_path):
    site = make_site(tmp_path / "site", 12)
    assert len(list((site / "content" / "news").glob("*.md"))) == 24
    check = subprocess.run([sys.executable, "build.py", "check", "--strict"], cwd=site, capture_output=True,
                           text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    build = subprocess.run([sys.executable, "build.py", "build"], cwd=site, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    pages = page_count(build.stdout)
    assert pages > 24
    edited = edit_one_news(site, 1)
    again = subprocess.run([sys.executable, "build.py", "build"], cwd=site, capture_output=True, text=True)
    written = int(re.search(r"(\d+) written", again.stdout)[1])
    # Its page, its translation's (which now says that its original changed), and the feed when it is among
    # the newest.
    assert 2 <= written <= 3
    page = parse(site / "output" / news_path(edited).strip("/") / "index.html")
    assert "Modification de relecture numéro 1." in page.find(".//main").text_content()  # the visitor sees it
    assert page_count(again.stdout) == pages
