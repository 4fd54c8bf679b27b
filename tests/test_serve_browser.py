"""`build.py serve` for real: a subprocess on a free port, headless Chromium on the French service page,
content edited on disk and seen in the page without a manual reload; a broken file shows the error page.
The `browser` fixture is the session's (tests/browser.py): Chromium, skipped or failed as CI requires."""
from __future__ import annotations

import hashlib
import http.client
import os
import signal
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, copy_site, edit

SERVICE_FR = "content/pages/index.fr.md"
CONTACTS = "content/data/contacts.yaml"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str) -> tuple[int, str]:
    """A raw GET: http.client sends the path exactly as given (no `..` clean-up, no re-encoding)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def wait_for_server(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text("utf-8")
        try:
            if get(port, "/fr/")[0] == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("the preview did not answer in 30 s:\n" + log.read_text("utf-8"))


def runnable_copy(folder: Path) -> Path:
    """A copy of the real site in `folder` with build.py, to run its commands."""
    root = copy_site(folder)
    shutil.copy(ROOT / "build.py", root / "build.py")
    (root / "sitegen").symlink_to(ROOT / "sitegen")
    return root


def start_preview(root: Path, log: Path) -> tuple[subprocess.Popen, int]:
    """`python build.py serve --port N` started in `root` (its output in `log`), once it answers."""
    port = free_port()
    with open(log, "wb") as stream:
        process = subprocess.Popen([sys.executable, "build.py", "serve", "--port", str(port)], cwd=root,
                                   stdout=stream, stderr=subprocess.STDOUT,
                                   env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        wait_for_server(port, process, log)
    except BaseException:
        process.kill()
        process.wait()
        raise
    return process, port


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """`python build.py serve --port N` running on a copy of the real site: (root, port, log)."""
    root = runnable_copy(tmp_path_factory.mktemp("preview"))
    log = root.parent / "serve.log"
    process, port = start_preview(root, log)
    try:
        # livereload sends one reload of its own at its first poll (0.8 s after start): let it pass
        # before a browser connects, so that every reload the test sees comes from an edit.
        time.sleep(1)
        yield root, port, log
    finally:
        process.terminate()
        process.wait(timeout=10)


class LiveReloadClients:
    """Counts the pages whose livereload client has said hello to the server: a reload is only sent to
    connected pages, so each edit waits for the page (reloaded or not) to be connected."""

    def __init__(self, page):
        self.page = page
        self.count = 0
        page.on("websocket", self._watch)

    def _watch(self, socket_) -> None:
        socket_.on("framesent", lambda payload: self._sent(payload))

    def _sent(self, payload) -> None:
        if '"info"' in str(payload):
            self.count += 1

    def wait(self, count: int) -> None:
        deadline = time.monotonic() + 15
        while self.count < count:
            assert time.monotonic() < deadline, "the page's livereload client did not connect"
            self.page.wait_for_timeout(50)
        self.page.wait_for_timeout(200)  # the server registers the client right after its message


def test_the_preview_reloads_edits_shows_errors_and_recovers(preview, browser):
    root, port, log = preview
    page = browser.new_page()
    clients = LiveReloadClients(page)
    page.goto(f"http://127.0.0.1:{port}/fr/")
    assert "Attaché de Sécurité Intérieure" in page.title()
    clients.wait(1)

    edit(root, SERVICE_FR, "## Présentation", "Texte ajouté pendant l’aperçu.\n\n## Présentation")
    page.get_by_text("Texte ajouté pendant l’aperçu.").wait_for(timeout=15_000)
    clients.wait(2)

    edit(root, CONTACTS, "    role:", "    role: [cassé")
    line = next(n for n, text in enumerate((root / CONTACTS).read_text("utf-8").split("\n"), 1) if "[cassé" in text)
    page.get_by_role("heading", name="Le site ne peut pas être construit").wait_for(timeout=15_000)
    row = page.locator("tbody tr").first
    assert row.locator("td").nth(0).inner_text() == CONTACTS
    assert row.locator("td").nth(1).inner_text() == str(line)
    assert "le YAML ne peut pas être lu" in row.inner_text()  # the French page: the problem in French too
    status, body = get(port, "/ro/")
    assert status == 500 and "Site-ul nu poate fi construit" in body and CONTACTS in body
    clients.wait(3)

    # Fixed at once, well within livereload's own 3-second throttle: the page must still come back.
    edit(root, CONTACTS, "    role: [cassé", "    role:")
    page.get_by_text("Texte ajouté pendant l’aperçu.").wait_for(timeout=15_000)
    assert page.get_by_role("heading", name="Le site ne peut pas être construit").count() == 0
    assert f"{CONTACTS}:{line}:" in log.read_text("utf-8")  # the terminal said the same
    page.close()


def test_served_pages_get_the_livereload_script_but_the_files_do_not(preview):
    root, port, _ = preview
    status, body = get(port, "/fr/")
    assert status == 200 and "livereload.js" in body
    assert not [p for p in (root / ".cache/preview").rglob("*.html") if b"livereload" in p.read_bytes()]


@pytest.mark.parametrize("path", ["/../site_config.yaml", "/fr/../../site_config.yaml", "/%2e%2e/site_config.yaml",
                                  "/fr/%2E%2E/%2e%2e/build.py", "/fr/..%2f..%2fsite_config.yaml",
                                  "/..%5csite_config.yaml", "/%2e%2e%2fcontent/pages/index.fr.md", "/%00"])
def test_nothing_outside_output_is_served(preview, path):
    _, port, _ = preview
    status, body = get(port, path)
    assert status == 404
    assert "base_url" not in body and "import" not in body


def outside_address() -> str | None:
    """This machine's address on its network (a UDP "connect" sends nothing; it only picks the route)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("192.0.2.254", 9))
        except OSError:
            return None
        address = sock.getsockname()[0]
    return None if address.startswith("127.") else address


def test_the_server_listens_on_127_0_0_1_only(preview):
    _, port, _ = preview
    address = outside_address()
    if address is None:
        pytest.skip("this machine has no network address besides 127.0.0.1 to try")
    with socket.socket() as sock:
        sock.settimeout(2)
        assert sock.connect_ex((address, port)) != 0, f"the preview answers on {address}"


def test_a_busy_port_is_said_at_once(tmp_path):
    root = copy_site(tmp_path / "site")
    shutil.copy(ROOT / "build.py", root / "build.py")
    (root / "sitegen").symlink_to(ROOT / "sitegen")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "build.py", "serve", "--port", str(port)], cwd=root,
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stdout and "--port" in result.stdout
    assert not (root / "output").exists()


def test_the_preview_shows_the_translations_and_what_changed(preview):
    root, port, log = preview
    assert f"http://127.0.0.1:{port}/_translations/" in log.read_text("utf-8")   # said at start
    status, body = get(port, "/_translations/")
    assert status == 200 and "livereload.js" in body
    news = "content/news/2016-11-08-reseau-unique-securite-interieure.fr.md"
    row = f"<code>{news.replace('.fr.', '.ro.')}</code></td><td><code>{news}</code></td><td>up to date</td>"
    assert body.count("</tr>") >= 13 and row in body   # 12 translations (other tests may edit others)
    text = (root / news).read_text("utf-8")
    try:
        lines = text.split("\n")
        number = next(i for i, line in enumerate(lines) if len(line.split()) > 8 and not line.startswith(("title", "summary")))
        words = lines[number].split()
        lines[number] = " ".join(words[:3] + ["désormais"] + words[3:])
        (root / news).write_text("\n".join(lines), "utf-8")
        status, body = get(port, "/_translations/")   # computed when asked for: no wait for a build
        assert status == 200 and "stale: 1 of" in body
        assert f"<code>{news}:{number + 1}</code>" in body and "<ins>désormais</ins>" in body
        assert "content/news/2016-11-08-reseau-unique-securite-interieure.ro.md:" in body
    finally:
        (root / news).write_text(text, "utf-8")
    assert not list(root.rglob("_translations"))   # never written, by the preview or a build


def folder_hash(folder: Path) -> dict[str, str]:
    """{path: SHA-256} of every file below `folder`, hidden ones (the manifest) included."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() or p.is_symlink()}


def test_serve_leaves_output_byte_for_byte_as_build_wrote_it(tmp_path):
    """The issue's steps: a new draft, `serve` for a while (with an edit), Ctrl+C: output/ is what `build`
    wrote, and the draft, the local address and the preview's policy are only in the preview's folder."""
    root = runnable_copy(tmp_path / "site")
    run = dict(cwd=root, capture_output=True, text=True, timeout=120)
    assert subprocess.run([sys.executable, "build.py", "build"], **run).returncode == 0
    assert subprocess.run([sys.executable, "build.py", "new", "news", "Annonce confidentielle"], **run).returncode == 0
    before = folder_hash(root / "output")
    log = tmp_path / "serve.log"
    process, port = start_preview(root, log)
    try:
        assert get(port, "/fr/actualites/annonce-confidentielle/")[0] == 200  # the preview shows the draft
        edit(root, SERVICE_FR, "## Présentation", "Texte ajouté pendant l’aperçu.\n\n## Présentation")
        deadline = time.monotonic() + 15
        while "Texte ajouté pendant" not in get(port, "/fr/")[1]:
            assert time.monotonic() < deadline, log.read_text("utf-8")
            time.sleep(0.1)
        assert folder_hash(root / "output") == before
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl+C
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # never left running, whatever failed
            process.kill()
            process.wait()
            raise
    assert folder_hash(root / "output") == before
    said = log.read_text("utf-8")
    assert ".cache/preview/" in said and "never in output/" in said
    preview = root / ".cache/preview"
    draft = preview / "fr/actualites/annonce-confidentielle/index.html"
    assert draft.is_file() and "127.0.0.1" in draft.read_text("utf-8")
    assert not any("annonce-confidentielle" in path or "127.0.0.1:" in (root / "output" / path).read_text(
        "utf-8", "replace") for path in before)
