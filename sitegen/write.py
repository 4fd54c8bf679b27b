"""Writing the rendered site: each changed file replaced atomically, stale files removed, nothing half-written."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import WARNING, BuildFailed, Problem
from .messages import msg

MANIFEST = ".sitegen-manifest.json"
STAGING_PREFIX = ".sitegen-staging-"


@dataclass(frozen=True)
class WriteStats:
    written: int
    unchanged: int
    removed: int      # files of earlier builds no longer produced, and with --clean the strays


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextmanager
def output_lock(out_dir: Path, label: str):
    """One build at a time writes an output folder: a lock on the folder itself (flock), which the system
    lets go when the build ends, even killed, so a lock never outlives its build. A second build stops with
    a one-line problem naming the first one's process; nothing is written in the folder for the lock."""
    try:
        import fcntl
    except ImportError:  # no flock (Windows): one build at a time is then the editor's care
        yield
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(out_dir, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _lock_holder(os.fstat(fd))
            raise BuildFailed([Problem(label, 1, msg("another build is writing {label}/ (pid {pid}): wait for it to"
                                                     " end, then build again", label=label, pid=holder))]) from None
        except OSError:  # a file system without locks: build as before
            pass
        yield
    finally:
        os.close(fd)  # lets the lock go


def _lock_holder(info: os.stat_result) -> str:
    """The process holding the flock of a folder, from /proc/locks (Linux), or "unknown"."""
    inode = f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as locks:
            for line in locks:
                fields = line.split()
                if "FLOCK" in fields and inode in fields:
                    return fields[fields.index(inode) - 1]
    except OSError:
        pass
    return "unknown"


class StagedOutput:
    """The output folder of one build, filled file by file as pages are rendered (so they need not all be
    held in memory) and changed only by `commit()`: changed files wait in a staging folder inside it and
    are renamed into place at the end; a build that fails (or `discard()`) leaves the folder as it was.
    With `write=False` nothing touches the disk: only the paths and hashes are kept."""

    def __init__(self, out_dir: Path, write: bool = True):
        self.out_dir, self.write = out_dir, write
        self.previous = _read_manifest(out_dir) if write else {}  # a dry run looks at nothing on disk
        for leftover in out_dir.glob(STAGING_PREFIX + "*") if write else ():  # from a build that was killed
            _remove_leftover(leftover)
        # Every file in the output now (one walk, no stat per page): what is kept, and what no build wrote.
        self.existing = files_in(out_dir) if write else set()
        self.current: dict[str, str] = {}
        self._staged: list[str] = []
        self._staging: Path | None = None
        self._folders: set[str] = set()   # staging folders made already

    def __enter__(self) -> "StagedOutput":
        return self

    def __exit__(self, *exc_info) -> None:
        self.discard()

    def keep_if_unchanged(self, path: str, data_digest: str) -> bool:
        """True (and the file kept) when the output already holds exactly these bytes at `path`."""
        if self.previous.get(path) != data_digest or path not in self.existing:
            return False
        self.current[path] = data_digest
        return True

    def add(self, path: str, data: bytes) -> str:
        """Record one output file; stage it if its bytes changed. Returns its SHA-256."""
        data_digest = digest(data)
        if not self.keep_if_unchanged(path, data_digest):
            self.current[path] = data_digest
            if self.write:
                self._stage(path, data)
        return data_digest

    def prepare(self) -> None:
        """Make the staging folder now: processes forked after this stage their files into it."""
        if self.write and self._staging is None:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self._staging = Path(tempfile.mkdtemp(dir=self.out_dir, prefix=STAGING_PREFIX))

    def changes(self) -> tuple[dict[str, str], list[str]]:
        """What this stage recorded (in a forked process: for the main process to `merge`)."""
        return dict(self.current), list(self._staged)

    def merge(self, changes: tuple[dict[str, str], list[str]]) -> None:
        """Take what a forked process staged into the same staging folder."""
        current, staged = changes
        self.current.update(current)
        self._staged = sorted(set(self._staged) | set(staged))

    def strays(self) -> list[str]:
        """The files in the output that no build of ours wrote (nor this one will): they would be published."""
        return sorted(self.existing - set(self.current) - set(self.previous))

    def commit(self, clean: bool = False) -> WriteStats:
        """Move every staged file into place, remove the files of earlier builds no longer produced, and
        with `clean` the strays too (each one only: a symbolic link is removed, never followed)."""
        if not self.write:
            return WriteStats(0, len(self.current), 0)
        # The manifest is written before anything moves: a full disk stops the build with the output intact.
        self.prepare()
        manifest = os.path.join(self._staging, MANIFEST)
        _write_new(manifest, json.dumps(self.current, indent=0, sort_keys=True).encode())
        self._move_staged()
        stale = sorted(set(self.previous) - set(self.current)) + (self.strays() if clean else [])
        for path in stale:
            _remove(self.out_dir, path)
        os.replace(manifest, self.out_dir / MANIFEST)
        stats = WriteStats(len(self._staged), len(self.current) - len(self._staged), len(stale))
        self._staged = []
        self.discard()
        return stats

    def discard(self) -> None:
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None
        self._staged = []

    def _stage(self, path: str, data: bytes) -> None:
        self.prepare()
        folder = path.rpartition("/")[0]
        if folder and folder not in self._folders:
            (self._staging / folder).mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)
        _write_new(os.path.join(self._staging, path), data)
        self._staged.append(path)

    def _move_staged(self) -> None:
        """Rename each staged file into place; a folder the output does not have yet (all of them in a
        first build) moves at once, with everything staged in it."""
        moved: set[str] = set()
        for path in self._staged:
            parts = path.split("/")
            folders = ["/".join(parts[:depth]) for depth in range(1, len(parts))]
            if any(folder in moved for folder in folders):
                continue
            new = next((folder for folder in folders if not (self.out_dir / folder).is_dir()), None)
            if new is not None:
                (self.out_dir / new).parent.mkdir(parents=True, exist_ok=True)
                os.replace(self._staging / new, self.out_dir / new)
                moved.add(new)
            else:
                os.replace(self._staging / path, self.out_dir / path)


def manifest_digest(out_dir: Path) -> str:
    """The hash of an output folder's manifest ("" when it has none)."""
    try:
        return digest((out_dir / MANIFEST).read_bytes())
    except OSError:
        return ""


def outputs_present(out_dir: Path) -> bool:
    """The output folder holds exactly the files its manifest lists: none missing, none that no build wrote."""
    try:
        listed = json.loads((out_dir / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return files_in(out_dir) == set(listed)


def files_in(out_dir: Path) -> set[str]:
    """Every file below the output folder as a path from it ("fr/index.html"), symbolic links and other
    non-folders included but never followed; the manifest and staging folders left out."""
    found: set[str] = set()

    def walk(path: str, prefix: str) -> None:
        try:
            entries = list(os.scandir(path))
        except (FileNotFoundError, NotADirectoryError):
            return
        for entry in entries:
            if not prefix and (entry.name == MANIFEST or entry.name.startswith(STAGING_PREFIX)):
                continue
            if entry.is_dir(follow_symlinks=False):
                walk(entry.path, f"{prefix}{entry.name}/")
            else:
                found.add(prefix + entry.name)
    walk(os.fspath(out_dir), "")
    return found


def find_strays(out_dir: Path, produced) -> list[str]:
    """The files of an output folder of ours that neither its last build nor one producing `produced` wrote
    (`check` looks, writing nothing); none for a folder without a manifest (a build refuses it anyway)."""
    try:
        listed = json.loads((out_dir / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return []
    return sorted(files_in(out_dir) - set(listed) - set(produced))


def stray_problems(label: str, strays: list[str]) -> list[Problem]:
    """A warning for each file of the output (`label`: its name as the editor knows it) no build wrote."""
    return [Problem(f"{label}/{path}", 1, msg("this file was not written by the build but would be published with"
                                              " the site: delete it, or build with --clean"), WARNING)
            for path in strays]


def _read_manifest(out_dir: Path) -> dict[str, str]:
    manifest = out_dir / MANIFEST
    if manifest.is_file():
        try:
            return json.loads(manifest.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
    if out_dir.exists() and any(p for p in out_dir.iterdir() if not p.name.startswith(STAGING_PREFIX)):
        raise BuildFailed([Problem(str(out_dir), 1, msg("this output folder holds files this tool did not write:"
                                                        " empty it or choose another with --output"))])
    return {}


def _write_new(path: str, data: bytes) -> None:
    """Write a staged file with a few system calls (thousands per build): no buffering, no path looked up
    twice; mode 0644, readable by the web server whatever the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o644)
    try:
        os.fchmod(fd, 0o644)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def replace_files(changes: dict[Path, bytes]) -> None:
    """Write several files so that a failure changes none: each is written beside its target first, and
    only when all are written are they renamed into place."""
    temporaries = []
    try:
        for target, data in changes.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            temporaries.append((temporary, target))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.chmod(temporary, 0o644)
    except BaseException:
        for temporary, _ in temporaries:
            Path(temporary).unlink(missing_ok=True)
        raise
    for temporary, target in temporaries:
        os.replace(temporary, target)


def replace_file(target: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: readers see the old or the new file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # Named as staging is: a build killed before the rename leaves nothing the next one does not remove.
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=STAGING_PREFIX)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _remove_leftover(path: Path) -> None:
    """A staging folder or file a killed build left behind."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _remove(out_dir: Path, path: str) -> None:
    """Remove one file of the output, and the folders it leaves empty; never through a symbolic link
    (a folder of the output replaced by a link to elsewhere keeps what it leads to)."""
    target = out_dir / path
    folders = [parent for parent in target.parents if parent != out_dir and out_dir in parent.parents]
    if any(folder.is_symlink() for folder in folders):
        return
    target.unlink(missing_ok=True)
    for parent in target.parents:
        if parent == out_dir or not parent.is_dir() or any(parent.iterdir()):
            break
        parent.rmdir()
