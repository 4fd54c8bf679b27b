"""content/translations.lock: what each translation was made from, block by block (read and written here)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..errors import Problem
from ..load import LOCK_FILE
from ..messages import msg
from .blocks import Block

HEADER = ("# Translation records: for each translation, the blocks of its original as they were when it was\n"
          "# last translated (fingerprint, place, text). Written by `python build.py translation done`:\n"
          "# do not edit by hand. Commit it with the content.\n")


@dataclass(frozen=True)
class RecordedBlock:
    field: str
    kind: str
    fingerprint: str
    text: str


@dataclass(frozen=True)
class Record:
    """One translation's entry: `key` is the translation's path (with `#lang` for a file holding every
    language: a data file, the config), `original` its original's, `signature` blocks.signature of the
    original's blocks then. The blocks are parsed from `lines` only when a change must be shown."""
    key: str
    original: str
    signature: str
    source: bytes = b""             # the bytes its block lines are in (the whole lock file: not copied)
    start: int = 0                  # where they are in `source`
    end: int = 0

    @cached_property
    def blocks(self) -> tuple[RecordedBlock, ...]:
        """The recorded blocks; a damaged line is left out (the whole record then looks changed)."""
        found = []
        for line in self.lines:
            try:
                field, kind, fingerprint, text = line.split(" ", 3)
                found.append(RecordedBlock(field, kind, fingerprint, json.loads(text)))
            except ValueError:
                continue
        return tuple(found)

    @property
    def lines(self) -> list[str]:
        text = self.source[self.start:self.end].decode("utf-8", "replace")  # a damaged line: left out above
        return [line for line in text.split("\n") if line]


def record_of(key: str, original: str, blocks: list[Block], signature: str) -> Record:
    lines = "".join(f"{b.field} {b.kind} {b.fingerprint} {json.dumps(b.text, ensure_ascii=False)}\n"
                    for b in blocks).encode("utf-8")
    return Record(key, original, signature, lines, 0, len(lines))


@lru_cache(maxsize=1)   # the preview builds again and again with the same records
def parse_records(data: bytes, path: str = LOCK_FILE) -> tuple[dict[str, Record], list[Problem]]:
    """{translation key: Record} of a lock file's bytes; a damaged entry is a problem (and left out). The
    result is shared: not to be changed (`record` copies it). The file stays bytes: its block texts are
    decoded only for a record whose changes must be shown (a large site's lock file is megabytes, and
    Romanian text takes two bytes a character once decoded)."""
    records, problems = {}, []
    position = 0
    # Entry by entry, by their offsets: never copied (nor their lines counted, but for a damaged entry's).
    while position < len(data):
        following = data.find(b"\n[", position)
        end = len(data) if following < 0 else following + 1
        if data.startswith(b"[", position):
            record = _record(data, position, end)
            if record is None:
                line = data.count(b"\n", 0, position) + 1
                problems.append(Problem(path, line, msg("this translation record is damaged: restore the file"
                                                        " from git, or run `python build.py translation done`"
                                                        " again")))
            else:
                records[record.key] = record
        position = end
    return records, problems


def forget_records() -> None:
    """Let the last lock file's bytes and records go: a one-off build, once its translations are tracked
    (a large site's lock file is tens of megabytes; the preview and the translation commands keep them)."""
    parse_records.cache_clear()


def _record(data: bytes, start: int, end: int) -> Record | None:
    """The entry whose bytes are data[start:end], or None when it is damaged."""
    second = data.find(b"\n", start, end) + 1
    third = data.find(b"\n", second, end) + 1 if second else 0
    blocks = (data.find(b"\n", third, end) + 1 or end) if third else end
    try:
        first = data[start:second - 1 if second else end].decode("utf-8")
        original, signature = data[second:third - 1].decode("utf-8"), data[third:blocks - 1].decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not (first.endswith("]") and second and third and original.startswith("original: ")
            and signature.startswith("signature: ")):
        return None
    return Record(first[1:-1], original.removeprefix("original: "), signature.removeprefix("signature: "),
                  data, blocks, end)


def format_records(records: dict[str, Record]) -> str:
    """The lock file's text: entries sorted by translation, one block a line, stable from run to run."""
    parts = [HEADER]
    for key in sorted(records):
        record = records[key]
        parts.append(f"\n[{key}]\noriginal: {record.original}\nsignature: {record.signature}\n")
        parts.append("".join(line + "\n" for line in record.lines))
    return "".join(parts)
