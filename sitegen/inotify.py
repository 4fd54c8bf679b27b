"""Linux inotify through ctypes: the dev server hears a save at once, instead of at its next 800 ms poll."""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import struct
from pathlib import Path

_IN_NONBLOCK, _IN_CLOEXEC = 0o4000, 0o2000000
_IN_ISDIR, _IN_Q_OVERFLOW = 0x40000000, 0x4000
_IN_CREATE, _IN_MOVED_TO = 0x100, 0x80
# A file written, created, deleted or renamed; its metadata too (touch, chmod); the folder itself gone.
_EVENTS = 0x2 | 0x4 | 0x8 | 0x40 | 0x80 | 0x100 | 0x200 | 0x400 | 0x800
_HEADER = struct.Struct("iIII")  # wd, mask, cookie, len (struct inotify_event)


class Inotify:
    """Watches folders (with their sub-folders, new ones included) and single files by name.

    `fileno()` becomes readable when something changed; `changed()` then reads the events and says
    whether any concerns a watched path. Raises OSError where inotify does not exist (not Linux)."""

    def __init__(self, folders: list[Path], files: list[Path]):
        libc_name = ctypes.util.find_library("c")
        self._libc = ctypes.CDLL(libc_name, use_errno=True)
        if not hasattr(self._libc, "inotify_init1"):
            raise OSError("inotify is not available here")
        self._fd = self._libc.inotify_init1(_IN_NONBLOCK | _IN_CLOEXEC)
        if self._fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        self._folders: dict[int, Path] = {}
        self._names: dict[int, set[str]] = {}   # watched folders that count only for some names
        for folder in folders:
            self._watch_tree(folder)
        for file in files:  # watched through its folder: an editor's save may replace the file itself
            wd = self._add(file.parent)
            if wd is not None and wd not in self._folders:
                self._names.setdefault(wd, set()).add(file.name)

    def fileno(self) -> int:
        return self._fd

    def close(self) -> None:
        os.close(self._fd)

    def changed(self) -> bool:
        """Read every pending event; True if one is about a watched file or folder."""
        changed = False
        while True:
            try:
                data = os.read(self._fd, 65536)
            except BlockingIOError:
                return changed
            for wd, mask, name in _events(data):
                if mask & _IN_Q_OVERFLOW:
                    changed = True
                elif wd in self._folders:
                    changed = True
                    if mask & _IN_ISDIR and mask & (_IN_CREATE | _IN_MOVED_TO):
                        self._watch_tree(self._folders[wd] / name)
                elif name in self._names.get(wd, ()):
                    changed = True

    def _watch_tree(self, folder: Path) -> None:
        for path, _, _ in os.walk(folder):
            wd = self._add(Path(path))
            if wd is not None:
                self._folders[wd] = Path(path)
                self._names.pop(wd, None)

    def _add(self, folder: Path) -> int | None:
        wd = self._libc.inotify_add_watch(self._fd, os.fsencode(folder), _EVENTS)
        return wd if wd >= 0 else None


def _events(data: bytes):
    offset = 0
    while offset + _HEADER.size <= len(data):
        wd, mask, _, length = _HEADER.unpack_from(data, offset)
        raw = data[offset + _HEADER.size: offset + _HEADER.size + length]
        yield wd, mask, os.fsdecode(raw.rstrip(b"\0"))
        offset += _HEADER.size + length
