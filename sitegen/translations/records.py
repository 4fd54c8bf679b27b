"""content/translations.lock: what each translation was made from, block by block (read and written here)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..errors import Problem
from ..messages import msg
from .blocks import Block

LOCK_FILE = "content/translations.lock"
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
    line: int                       # of the entry's first line in the lock file
    text: str = ""                  # its block lines, as written

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
        return [line for line in self.text.split("\n") if line]


def record_of(key: str, original: str, blocks: list[Block], signature: str) -> Record:
    lines = "".join(f"{b.field} {b.kind} {b.fingerprint} {json.dumps(b.text, ensure_ascii=False)}\n" for b in blocks)
    return Record(key, original, signature, 0, lines)


@lru_cache(maxsize=1)   # the preview builds again and again with the same records
def parse_records(text: str, path: str = LOCK_FILE) -> tuple[dict[str, Record], list[Problem]]:
    """{translation key: Record} of a lock file's text; a damaged entry is a problem (and left out). The
    result is shared: not to be changed (`record` copies it)."""
    records, problems = {}, []
    number = 0
    for chunk in text.split("\n["):
        start = number + 1
        number += chunk.count("\n") + 1
        if chunk.startswith("#") or not chunk.strip():
            continue
        lines = chunk.lstrip("[").split("\n", 3)   # the block lines are split only when a change is shown
        if not _is_entry(lines):
            problems.append(Problem(path, start, msg("this translation record is damaged: restore the file from"
                                                     " git, or run `python build.py translation done` again")))
            continue
        key = lines[0].removesuffix("]")
        records[key] = Record(key, lines[1].removeprefix("original: "), lines[2].removeprefix("signature: "),
                              start, lines[3] if len(lines) > 3 else "")
    return records, problems


def _is_entry(lines: list[str]) -> bool:
    return (len(lines) >= 3 and lines[0].endswith("]") and lines[1].startswith("original: ")
            and lines[2].startswith("signature: "))


def format_records(records: dict[str, Record]) -> str:
    """The lock file's text: entries sorted by translation, one block a line, stable from run to run."""
    parts = [HEADER]
    for key in sorted(records):
        record = records[key]
        parts.append(f"\n[{key}]\noriginal: {record.original}\nsignature: {record.signature}\n")
        parts.append("".join(line + "\n" for line in record.lines))
    return "".join(parts)
