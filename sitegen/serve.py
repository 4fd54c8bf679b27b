"""The live preview: the same build() with drafts into a folder of its own (.cache/preview/, never output/),
served by livereload on 127.0.0.1, rebuilt and reloaded on every saved change; while the site cannot be
built, pages show what to fix."""
from __future__ import annotations

import errno
import gc
import logging
import mimetypes
import socket
import traceback
from dataclasses import dataclass
from pathlib import Path

from livereload import Server
from livereload.handlers import LiveReloadHandler
from tornado.ioloop import IOLoop

from .cache import CACHE_DIR
from .config import CONFIG_FILE
from .errorpage import error_page, page_language
from .errors import BuildFailed, Problem, format_report
from .inotify import Inotify
from .messages import msg, say, shown
from .memo import BuildMemo
from .checking import translation_texts
from .pipeline import BuildRequest, build
from .translations.overview import ROUTE as OVERVIEW_ROUTE, overview_page
from .translations.tracking import track
from .urls import asset_route

DEFAULT_PORT = 5500
# The preview's own output, never output/: only `build` writes what is published.
PREVIEW_DIR = f"{CACHE_DIR}/preview"
# Watched by absolute path; never output/, or each build would trigger the next.
WATCHED = ("content", "templates", CONFIG_FILE)
TEXT_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
              ".js": "text/javascript; charset=utf-8", ".xml": "application/xml; charset=utf-8",
              ".svg": "image/svg+xml", ".json": "application/json", ".txt": "text/plain; charset=utf-8"}


@dataclass(frozen=True)
class Response:
    status: str
    content_type: str
    body: bytes
    location: str = ""


class Preview:
    """What the server needs to answer: the preview's folder and the problems of the last build (none = it
    worked). The only mutable thing in the preview, replaced whole after each build."""

    def __init__(self, request: BuildRequest):
        self.request = request
        self.problems: tuple[Problem, ...] = ()

    @property
    def output(self) -> Path:
        return self.request.output

    def rebuild(self) -> None:
        """Build; on failure keep the last good output and remember the problems for the browser."""
        try:
            report = build(self.request)
        except BuildFailed as failure:
            self.problems = tuple(failure.problems)
            print(format_report(failure.problems), "\n", say("The browser shows these problems until the file is"
                  " fixed; the preview keeps the last good build."), sep="", flush=True)
            return
        except Exception as exc:  # a bug in the generator must not stop the preview: show it, keep serving
            traceback.print_exc()
            error = type(exc).__name__ + ": " + str(exc)
            self.problems = (Problem("sitegen", 1, msg("internal error: {error}", error=error)),)
            return
        self.problems = ()
        for line in (*report.warnings, *report.notes):
            print(shown(line), flush=True)
        print(shown(report.summary()), flush=True)


def is_safe_path(path: str) -> bool:
    """A request path that can only name something inside the served folder: no `..`, `.`, backslash or NUL."""
    return path.startswith("/") and not any(c in path for c in "\\\0") and not any(
        part in (".", "..") for part in path.split("/"))


def is_page_path(path: str) -> bool:
    last = path.rsplit("/", 1)[-1]
    return last == "" or last.endswith(".html") or "." not in last


def respond(method: str, path: str, preview: Preview) -> Response:
    """The answer to one request: a file of the preview's folder, the problems page while the build is
    broken, or 404."""
    output = preview.output
    if method not in ("GET", "HEAD"):
        return Response("405 Method Not Allowed", "text/plain; charset=utf-8", b"Method not allowed\n")
    if not is_safe_path(path):
        return _not_found(output)
    if path.rstrip("/") + "/" == OVERVIEW_ROUTE:   # computed when asked for: never part of a build
        texts, _, _ = translation_texts(preview.request)
        return Response("200 OK", TEXT_TYPES[".html"], overview_page(track(texts)[0]) if texts else
                        error_page(list(preview.problems), page_language(path)))
    if preview.problems and is_page_path(path):
        return Response("500 Internal Server Error", TEXT_TYPES[".html"],
                        error_page(list(preview.problems), page_language(path)))
    target = output / path.lstrip("/")
    if target.is_dir() and not path.endswith("/"):
        return Response("301 Moved Permanently", "text/plain; charset=utf-8", b"", location=path + "/")
    if target.is_dir():
        target = target / "index.html"
    if not _is_inside(target, output) or not target.is_file():
        return _not_found(output)
    return Response("200 OK", _content_type(target), target.read_bytes())


def _is_inside(target: Path, folder: Path) -> bool:
    # Resolved, so that a symbolic link in the served folder cannot lead outside it either.
    real, base = target.resolve(), folder.resolve()
    return real == base or base in real.parents


def _content_type(path: Path) -> str:
    return TEXT_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def _not_found(output: Path) -> Response:
    page = output / "404.html"
    body = page.read_bytes() if page.is_file() else b"<!DOCTYPE html><title>404</title><p>404: no such page</p>"
    return Response("404 Not Found", TEXT_TYPES[".html"], body)


def cache_control(path: str, response: Response) -> str:
    """Pages are never cached (each build may change them); an asset's name holds the hash of its bytes
    (assets.py), so the browser may keep it: a reload then fetches only the page."""
    is_asset = path.startswith("/" + asset_route("")) and response.status.startswith("200")
    return "public, max-age=31536000, immutable" if is_asset else "no-store"


def make_app(preview: Preview):
    """A WSGI application over `respond`; livereload adds its script to the HTML it returns."""
    def app(environ, start_response):
        # WSGI hands over the decoded path as Latin-1 text: make it the UTF-8 text the browser meant.
        path = environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8", "replace")
        response = respond(environ.get("REQUEST_METHOD", "GET"), path, preview)
        headers = [("Content-Type", response.content_type), ("Cache-Control", cache_control(path, response))]
        headers += [("Location", response.location)] if response.location else []
        start_response(response.status, headers)
        return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else response.body]
    return app


def preview_folder(root: Path) -> Path:
    """Where the preview builds and serves from: a folder of its own below .cache/, so that output/ holds
    only what `build` wrote (no drafts, no local address, no looser policy to publish by mistake)."""
    return root / PREVIEW_DIR


def serve(root: Path, host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> int:
    """Build with drafts into .cache/preview/, serve it at http://host:port/, rebuild and reload on each change."""
    root = root.resolve()
    output = preview_folder(root)
    problem = _listen_problem(host, port)
    if problem:
        print(problem, flush=True)
        return 1
    address = f"http://{f'[{host}]' if ':' in host else host}:{port}/"
    preview = Preview(BuildRequest(root=root, output=output, base_url=address, drafts=True, dev=True,
                                   memo=BuildMemo()))
    preview.rebuild()
    server = Server(app=make_app(preview))
    _watch(server, root, preview)
    _quiet_logs()
    print(say("Preview with drafts: {address}  (its files are in {folder}/, never in output/; watching content/,"
              " templates/, {config}; Ctrl+C stops)", address=address, folder=PREVIEW_DIR, config=CONFIG_FILE),
          flush=True)
    print(say("Translations and what changed in their originals: {address}",
              address=address + OVERVIEW_ROUTE.lstrip("/")), flush=True)
    try:
        server.serve(port=port, host=host, debug=False)
    except OSError as exc:
        print(say("cannot listen on {host}:{port}: {reason}: choose another port with --port", host=host, port=port,
                  reason=exc.strerror or exc), flush=True)
        return 1
    return 0


def _listen_problem(host: str, port: int) -> str | None:
    """Why the server could not listen there, found before building (the server still reports a lost race)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.create_server((host, port), family=family):
            return None
    except OSError as exc:
        reason = msg("it is in use (another preview?)") if exc.errno == errno.EADDRINUSE else (exc.strerror or str(exc))
        return say("cannot listen on {host}:{port}: {reason}: choose another port with --port or another --host",
                   host=host, port=port, reason=reason)


def _watch(server: Server, root: Path, preview: Preview) -> None:
    def on_change() -> None:
        # No garbage collection in the middle of a build the editor waits for (this process holds the memo:
        # a full collection walks it all); one a second later instead, when the browser has reloaded.
        gc.disable()
        try:
            preview.rebuild()
        finally:
            gc.enable()
        # Reload now rather than on livereload's 3-second throttle, so a fix saved right after an error shows.
        LiveReloadHandler.reload_waiters("*")
        IOLoop.current().call_later(1.0, gc.collect)

    if _hear_saves(root, on_change):
        # livereload's own polling (every 800 ms it would stat every watched file) looks at one file and
        # never acts: without a task of its own it would watch the whole folder, output/ included.
        server.watch(str(root / CONFIG_FILE), lambda: None, delay="forever")
        return
    for name in WATCHED:
        server.watch(str(root / name), on_change)


def _hear_saves(root: Path, on_change) -> bool:
    """Rebuild and reload as soon as inotify hears a save (Linux): a saved file shows in the browser in
    the time of a build. False where inotify is not available: livereload's polling then does the work."""
    paths = [root / name for name in WATCHED]
    try:
        ears = Inotify([p for p in paths if p.is_dir()], [p for p in paths if not p.is_dir()])
    except OSError:
        return False
    loop = IOLoop.current()
    pending = []

    def look_now() -> None:
        pending.clear()
        on_change()

    def on_event(fd, events) -> None:
        if ears.changed() and not pending:
            pending.append(loop.call_later(0.003, look_now))  # an editor's save is several events, all within a few ms
    loop.add_handler(ears.fileno(), on_event, IOLoop.READ)
    return True


def _quiet_logs() -> None:
    """The terminal shows the build's own lines; of the server's, only failed requests and real trouble."""
    logging.getLogger("tornado.access").setLevel(logging.WARNING)
    logging.getLogger("livereload").addFilter(lambda record: record.levelno >= logging.WARNING)
