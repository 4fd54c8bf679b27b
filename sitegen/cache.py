"""The build cache: results stored under a hash of everything they depend on, in one file safe to delete."""
from __future__ import annotations

import hashlib
import importlib.util
import os
import sqlite3
from functools import lru_cache
from pathlib import Path

from .messages import msg

CACHE_DIR = ".cache"
CACHE_FILE = "build.sqlite"
SITEGEN = Path(__file__).resolve().parent
CANNOT_WRITE = "the build cache cannot be written"
TABLES = ("bodies", "pages", "builds", "documents", "files", "page_records")


class CacheTable:
    """One kind of entry: {key: text}, the keys held in memory, the texts read when asked for."""

    def __init__(self, db: sqlite3.Connection, name: str, keys: set[str] | None = None,
                 troubles: list[str] | None = None):
        self._db, self._name = db, name
        self._troubles = troubles if troubles is not None else []  # the cache's own list (MarkdownCache)
        if keys is None:
            db.execute(f"CREATE TABLE IF NOT EXISTS {name} (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")
        # Given keys are a forked process's own copy (reopened): used as they are, not copied again.
        self._keys = keys if keys is not None else {key for (key,) in db.execute(f"SELECT key FROM {name}")}

    def reopened(self, db: sqlite3.Connection) -> "CacheTable":
        return CacheTable(db, self._name, self._keys, self._troubles)

    def has(self, key: str) -> bool:
        return key in self._keys

    def keys(self) -> set[str]:
        return set(self._keys)

    def get(self, key: str) -> str | None:
        row = self._db.execute(f"SELECT value FROM {self._name} WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def get_many(self, keys: list[str]) -> dict[str, str]:
        """{key: text} for those of `keys` that are stored, read in a few queries."""
        found, wanted = {}, [key for key in keys if key in self._keys]
        for start in range(0, len(wanted), 500):  # SQLite's limit on parameters is 32,766 or less
            batch = wanted[start:start + 500]
            found.update(self._db.execute(f"SELECT key, value FROM {self._name} WHERE key IN"
                                          f" ({','.join('?' * len(batch))})", batch))
        return found

    def get_all(self) -> dict[str, str]:
        return dict(self._db.execute(f"SELECT key, value FROM {self._name}"))

    def put_many(self, entries: list[tuple[str, str]]) -> None:
        """Store (key, text) pairs, committed together (or not at all, said once, when the file is locked
        or unwritable: a cache that cannot keep a result only costs the time to make it again)."""
        if self._cannot_keep():
            return
        try:
            with self._db:
                self._db.executemany(f"INSERT OR REPLACE INTO {self._name} (key, value) VALUES (?, ?)", entries)
        except sqlite3.Error as exc:
            self._cannot_write(exc)
            return
        self._keys.update(key for key, _ in entries)

    def _cannot_write(self, exc: sqlite3.Error) -> None:
        if not self._cannot_keep():
            self._troubles.append(msg("the build cache cannot be written ({reason}): this build goes on without"
                                      " keeping its results", reason=exc))

    def _cannot_keep(self) -> bool:
        """A write failed already in this build: waiting again for each of the others would only cost time."""
        return any(trouble.startswith(CANNOT_WRITE) for trouble in self._troubles)   # English: a Msg is its text

    def keep_only(self, keys: set[str]) -> int:
        """Delete the entries this build did not use: the cache stays the size of the site."""
        stale = self._keys - keys
        if stale and not self._cannot_keep():
            try:
                with self._db:
                    self._db.executemany(f"DELETE FROM {self._name} WHERE key = ?", ((key,) for key in stale))
            except sqlite3.Error as exc:
                self._cannot_write(exc)
                return 0
            self._keys -= stale
        return len(stale)


class ReadAhead:
    """The entries of one cache table (bodies, page records), read a batch at a time in the
    order they are asked for: one query, not one per entry, and never the whole table in memory."""

    def __init__(self, table: CacheTable, order: list[str], batch: int):
        self._table, self._order, self._batch = table, order, batch
        self._position = {key: index for index, key in enumerate(order)}
        self._buffer: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        if key in self._buffer:
            return self._buffer.pop(key)
        if not self._table.has(key):  # not stored: no query (a cold build asks for every page's record)
            return None
        if key not in self._position:  # a document outside the list: on its own
            return self._table.get(key)
        start = self._position[key]
        self._buffer = self._table.get_many(self._order[start:start + self._batch])
        return self._buffer.pop(key, None)


class MemoryTable:
    """A CacheTable's interface in memory, holding objects rather than texts: what the preview keeps from
    one build to the next (memo.BuildMemo), in front of the cache file."""

    def __init__(self):
        self._entries: dict = {}

    def has(self, key: str) -> bool:
        return key in self._entries

    def get(self, key: str):
        return self._entries.get(key)

    def put_many(self, entries) -> None:
        self._entries.update(entries)

    def keep_only(self, keys: set[str]) -> int:
        stale = self._entries.keys() - keys
        for key in stale:
            del self._entries[key]
        return len(stale)


class MarkdownCache:
    """The build's cache, passed down explicitly: `bodies` maps a key to a body's rendered HTML, `pages` maps
    a key to the SHA-256 of a rendered page, `page_records` what making a page read (outputs.PageRecord,
    pickled), `documents` maps a key to a parsed and checked source file (pickled), `builds` maps the key
    of a whole build (all its sources, options and code) to its report and the hash of the manifest it
    wrote, and `files` maps a page or news file's path to its stat and hash (load.FileIndex: a file whose
    stat is unchanged is not read again to be hashed).

    Each key (but `files`'s) is a hash of all the inputs of its result, made by keys.py and starting with
    the generator's code and packages, so an entry can only be found again by the same input: a stale entry is never
    used, and deleting the file only costs the time to render again. It lives in `path` (one SQLite file:
    creating thousands of small files is slow) or, when `path` is None, in memory for one build.
    """

    def __init__(self, path: Path | None):
        # path None: in memory (asked for, or the file cannot be used); `troubles`: what to tell the editor.
        self._db, self.path, trouble = _open(path)
        self.troubles: list[str] = [trouble] if trouble else []
        for name in TABLES:
            setattr(self, name, CacheTable(self._db, name, troubles=self.troubles))

    def reopened(self) -> "MarkdownCache":
        """The same cache over a new connection, for a forked process (a SQLite connection must not be
        used on both sides of a fork); the keys are known already, not read again. In memory (path None),
        an empty cache of the process's own."""
        if self.path is None:
            return MarkdownCache(None)
        try:
            db = _connect(str(self.path))
        except sqlite3.Error:  # unreadable since: this process builds without the cache
            return MarkdownCache(None)
        other = object.__new__(MarkdownCache)
        other.path, other._db, other.troubles = self.path, db, []
        for name in TABLES:
            setattr(other, name, getattr(self, name).reopened(other._db))
        return other

    def file_digests(self) -> dict:
        """{source path: (stat, SHA-256)} as load.FileIndex holds them (the `files` table)."""
        found = {}
        for path, text in self.files.get_all().items():
            *numbers, sha = text.split(" ")
            found[path] = (tuple(int(n) for n in numbers), sha)
        return found

    def store_file_digests(self, changes: tuple[dict, set[str]]) -> None:
        """Keep what load.FileIndex.changes() gives (entries recorded, paths forgotten) for the next build."""
        recorded, forgotten = changes
        if recorded:
            self.files.put_many([(path, " ".join([*map(str, stat), sha])) for path, (stat, sha) in recorded.items()])
        if forgotten:
            self.files.keep_only(self.files.keys() - forgotten)

    @classmethod
    def in_site(cls, root: Path) -> "MarkdownCache":
        return cls(root / CACHE_DIR / CACHE_FILE)

    def close(self) -> None:
        self._db.close()


def digest(*parts: str | bytes) -> str:
    """The key of an entry: a hash of its parts, each length-prefixed so that no two splits collide."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(b"%d:" % len(data))
        hasher.update(data)
    return hasher.hexdigest()


@lru_cache(maxsize=16)  # the code and the installed packages do not change while a process runs
def code_fingerprint(*packages: str) -> str:
    """A hash of the generator's own code and of the installed versions of `packages` (e.g. "markdown"),
    found without importing them (start-up time): any change to the code that renders makes every entry miss.
    Every module counts, those of subpackages (translations/) too."""
    parts = [path.read_bytes() for path in sorted(SITEGEN.rglob("*.py"))]
    for name in packages:
        spec = importlib.util.find_spec(name)
        where = Path(spec.origin).parent.parent if spec and spec.origin else None
        # The distribution's metadata folder names the version: "Markdown-3.11.3.dist-info".
        found = sorted(n for n in os.listdir(where) if n.lower().startswith(f"{name}-") and
                       n.endswith((".dist-info", ".egg-info"))) if where and where.is_dir() else []
        # Else (PyYAML's is named after its distribution) the module's own file, which holds __version__.
        parts.append(f"{name}: {found}" if found else Path(spec.origin).read_bytes() if spec and spec.origin else name)
    return digest(*parts)


def _open(path: Path | None) -> tuple[sqlite3.Connection, Path | None, str]:
    """A connection to the cache file, its path, and what went wrong ("" when nothing did); in memory, with
    no path, when there can be no file."""
    if path is None:
        return _connect(":memory:"), None, ""
    where = f"{CACHE_DIR}/{path.name}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return _connect(str(path), timeout=2), path, ""
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):  # another process holds it: never delete it from under that process
            return _connect(":memory:"), None, msg("the build cache {where} is locked by another process: this"
                                                   " build goes on without it", where=where)
        damage = exc
    except (OSError, sqlite3.Error) as exc:
        damage = exc
    # A damaged file is only a cache: start again from an empty one (or in memory if unwritable).
    try:
        path.unlink(missing_ok=True)
        return _connect(str(path)), path, msg("the build cache {where} was damaged ({damage}): it was started"
                                              " again, empty (this build takes longer)", where=where, damage=damage)
    except (OSError, sqlite3.Error):
        return _connect(":memory:"), None, msg("the build cache {where} cannot be used ({damage}): this build goes on"
                                               " without it", where=where, damage=damage)


def _connect(name: str, timeout: float = 10) -> sqlite3.Connection:
    db = sqlite3.connect(name, timeout=timeout)
    db.execute("PRAGMA journal_mode=WAL")   # a build reading while the dev server writes does not wait
    db.execute("PRAGMA synchronous=NORMAL")  # a cache: losing the last write on power loss is harmless
    db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # a damaged file fails here, not later
    db.execute("PRAGMA busy_timeout = 10000")  # then a write waits up to 10 s for another process's
    return db
