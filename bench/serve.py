"""Edit -> reload with the real dev server: `build.py serve` running, a real Chromium page watching a news item.

The time runs from saving the news file to the end of the browser's reload that shows the new sentence
(the page's "load" event): the server's watcher, the rebuild, livereload's message and the browser's
reload together.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"the dev server did not answer {url} within {seconds:.0f} s")
        time.sleep(0.1)


def measure_reloads(site: Path, rounds: int) -> list[float]:
    """Seconds from each save to the new text on screen, for `rounds` saves of one news item."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if not chromium:
        print("  serve: not measured (no chromium: apt-get install chromium)")
        return []
    news = sorted((site / "content" / "news").glob("*-actualite-1.fr.md"))[0]
    original = news.read_text("utf-8")
    port = free_port()
    log = tempfile.TemporaryFile()
    server = subprocess.Popen([sys.executable, "build.py", "serve", "--port", str(port)], cwd=site,
                              stdout=log, stderr=subprocess.STDOUT)
    times = []
    try:
        home = f"http://127.0.0.1:{port}/fr/"
        wait_for(home, 300)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}{news_path(news)}")
            page.wait_for_timeout(1500)  # livereload's script connects its websocket
            for round_number in range(rounds):
                marker = f"Relecture {round_number} {time.time_ns()}"
                started = time.perf_counter()
                news.write_text(f"{original.rstrip()}\n\n{marker}.\n", "utf-8")
                times.append(reloaded_with(page, marker, started))
                page.wait_for_timeout(1000)  # let the server settle before the next save
            browser.close()
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        news.write_text(original, "utf-8")
    return times


def reloaded_with(page, marker: str, started: float, seconds: float = 60) -> float:
    """Seconds from `started` to the end of the first reload that shows `marker`: the page's "load" event,
    waited for without polling (a busy wait would take CPU from the server it measures; a locator's wait
    polls up to 500 ms apart and would add its own delay)."""
    while time.perf_counter() - started < seconds:
        page.wait_for_event("load", timeout=seconds * 1000)
        loaded = time.perf_counter()
        # A locator, not a JavaScript predicate: the page's Content-Security-Policy forbids eval.
        if page.get_by_text(marker).count():
            return loaded - started
    raise SystemExit(f"the page did not show {marker!r} within {seconds:.0f} s of the save")


def news_path(news: Path) -> str:
    """The address of a generated French news item: /fr/actualites/<name without the date>/."""
    return f"/fr/actualites/{news.name.split('.', 1)[0][len('2000-01-01-'):]}/"
