"""Reading the site's sources from disk (the only module that reads content), with read problems as values."""
from __future__ import annotations

import hashlib
import os
import time
from stat import S_ISLNK, S_ISREG
from dataclasses import dataclass
from pathlib import Path

from .errors import NOTE, Problem
from .messages import msg

# Where the site's inputs are, below its root (the other modules take these names from here).
CONFIG_FILE = "site_config.yaml"
LOCK_FILE = "content/translations.lock"   # translation records (translations/records.py)

MAX_TEXT_BYTES = 1_000_000
MAX_FILE_BYTES = 20_000_000
MAX_LOCK_BYTES = 500_000_000   # the translation records hold the original text of every translated block
DATA_NAMES = ("contacts", "missions", "links")


@dataclass(frozen=True)
class SourceFile:
    path: str   # relative to the site root, with "/" separators
    text: str


@dataclass(frozen=True)
class SourceRef:
    """A page or news file known by its bytes' hash: its text is read again only when it must be parsed
    (a large site's texts are never all in memory at once)."""
    path: str   # relative to the site root
    digest: str  # SHA-256 of its bytes


@dataclass(frozen=True)
class Asset:
    path: str   # relative to its folder ("fiche.docx", "site.css")
    data: bytes


@dataclass(frozen=True)
class Sources:
    config: SourceFile | None
    pages: tuple[SourceRef, ...]
    news: tuple[SourceRef, ...]
    data: tuple[SourceFile, ...]
    strings: tuple[SourceFile, ...]
    files: tuple[Asset, ...]      # content/files/, offered for download
    assets: tuple[Asset, ...]     # templates/assets/, CSS and icons
    templates: dict               # template name -> text, for Jinja's DictLoader
    # content/translations.lock, what each translation was made from: only hashed, like pages (megabytes on
    # a large site, read when translations are tracked, never by a build with nothing to do)
    lock: SourceRef | None = None
    words: tuple[SourceFile, ...] = ()  # content/words/<lang>.txt: the site's own words (spelling.py)


class FileIndex:
    """What the page, news and lock files were when they were last hashed: {path: (stat, SHA-256)}, so that
    a file whose stat (times, size, inode) has not changed keeps its hash without being read. load_sources
    looks up and records; the build cache stores `changes()` for the next build, the preview keeps the
    index itself. Nothing else changes it."""

    def __init__(self, known: dict | None = None):
        self._known: dict = dict(known or {})
        self._changed: set[str] = set()     # paths recorded or forgotten since it was made

    def lookup(self, path: str, signature: tuple | None) -> str | None:
        """The file's hash if it was hashed with this very stat, else None."""
        entry = self._known.get(path)
        return entry[1] if signature is not None and entry is not None and entry[0] == signature else None

    def record(self, path: str, signature: tuple | None, digest: str | None) -> None:
        """The file as just hashed (`digest`), or forgotten (None: unreadable, or saved too recently to
        trust its stat)."""
        entry = (signature, digest) if digest is not None and signature is not None else None
        if self._known.get(path) != entry:
            self._changed.add(path)
            if entry is None:
                self._known.pop(path, None)
            else:
                self._known[path] = entry

    def keep_only(self, paths: set[str]) -> None:
        """Forget the files that are gone."""
        for path in set(self._known) - paths:
            self.record(path, None, None)

    def changes(self) -> tuple[dict, set[str]]:
        """({path: (stat, hash)} recorded, paths forgotten) since the index was made."""
        return ({path: self._known[path] for path in self._changed if path in self._known},
                {path for path in self._changed if path not in self._known})

    def entries(self) -> dict:
        return dict(self._known)


def load_sources(root: Path, index: FileIndex | None = None) -> tuple[Sources, list[Problem]]:
    """Read every input file of the site below `root`; unreadable files become problems. The page and
    news files are only hashed; with an `index`, one whose stat has not changed since it was hashed keeps
    its hash without being read (and the index learns the others)."""
    problems: list[Problem] = []
    config = _read_text(root, root / CONFIG_FILE, problems)
    content = root / "content"
    sources = Sources(
        config=config,
        pages=_hash_texts(root, content / "pages", problems, index),
        news=_hash_texts(root, content / "news", problems, index),
        data=_read_texts(root, content / "data", ".yaml", problems),
        strings=_read_texts(root, content / "strings", ".yaml", problems),
        files=_read_assets(root, content / "files", problems),
        assets=_read_assets(root, root / "templates" / "assets", problems),
        templates=_read_templates(root, problems),
        lock=_hash_file(root, LOCK_FILE, MAX_LOCK_BYTES, problems, index)
        if os.path.lexists(root / LOCK_FILE) else None,
        words=_read_texts(root, content / "words", ".txt", problems),
    )
    if index is not None:  # deleted files are forgotten
        index.keep_only({ref.path for ref in sources.pages + sources.news + (sources.lock,) if ref})
    return sources, problems


def _listing(root: Path, folder: Path, suffix: str, problems: list[Problem]) -> list[str]:
    """What is below `folder` with a name ending with `suffix`, as paths from it ("a/b.md"), in the order
    of their parts. Hidden names (any part starting with ".") are neither listed nor walked: each is noted
    once. A symbolic link to a folder is never followed: one leading outside its boundary (content/ for
    content) is an error, as is a folder that cannot be read. A folder named so is listed too (reading it
    is then a problem). (Path.rglob gives the same, with a Path object each: three times slower, for
    thousands of files at each build.)"""
    found: list[tuple[str, ...]] = []

    def walk(path: str, parts: tuple[str, ...]) -> None:
        try:
            entries = list(os.scandir(path))
        except (FileNotFoundError, NotADirectoryError):  # no such folder, or not one: nothing below it
            return
        except OSError as exc:
            problems.append(Problem(relative(root, Path(path)), 1, msg(
                "cannot read this folder ({reason}): its files are left out; make it readable",
                reason=exc.strerror or exc)))
            return
        for entry in entries:
            if entry.name.startswith("."):
                problems.append(_hidden(root, entry))
                continue
            if entry.name.endswith(suffix):
                found.append((*parts, entry.name))
            if entry.is_dir(follow_symlinks=False):
                walk(entry.path, (*parts, entry.name))
            elif entry.is_symlink() and (not suffix or not entry.name.endswith(suffix)):  # else read, and checked
                problems.extend(_folder_link_problems(root, Path(entry.path)))
    walk(os.fspath(folder), ())
    return ["/".join(parts) for parts in sorted(found)]


def _hidden(root: Path, entry: os.DirEntry) -> Problem:
    message = (msg("hidden folder (its name starts with \".\"): never read nor published")
               if entry.is_dir(follow_symlinks=False) else
               msg("hidden file (its name starts with \".\"): never read nor published"))
    return Problem(relative(root, Path(entry.path)), 1, message, NOTE)


def _folder_link_problems(root: Path, path: Path) -> list[Problem]:
    """A symbolic link that is not listed: one to a folder is an error when it leads outside its boundary,
    else a note (not followed); one that leads round in a circle is an error; one to a file says nothing."""
    rel, boundary = relative(root, path), _boundary(root, path)
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return []
    except (OSError, RuntimeError):  # RuntimeError: links that lead to each other, round in a circle
        return [Problem(rel, 1, msg("this symbolic link leads round in a circle: remove it"))]
    if not target.is_dir():
        return []
    if not _is_inside(target, boundary.resolve()):
        return [Problem(rel, 1, msg("this symbolic link to a folder points outside {folder}/: copy the folder in"
                                    " instead", folder=relative(root, boundary)))]
    return [Problem(rel, 1, msg("a symbolic link to a folder is not followed: its files are left out"), NOTE)]


def _read_texts(root: Path, folder: Path, suffix: str, problems: list[Problem]) -> tuple[SourceFile, ...]:
    found = (_read_text(root, folder / name, problems) for name in _listing(root, folder, suffix, problems))
    return tuple(f for f in found if f is not None)


RACY_NS = 2_000_000_000   # a file saved less than 2 s before it was hashed is hashed again next time


def _hash_texts(root: Path, folder: Path, problems: list[Problem],
                index: FileIndex | None) -> tuple[SourceRef, ...]:
    where = relative(root, folder)
    found = (_hash_file(root, f"{where}/{name}", MAX_TEXT_BYTES, problems, index)
             for name in _listing(root, folder, ".md", problems))
    return tuple(ref for ref in found if ref is not None)


def _hash_file(root: Path, rel: str, limit: int, problems: list[Problem], index: FileIndex | None) -> SourceRef | None:
    """A file known by its hash: with an `index`, one whose stat has not changed since it was hashed keeps
    its hash without being read."""
    signature = _signature(os.path.join(root, rel)) if index is not None else None
    known = index.lookup(rel, signature) if index is not None else None
    if known is not None:
        return SourceRef(rel, known)
    data = _read_bytes(root, root / rel, limit, problems)
    ref = SourceRef(rel, hashlib.sha256(data).hexdigest()) if data is not None else None
    if index is not None:
        # The stat is taken before reading: a save meanwhile changes it. A file saved just now may be
        # saved again within the file system's time resolution, the same size: not trusted yet.
        settled = signature is not None and time.time_ns() - max(signature[:2]) > RACY_NS
        index.record(rel, signature, ref.digest if ref is not None and settled else None)
    return ref


def _signature(path: str) -> tuple | None:
    """What changes when a file is saved: its times, size and inode (None for a symbolic link, or on error)."""
    try:
        stat = os.lstat(path)
    except OSError:
        return None
    return None if S_ISLNK(stat.st_mode) else (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino)


def read_source(root: Path, ref: SourceRef) -> tuple[SourceFile | None, list[Problem]]:
    """The text of a file hashed by load_sources, checked to be the one hashed: an editor may save
    between the two readings, and the build must not mix two versions of a file."""
    problems: list[Problem] = []
    data = _read_bytes(root, root / ref.path, MAX_LOCK_BYTES if ref.path == LOCK_FILE else MAX_TEXT_BYTES, problems)
    if data is not None and hashlib.sha256(data).hexdigest() != ref.digest:
        return None, [changed_during_build(ref.path)]
    return decode_source(ref.path, data) if data is not None else (None, problems)


def read_source_data(root: Path, ref: SourceRef) -> bytes | None:
    """The bytes of a file hashed by load_sources, never decoded (the lock file: megabytes, of which a build
    decodes only what it shows), with \n line ends and no BOM as decode_source gives a text (a checkout on
    Windows may have turned them into \r\n); None when it cannot be read, or changed since it was hashed."""
    data = _read_bytes(root, root / ref.path, MAX_LOCK_BYTES if ref.path == LOCK_FILE else MAX_TEXT_BYTES, [])
    if data is None or hashlib.sha256(data).hexdigest() != ref.digest:
        return None
    data = data.removeprefix(b"\xef\xbb\xbf")
    return data.replace(b"\r\n", b"\n") if b"\r" in data else data


def changed_during_build(path: str) -> Problem:
    return Problem(path, 1, msg("the file changed during the build: build again"))


def read_text_file(root: Path, path: str) -> tuple[SourceFile | None, list[Problem]]:
    """One text file of the site, by its path from the root."""
    problems: list[Problem] = []
    return _read_text(root, root / path, problems), problems


def _read_text(root: Path, path: Path, problems: list[Problem], limit: int = MAX_TEXT_BYTES) -> SourceFile | None:
    data = _read_bytes(root, path, limit, problems)
    if data is None:
        return None
    source, found = decode_source(relative(root, path), data)
    problems += found
    return source


def decode_source(path: str, data: bytes) -> tuple[SourceFile | None, list[Problem]]:
    """A text file's bytes as a SourceFile (UTF-8, no BOM, \n line ends), or the problem with them."""
    if not data.strip():
        return None, [Problem(path, 1, msg("the file is empty: write its content, or delete it"))]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(path, line, msg("the file is not UTF-8 text: save it as UTF-8 in your editor"))]
    return SourceFile(path, unix_lines(text.lstrip("\ufeff"))), []


def unix_lines(text: str) -> str:
    # The test first: replace() is slow on long non-Latin-1 text, and most files have no "\r".
    return text.replace("\r\n", "\n") if "\r" in text else text


def _read_assets(root: Path, folder: Path, problems: list[Problem]) -> tuple[Asset, ...]:
    assets = []
    for name in _listing(root, folder, "", problems):
        if (folder / name).is_dir():  # a folder (listed with what it holds): not a file to copy
            continue
        data = _read_bytes(root, folder / name, MAX_FILE_BYTES, problems)
        if data is not None:
            assets.append(Asset(name, data))
    return tuple(assets)


def _read_templates(root: Path, problems: list[Problem]) -> dict:
    folder = root / "templates"
    found = {}
    for name in _listing(root, folder, ".html", problems) + _listing(root, folder, ".xml", []):
        source = _read_text(root, folder / name, problems)
        if source is not None:
            found[name] = source.text
    return found


def _read_bytes(root: Path, path: Path, limit: int, problems: list[Problem]) -> bytes | None:
    rel = relative(root, path)
    if path.name == CONFIG_FILE and not path.exists():
        problems.append(Problem(rel, 1, msg("site_config.yaml is missing at the top of the site")))
        return None
    if path.is_symlink() and not _link_inside(root, path, rel, problems):
        return None
    try:
        # One open for the kind, the size and the bytes, unbuffered (no terminal check): thousands of files
        # per build. Non-blocking: a named pipe would otherwise wait for a writer, forever.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        try:
            info = os.fstat(fd)
            if not S_ISREG(info.st_mode):
                problems.append(Problem(rel, 1, msg("this is a folder, a pipe or a device, not a file: remove it")))
            elif info.st_size > limit:
                problems.append(Problem(rel, 1, msg("the file is too large ({size} bytes; the limit is {limit})",
                                                    size=format(info.st_size, ","), limit=format(limit, ","))))
            else:
                with open(fd, "rb", buffering=0, closefd=False) as stream:
                    return stream.read()
            return None
        finally:
            os.close(fd)
    except OSError as exc:
        problems.append(Problem(rel, 1, msg("cannot read the file: {reason}", reason=exc.strerror or exc)))
        return None


def _link_inside(root: Path, path: Path, rel: str, problems: list[Problem]) -> bool:
    """Whether a symbolic link leads to a file inside its boundary; if not, the problem is added."""
    boundary = _boundary(root, path)
    try:
        if _is_inside(path.resolve(), boundary.resolve()):
            return True
        problems.append(Problem(rel, 1, msg("this symbolic link points outside {folder}/: copy the file in instead",
                                            folder=relative(root, boundary))))
    except (OSError, RuntimeError):  # RuntimeError: links that lead to each other, round in a circle
        problems.append(Problem(rel, 1, msg("this symbolic link leads round in a circle: replace it with the file")))
    return False


def _boundary(root: Path, path: Path) -> Path:
    """Where a symbolic link may point: inside content/ for content, inside the site for the rest."""
    return root / "content" if _is_inside(path, root / "content") else root


def _is_inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def relative(root: Path, path: Path) -> str:
    base, text = os.fspath(root), os.fspath(path)
    if text.startswith(base + os.sep):  # the usual case, by text: Path.relative_to is slow on thousands of files
        return text[len(base) + 1:].replace(os.sep, "/")
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return text
