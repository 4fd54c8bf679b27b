"""What a long-running process (the preview) remembers from one build to the next, to redo less of it."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class BuildMemo:
    """Owned by one process and handed to each of its builds (BuildRequest.memo); the CLI's one build
    has none. Each entry is found again only by the same input, like the cache's, so the build stays a full
    rebuild: it only skips reading and unpickling what it already holds."""
    # {source path: ((mtime_ns, ctime_ns, size, inode), SHA-256)}: a file whose stat is unchanged is not
    # read again to be hashed (a symbolic link is always read).
    digests: dict = field(default_factory=dict)
    # {parsed-file key (parsed.py): (Document, problems)}: the checked files, not read back from SQLite.
    checked: dict = field(default_factory=dict)
    # (hash of the templates, jinja2.Environment): templates compiled once while they do not change.
    environment: tuple = ()
