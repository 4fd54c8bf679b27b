"""Texts cut into blocks (a paragraph, a heading, a list item, a table row, a front-matter field, a data text,
a UI string), each with its line and a fingerprint of what a reader sees: the unit of translation records."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

FIELD_NAMES = frozenset({"title", "summary", "description"})   # front-matter fields that are text to translate
FINGERPRINT_LENGTH = 16   # hex digits of a SHA-256: 64 bits, plenty for the blocks of one text


@dataclass(frozen=True)
class Block:
    """One block of a text: `field` names where it lives ("title", "summary", "body", a data path such as
    "sides.institutionnel.points.2", a UI string key), `kind` what it is ("paragraph", "h2", "ul", "ol",
    "row", "quote", "code", "reference", "text"), `text` its Markdown as written, without its structural
    marker (`## `, `- `, `> `) and with its lines joined by spaces; `line`..`end` its lines in its file."""
    field: str
    kind: str
    text: str
    line: int
    end: int

    @property
    def fingerprint(self) -> str:
        """What the text is, not where: a front-matter field by its name, a data text or UI string (which may
        move in its list) and a body block by their kind."""
        return fingerprint(self.field if self.field in FIELD_NAMES else self.kind, self.text)


# What renders the same, or is only typing: a typographic apostrophe, a no-break space, re-wrapping, the
# space before French ; : ! ? (the site adds its own), a cedilla the site shows as a comma below, the
# emphasis marker chosen (`_x_` or `*x*`).
_SAME_LETTERS = (("\u2019", "'"), ("\u2018", "'"), ("\u02bc", "'"),
                 ("ş", "ș"), ("ţ", "ț"), ("Ş", "Ș"), ("Ţ", "Ț"))
_SPACE_BEFORE_SIGN = re.compile(r" (?=[;:!?»])")
_SIGN = re.compile("[;:!?«»]")
_STRONG_UNDERSCORE = re.compile(r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)")
_EM_UNDERSCORE = re.compile(r"(?<![\w*])_(?=\S)(.+?)(?<=\S)_(?!\w)")


def normalize(text: str) -> str:
    """The text as a reader tells it apart: two texts equal here render the same. (Each step tests first
    whether it has anything to do: this runs for every block of every file parsed.)"""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    for typed, same in _SAME_LETTERS:
        if typed in text:
            text = text.replace(typed, same)
    text = " ".join(text.split())   # every kind of space (no-break ones too) and line end, as one space
    if "_" in text:
        text = _EM_UNDERSCORE.sub(r"*\1*", _STRONG_UNDERSCORE.sub(r"**\1**", text))
    if _SIGN.search(text):
        text = _SPACE_BEFORE_SIGN.sub("", text).replace("« ", "«")
    return text


def fingerprint(kind: str, text: str) -> str:
    return hashlib.sha256(f"{kind}\0{normalize(text)}".encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]


def signature(blocks) -> str:
    """One hash of a text's blocks, in no order: a moved block changes nothing, an edited one changes it."""
    return hashlib.sha256("\n".join(sorted(b.fingerprint for b in blocks)).encode()).hexdigest()[:FINGERPRINT_LENGTH]


_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_ITEM = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$")
_ROW = re.compile(r"^\s*\|")
_ROW_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_QUOTE = re.compile(r"^\s{0,3}>\s?(.*)$")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S")


def markdown_blocks(body: str, first_line: int) -> list[Block]:
    """The blocks of a Markdown body whose first line is `first_line` of its file."""
    blocks: list[Block] = []
    current: list[str] = []       # the lines of the paragraph, item or quote being read
    kind, start = "", 0
    fence = ""

    def close(number: int) -> None:
        nonlocal current, kind
        if current:
            blocks.append(Block("body", kind, " ".join(part.strip() for part in current).strip(), start, number - 1))
        current, kind = [], ""

    lines = body.split("\n")
    for number, line in enumerate(lines, first_line):
        if fence:
            current.append(line)
            if _FENCE.match(line) and line.strip().startswith(fence):
                blocks.append(Block("body", "code", "\n".join(current), start, number))
                current, kind, fence = [], "", ""
            continue
        opening = _FENCE.match(line)
        if opening:
            close(number)
            fence, kind, start, current = opening.group(1), "code", number, [line]
            continue
        if not line.strip():
            close(number)
            continue
        if kind == "paragraph" and _SETEXT.match(line):   # the paragraph was a heading
            level = "h1" if line.strip().startswith("=") else "h2"
            blocks.append(Block("body", level, " ".join(p.strip() for p in current), start, number))
            current, kind = [], ""
            continue
        structural = _structural(line)
        if structural is None:
            if not current:
                kind, start = "paragraph", number
            current.append(line)
            continue
        close(number)
        new_kind, text = structural
        if new_kind in ("rule", "row-rule"):
            continue
        if new_kind in ("ul", "ol", "quote"):     # may go on over the next lines
            kind, start, current = new_kind, number, [text]
        else:
            blocks.append(Block("body", new_kind, text.strip(), number, number))
    close(first_line + len(lines))
    if fence and current:  # a fence never closed: the rest is code
        blocks.append(Block("body", "code", "\n".join(current), start, first_line + len(lines) - 1))
    return blocks


def _structural(line: str) -> tuple[str, str] | None:
    """(kind, text without its marker) for a line that starts a block of its own, else None."""
    heading = _HEADING.match(line)
    if heading:
        return f"h{len(heading.group(1))}", heading.group(2)
    if _RULE.match(line):
        return "rule", ""
    item = _ITEM.match(line)
    if item:
        return ("ol" if item.group(2)[0].isdigit() else "ul"), item.group(3)
    if _ROW.match(line):
        return ("row-rule", "") if _ROW_RULE.match(line) else ("row", line.strip())
    quote = _QUOTE.match(line)
    if quote:
        return "quote", quote.group(1)
    if _REFERENCE.match(line):
        return "reference", line.strip()
    return None


def localized_texts(value, codes: tuple[str, ...], path: str = "") -> list[tuple[str, dict]]:
    """Every `{fr: ..., ro: ...}` text of parsed YAML (yamlfile.parse_yaml), as (its path, {lang: (text, line)}):
    "intro", "sides.institutionnel.points.2" (a list item by its `id` when it has one, else its position)."""
    found: list[tuple[str, dict]] = []
    if isinstance(value, dict):
        if value and all(key in codes for key in value) and all(isinstance(v, str) for v in value.values()):
            lines = getattr(value, "lines", {})
            return [(path, {lang: (text, lines.get(lang, getattr(value, "line", 1))) for lang, text in value.items()})]
        for key, item in value.items():
            found += localized_texts(item, codes, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            name = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else index
            found += localized_texts(item, codes, f"{path}.{name}" if path else str(name))
    return found
