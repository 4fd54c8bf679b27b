"""Browser fixtures: Debian's headless Chromium driven by Playwright, over the built site served locally.

conftest.py registers the fixtures once (a session-scoped browser imported by several modules would start twice).
Without chromium the browser tests are skipped with an install hint, except under CI=true: there they fail.
"""
from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
INSTALL_HINT = "Chromium is needed for the browser tests: apt-get install chromium"


def chromium_path() -> str:
    """The system's chromium; a missing one skips the test, or fails it under CI=true."""
    path = shutil.which("chromium")
    if path:
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"no chromium on PATH under CI=true. {INSTALL_HINT}")
    pytest.skip(INSTALL_HINT)


class StaticHost(SimpleHTTPRequestHandler):
    """Serves the built site as a static host would: 404.html (when built) for a missing file."""

    def log_message(self, *args) -> None:  # keep the test output clean
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="session")
def served(built):
    """The built site on http://127.0.0.1:<free port>/, for the session."""
    handler = functools.partial(StaticHost, directory=str(built))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def visit(browser, served):
    """visit(path, width=1280, **context options) -> a Playwright page showing that path of the site."""
    contexts = []

    def open_page(path: str, width: int = 1280, height: int = 900, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        page = context.new_page()
        page.goto(served + "/" + path.lstrip("/"), wait_until="load")
        return page

    yield open_page
    for context in contexts:
        context.close()


def page_paths(output: Path) -> list[str]:
    """The URL path of every built HTML page: "fr/" for fr/index.html, "404.html" as it is."""
    paths = []
    for file in sorted(output.rglob("*.html")):
        relative = file.relative_to(output).as_posix()
        paths.append(relative.removesuffix("index.html") if relative.endswith("index.html") else relative)
    return paths
