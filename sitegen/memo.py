"""What a long-running process (the preview) remembers from one build to the next, to redo less of it."""
from __future__ import annotations

from dataclasses import dataclass, field

from .cache import MemoryTable
from .load import FileIndex


@dataclass
class BuildMemo:
    """Owned by one process and handed to each of its builds (BuildRequest.memo); the CLI's one build
    has none. A checked file or the templates are found again only by the same bytes, like the cache's
    entries, and a file's hash only by an unchanged stat (load.py), so the build stays a full rebuild: it
    only skips reading, hashing and unpickling what it already holds, and making a Markdown instance."""
    # The page, news and lock files' hashes by their stat: a file whose stat is unchanged is not read again
    # to be hashed (a symbolic link is always read).
    files: FileIndex = field(default_factory=FileIndex)
    # {parsed-file key (keys.check_key): (Document, problems)}: the checked files, not read back from SQLite.
    checked: MemoryTable = field(default_factory=MemoryTable)
    # (page settings: keys.page_settings, jinja2.Environment): templates compiled once while they hold.
    environment: tuple = ()
    # A Markdown instance (markup.new_markdown), made once: an edit then renders its body at once.
    markdown: object = None
