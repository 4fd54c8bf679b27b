"""XLIFF 1.2 for a translator's round trip: inline Markdown as protected codes, and the document.

A block's text (inline Markdown) becomes a Segment (to_segment): text runs a translator translates,
and codes that stand for the Markdown they must not change (link and image syntax and targets,
emphasis markers, code spans, escapes, inline HTML, autolinks, hard line breaks, footnote references,
attribute lists). Emphasis is paired as Python-Markdown pairs it. In the XLIFF a paired code is
`<g id="N">…</g>` (a link's text, an image's alt text, emphasized text, text inside an HTML tag pair)
and a lone code is `<x id="N"/>`: the Markdown behind a code is never written in the file.

Export: XliffUnit(source=to_segment(fr), target=align_target(ro, source) or None) -> write_document.
Import: read_document -> import_unit / to_markdown(target pieces, to_segment(current fr),
align_target(current ro, ...)): the target gives the order of text and codes, the current blocks give
back each code's Markdown by id; what comes out is read again, and any doubt is a message.

Whitespace: the line breaks of a wrapped paragraph are single spaces in the XLIFF, and an imported
target is written back as one line. Rewrapping could put a `-`, `1.`, `#` or `>` at the start of a
line, which Markdown then reads as a list, a heading or a quote; one line cannot. A target imported
unchanged gives back the block's text verbatim, wrapping included (is_unchanged, to_markdown).

Pure functions over frozen records; problems are values (messages, or errors.Problem with the line).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable, Union

import markdown
from lxml import etree

from .errors import Problem
from .messages import msg

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_NS = "http://www.w3.org/XML/1998/namespace"
OTHER_XLIFF_NAMESPACES = {
    "urn:oasis:names:tc:xliff:document:1.0": "1.0",
    "urn:oasis:names:tc:xliff:document:1.1": "1.1",
    "urn:oasis:names:tc:xliff:document:2.0": "2.0",
    "urn:oasis:names:tc:xliff:document:2.1": "2.1",
}
STATES = ("needs-translation", "needs-review-translation", "translated", "final", "signed-off")
# Every state XLIFF 1.2 defines (a translator's tool may set any of them); x-... values are allowed too.
XLIFF_STATES = STATES + ("new", "needs-adaptation", "needs-l10n", "needs-review-adaptation",
                         "needs-review-l10n")
# A final or signed-off translation is also approved="yes" (XLIFF 1.2: "passed its final review").
APPROVED_STATES = ("final", "signed-off")
DATATYPE = "x-markdown"

OPEN, CLOSE, SINGLE = "open", "close", "single"


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Code:
    """A protected piece: `id` is shared by the open and close of a pair; `markdown` is the exact
    Markdown it stands for ("" in pieces read from an XLIFF file: the source block supplies it)."""
    id: str
    kind: str
    role: str
    markdown: str = ""


Piece = Union[Text, Code]


@dataclass(frozen=True)
class Segment:
    """Pieces in order; `markdown` is the block text they came from ("" when read from XLIFF)."""
    pieces: tuple[Piece, ...]
    markdown: str = ""


@dataclass(frozen=True)
class XliffUnit:
    """One <trans-unit>; `state` is written on its <target>, so a unit without target has none."""
    id: str
    source: Segment
    target: Segment | None
    state: str | None
    notes: tuple[str, ...] = ()
    line: int = 0  # where the <trans-unit> is, when read from a file


@dataclass(frozen=True)
class XliffFile:
    original: str
    source_language: str
    target_language: str
    units: tuple[XliffUnit, ...] = field(default_factory=tuple)
    line: int = 0


# --- Markdown -> Segment ---------------------------------------------------------------------------

ESCAPABLE = set("\\`*_{}[]()>#+-.!")  # Python-Markdown's ESCAPED_CHARS
_WHITESPACE = re.compile(r"[ \t\r\n]+")
_LINE_BREAK = re.compile(r"[ \t]*\r?\n[ \t]*")
_HARD_BREAK = re.compile(r" {2,}\n")
_AUTOLINK = re.compile(r"<(?:(?:https?|ftp|mailto):[^>\s]*|[^>\s@]+@[^>\s@]+)>", re.I)
_HTML = re.compile(
    r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>",
    re.S)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # no XML 1.0 text
_REF = re.compile(r"\[([^\]\n]*)\]")
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
_ATTRIBUTE = r"(?:[#.][\w-]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s}]+))"  # #id, .class or key=value
_ATTR_LIST = re.compile(rf"\{{:?[ \t]*{_ATTRIBUTE}(?:[ \t]+{_ATTRIBUTE})*[ \t]*\}}")


class _Ids:
    """Numbers codes in the order their opening Markdown appears (1, 2, ...)."""

    def __init__(self) -> None:
        self.count = 0

    def next(self) -> str:
        self.count += 1
        return str(self.count)


def to_segment(markdown: str) -> Segment:
    """Split inline Markdown into text and codes; the pieces' text and Markdown, joined, give it back.

    Code ids are 1, 2, ... in the order the codes start. Emphasis is paired the way Python-Markdown
    pairs it (its own delimiter processor is asked), after code spans, escapes, links, images,
    autolinks, HTML and hard breaks, which it reads first."""
    pieces = _merge_text(_scan(markdown, 0, len(markdown), _Ids(), _Emphasis()))
    return Segment(_renumber(_pair_html(pieces)), markdown)


_HTML_OPEN = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)[^>]*(?<!/)>\Z")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def _pair_html(pieces: list[Piece]) -> list[Piece]:
    """An inline HTML tag and its closing tag around balanced pieces become one pair of codes
    (`<abbr title="…">ASI</abbr>` is <g>ASI</g>); other tags stay lone codes."""
    pieces = list(pieces)
    for i, piece in enumerate(pieces):
        m = _HTML_OPEN.match(piece.markdown) if isinstance(piece, Code) and piece.kind == "html" else None
        if m is None or piece.role != SINGLE or m.group(1).lower() in _VOID:
            continue
        j = _closing_tag(pieces, i, m.group(1).lower())
        if j is not None:
            pieces[i] = replace(piece, role=OPEN)
            pieces[j] = replace(pieces[j], id=piece.id, role=CLOSE)
    return pieces


def _closing_tag(pieces: list[Piece], i: int, name: str) -> int | None:
    """The index of the `</name>` closing pieces[i], when what lies between is balanced."""
    open_ids: list[str] = []
    depth = 0
    for j in range(i + 1, len(pieces)):
        piece = pieces[j]
        if not isinstance(piece, Code):
            continue
        if piece.role == OPEN:
            open_ids.append(piece.id)
        elif piece.role == CLOSE and (not open_ids or open_ids.pop() != piece.id):
            return None
        elif piece.role == SINGLE and piece.kind == "html":
            m = _HTML_OPEN.match(piece.markdown)
            if m and m.group(1).lower() == name:
                depth += 1
            elif re.fullmatch(rf"</{re.escape(name)}\s*>", piece.markdown, re.I):
                if depth == 0:
                    return None if open_ids else j
                depth -= 1
    return None


def plain_segment(text: str) -> Segment:
    """A plain-text field (a title, a UI string, a data text: shown as written, never read as Markdown)
    as one text run: nothing in it is protected (but a character XML cannot carry), and nothing typed
    in its translation is escaped."""
    pieces: list[Piece] = []
    at = 0
    for m in _NOT_XML.finditer(text):
        pieces += [Text(text[at:m.start()]), Code(str(len(pieces) // 2 + 1), "character", SINGLE, m.group())]
        at = m.end()
    return Segment(tuple(_merge_text(pieces + [Text(text[at:])])), text)


def _renumber(pieces: list[Piece]) -> tuple[Piece, ...]:
    numbers: dict[str, str] = {}
    for piece in pieces:
        if isinstance(piece, Code) and piece.id not in numbers:
            numbers[piece.id] = str(len(numbers) + 1)
    return tuple(replace(p, id=numbers[p.id]) if isinstance(p, Code) else p for p in pieces)


def _scan(s: str, start: int, end: int, ids: _Ids, emphasis: "_Emphasis") -> list[Piece]:
    """The pieces of s[start:end]: constructs found left to right, then emphasis around them."""
    events: list[tuple[int, int, list[Piece]]] = []
    i = start
    while i < end:
        found = _code_at(s, i, end, ids, emphasis)
        if found is None:
            i += 1
            continue
        events.append((i, found[1], found[0]))
        i = found[1]
    masked = list(s[start:end])
    for a, b, _ in events:
        masked[a - start:b - start] = _MASK * (b - a)
    events += _emphasis_events(s, start, emphasis.regions("".join(masked)), ids)
    return _pieces_of(s, start, end, sorted(events, key=lambda e: e[0]))


_MASK = "\x02"  # stands for a construct when pairing emphasis, as Python-Markdown's placeholders do


def _emphasis_events(s: str, start: int, regions: list[tuple[int, int, int, int]],
                     ids: _Ids) -> list[tuple[int, int, list[Piece]]]:
    events = []
    for a, b, c, d in regions:
        code_id = ids.next()
        kind = "strong" if b - a == 2 else "emphasis"
        events.append((start + a, start + b, [Code(code_id, kind, OPEN, s[start + a:start + b])]))
        events.append((start + c, start + d, [Code(code_id, kind, CLOSE, s[start + c:start + d])]))
    return events


def _pieces_of(s: str, start: int, end: int, events: list[tuple[int, int, list[Piece]]]) -> list[Piece]:
    pieces: list[Piece] = []
    at = start
    for a, b, found in events:
        if a > at:
            pieces.append(Text(s[at:a]))
        pieces.extend(found)
        at = b
    if end > at:
        pieces.append(Text(s[at:end]))
    return pieces


def _code_at(s: str, i: int, end: int, ids: _Ids, emphasis: "_Emphasis") -> tuple[list[Piece], int] | None:
    c = s[i]
    if c == "\\":
        return _single(s, i, i + 2, "escape", ids) if i + 1 < end and s[i + 1] in ESCAPABLE else None
    if c == "`":
        return _code_span(s, i, end, ids)
    if c == "<":
        return _angle(s, i, end, ids)
    if c == " ":
        m = _HARD_BREAK.match(s, i, end)
        return _single(s, i, m.end(), "linebreak", ids) if m and (i == 0 or s[i - 1] != " ") else None
    if c == "{":
        m = _ATTR_LIST.match(s, i, end)
        return _single(s, i, m.end(), "attributes", ids) if m else None
    if _NOT_XML.match(c):
        return _single(s, i, i + 1, "character", ids)
    if c == "[" and s.startswith("^", i + 1):
        m = _FOOTNOTE.match(s, i, end)
        return _single(s, i, m.end(), "footnote", ids) if m else None
    if c == "!" and s.startswith("[", i + 1):
        return _bracketed(s, i, i + 2, end, "image", ids, emphasis)
    if c == "[":
        return _bracketed(s, i, i + 1, end, "link", ids, emphasis)
    return None


def _single(s: str, i: int, after: int, kind: str, ids: _Ids) -> tuple[list[Piece], int]:
    return [Code(ids.next(), kind, SINGLE, s[i:after])], after


def _code_span(s: str, i: int, end: int, ids: _Ids) -> tuple[list[Piece], int] | None:
    run = len(s[i:end]) - len(s[i:end].lstrip("`"))
    j = i + run
    while j < end:
        k = s.find("`" * run, j, end)
        if k < 0:
            return None
        close_run = len(s[k:end]) - len(s[k:end].lstrip("`"))
        if close_run == run:
            return _single(s, i, k + run, "code", ids)
        j = k + close_run
    return None


def _angle(s: str, i: int, end: int, ids: _Ids) -> tuple[list[Piece], int] | None:
    m = _AUTOLINK.match(s, i, end)
    if m:
        return _single(s, i, m.end(), "autolink", ids)
    m = _HTML.match(s, i, end)
    return _single(s, i, m.end(), "html", ids) if m else None


def _closing_bracket(s: str, j: int, end: int) -> int | None:
    """The index of the `]` that closes the `[` before j (nested brackets, escapes, code spans)."""
    depth = 0
    while j < end:
        c = s[j]
        if c == "\\":
            j += 2
            continue
        if c == "`":
            span = _code_span(s, j, end, _Ids())
            if span:
                j = span[1]
                continue
        if c == "[":
            depth += 1
        elif c == "]":
            if depth == 0:
                return j
            depth -= 1
        j += 1
    return None


def _link_tail(s: str, k: int, end: int) -> int | None:
    """The end of `(target)` or `[id]` starting at k, or None."""
    if k < end and s[k] == "(":
        depth, j = 0, k
        while j < end:
            c = s[j]
            if c == "\\":
                j += 2
                continue
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    return j + 1
            j += 1
        return None
    m = _REF.match(s, k, end)
    return m.end() if m else None


def _bracketed(s: str, i: int, text_start: int, end: int, kind: str, ids: _Ids,
               emphasis: "_Emphasis | None" = None) -> tuple[list[Piece], int] | None:
    close = _closing_bracket(s, text_start, end)
    if close is None:
        return None
    after = _link_tail(s, close + 1, end)
    if after is None:
        return None
    code_id = ids.next()
    inner = _scan(s, text_start, close, ids, emphasis) if emphasis else [Text(s[text_start:close])]
    return ([Code(code_id, kind, OPEN, s[i:text_start]), *inner,
             Code(code_id, kind, CLOSE, s[close:after])], after)


class _Emphasis:
    """Asks Python-Markdown's own delimiter processor (Markdown 3.11, pinned) which `*` and `_` runs
    it pairs, in a text where every other construct is masked as its placeholders are."""

    def __init__(self) -> None:
        self.processor = markdown.Markdown().inlinePatterns["em_strong"]
        self.pairs: list[tuple[int, int, int, int]] = []
        add_region = self.processor.add_region

        def record(delim, a: int, b: int, c: int, d: int, size: int) -> None:
            self.pairs.append((a, b, c, d))
            add_region(delim, a, b, c, d, size)

        self.processor.add_region = record  # this processor's own Markdown instance, made here

    def regions(self, data: str) -> list[tuple[int, int, int, int]]:
        """(opener start, opener end, closer start, closer end) of each pair, properly nested."""
        found: list[tuple[int, int, int, int]] = []
        at = 0
        while (m := self.processor.compiled_re.search(data, at)) is not None:
            self.processor.reset()
            self.pairs = []
            _, _, after = self.processor.handleMatch(m, data)
            pairs = self.pairs
            self.processor.reset()
            if not pairs:
                at = after if after is not None and after > m.start() else m.start() + 1
                continue
            found += pairs
            at = max(d for _, _, _, d in pairs)
            data = data[:m.start()] + _MASK * (at - m.start()) + data[at:]
        return found if _nested(found) else []


def _nested(pairs: list[tuple[int, int, int, int]]) -> bool:
    events = sorted([(a, "open", n) for n, (a, _, _, _) in enumerate(pairs)]
                    + [(c, "close", n) for n, (_, _, c, _) in enumerate(pairs)])
    stack: list[int] = []
    for _, role, n in events:
        if role == "open":
            stack.append(n)
        elif not stack or stack.pop() != n:
            return False
    return True


def _merge_text(pieces: list[Piece]) -> list[Piece]:
    merged: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + piece.text)
        elif not (isinstance(piece, Text) and piece.text == ""):
            merged.append(piece)
    return merged


# --- Segment comparisons ---------------------------------------------------------------------------

def unwrap(text: str) -> str:
    """A line break, with the spaces and tabs around it, as one space (other spaces are kept)."""
    return _LINE_BREAK.sub(" ", text)


def normalize_space(text: str) -> str:
    """Runs of spaces, tabs and line breaks as one space (no-break spaces are kept)."""
    return _WHITESPACE.sub(" ", text)


def display_pieces(pieces: tuple[Piece, ...]) -> tuple[Piece, ...]:
    """The pieces as the XLIFF shows them: line breaks as spaces, no space at either end."""
    out: list[Piece] = []
    for piece in _merge_text(list(pieces)):
        out.append(Text(unwrap(piece.text)) if isinstance(piece, Text) else piece)
    if out and isinstance(out[0], Text):
        out[0] = Text(out[0].text.lstrip(" "))
    if out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text.rstrip(" "))
    return tuple(p for p in out if not (isinstance(p, Text) and p.text == ""))


def shape(pieces: tuple[Piece, ...]) -> tuple[tuple[str, str], ...]:
    """What a translator sees and may change: the text up to whitespace, and each code's id and role."""
    return tuple(("text", normalize_space(p.text)) if isinstance(p, Text) else (p.role, p.id)
                 for p in display_pieces(pieces))


def is_unchanged(target: tuple[Piece, ...], source: Segment) -> bool:
    """Whether the target is the source as exported (same text up to whitespace, same codes)."""
    return shape(target) == shape(source.pieces)


# --- An existing translation as a target; codes rewritten ------------------------------------------

def align_target(target_markdown: str, source: Segment) -> Segment:
    """The target-language block as a Segment whose codes carry the source's ids, for exporting an
    existing translation. A target code takes the id of the source code of its kind with the same
    Markdown, the page's language left aside (`[x](a.ro.md)` matches `[y](a.fr.md)`, closing parts
    compared); the codes left then pair up in order, kind by kind. A code the source has no
    counterpart for gets the id "t1", "t2"...: on import it is reported until the translator removes it."""
    own = to_segment(target_markdown)
    wanted = _openings(source.pieces)
    mine = _openings(own.pieces)
    new_ids: dict[str, str] = {}
    for match_markdown in (True, False):
        for code_id, key in mine.items():
            if code_id in new_ids:
                continue
            for other_id, other_key in wanted.items():
                if other_key[:2] == key[:2] and (other_key[2] == key[2] or not match_markdown):
                    new_ids[code_id] = other_id
                    del wanted[other_id]
                    break
    extra = iter(f"t{n}" for n in range(1, len(mine) + 1))
    new_ids.update({code_id: next(extra) for code_id in mine if code_id not in new_ids})
    return Segment(tuple(replace(p, id=new_ids[p.id]) if isinstance(p, Code) else p for p in own.pieces),
                   target_markdown)


_LANGUAGE_SUFFIX = re.compile(r"\.[a-z]{2}(\.md\b)")


def _openings(pieces: tuple[Piece, ...]) -> dict[str, tuple[str, str, str]]:
    """{id: (kind, role, Markdown of the code without a page's language suffix)}, in order."""
    markdown_of = {(p.id, p.role): p.markdown for p in pieces if isinstance(p, Code)}
    return {p.id: (p.kind, p.role, _LANGUAGE_SUFFIX.sub(r"\1", p.markdown + markdown_of.get((p.id, CLOSE), "")))
            for p in pieces if isinstance(p, Code) and p.role != CLOSE}


def map_codes(segment: Segment, markdown_of: Callable[[Code], str]) -> Segment:
    """The segment with each code's Markdown replaced by markdown_of(code) (e.g. a link to a page's
    .fr.md file made a link to its .ro.md file); its text and ids are kept."""
    return Segment(tuple(replace(p, markdown=markdown_of(p)) if isinstance(p, Code) else p
                         for p in segment.pieces), segment.markdown)


# --- Target pieces + source codes -> Markdown ------------------------------------------------------

def check_codes(target: tuple[Piece, ...], source: Segment) -> list[str]:
    """Messages naming the code ids the target lacks, adds, repeats, or pairs wrongly."""
    wanted = {(p.id, p.role) for p in source.pieces if isinstance(p, Code)}
    seen: list[tuple[str, str]] = [(p.id, p.role) for p in target if isinstance(p, Code)]
    problems = []
    missing = sorted({i for i, r in wanted - set(seen)}, key=_id_key)
    added = sorted({i for i, r in set(seen) - wanted}, key=_id_key)
    repeated = sorted({i for i, r in seen if seen.count((i, r)) > 1}, key=_id_key)
    if missing:
        problems.append(msg("the translation lacks the code(s) {ids} of the source", ids=_ids(missing)))
    if added:
        problems.append(msg("the translation has code(s) {ids} that the source does not have", ids=_ids(added)))
    if repeated:
        problems.append(msg("the translation repeats the code(s) {ids}", ids=_ids(repeated)))
    if not (missing or added or repeated):
        problems += _check_nesting(seen) or _check_emptied(target, source)
    return problems


def _check_emptied(target: tuple[Piece, ...], source: Segment) -> list[str]:
    """A pair around no text shows its Markdown signs (`**`): a pair the source fills may not be empty
    (an image may: its text is the alternative text)."""
    kinds = {p.id: p.kind for p in source.pieces if isinstance(p, Code)}
    empty = [i for i in _empty_pairs(target) - _empty_pairs(source.pieces) if kinds.get(i) != "image"]
    return [msg("the translation leaves code(s) {ids} around no text", ids=_ids(sorted(empty, key=_id_key)))] \
        if empty else []


def _empty_pairs(pieces: tuple[Piece, ...]) -> set[str]:
    open_pairs: list[list] = []  # [id, holds something]
    empty: set[str] = set()
    for piece in pieces:
        if isinstance(piece, Code) and piece.role == OPEN:
            open_pairs.append([piece.id, False])
            continue
        if isinstance(piece, Code) and piece.role == CLOSE and open_pairs:
            code_id, holds = open_pairs.pop()
            if not holds:
                empty.add(code_id)
        if isinstance(piece, Code) or piece.text.strip(" \t\r\n"):
            for pair in open_pairs:
                pair[1] = True
    return empty


def _check_nesting(seen: list[tuple[str, str]]) -> list[str]:
    open_ids: list[str] = []
    for code_id, role in seen:
        if role == OPEN:
            open_ids.append(code_id)
        elif role == CLOSE:
            if not open_ids or open_ids[-1] != code_id:
                return [msg("the translation closes code {id} before its start or across another code: keep each"
                            " pair of codes around its own words", id=code_id)]
            open_ids.pop()
    return []


def _id_key(code_id: str) -> tuple[int, str]:
    return (int(code_id), "") if code_id.isdigit() else (1 << 30, code_id)


def _ids(ids: list[str]) -> str:
    return ", ".join(ids)


def to_markdown(target: tuple[Piece, ...], source: Segment,
                current: Segment | None = None) -> tuple[str | None, list[str]]:
    """The target as Markdown on one line, each code's Markdown taken by id from `current` (the
    existing translation, from align_target) where it has that id, else from the source.

    Returns (markdown, []) or (None, messages naming code ids). A target equal, up to whitespace, to
    `current` gives current's Markdown verbatim, and one equal to the source gives the source's, so
    importing an untouched export changes no file."""
    settled = _settled(target, source, current)
    if settled is not None:
        return settled
    for escape_all in (False, True):
        rebuilt = rebuild_markdown(target, source, current, escape_all)
        if _keeps_codes(rebuilt, source, current):
            return rebuilt, []
    return None, [msg("the translation puts code(s) {ids} side by side so that Markdown reads them as something"
                      " else: put a word or a space between them", ids=_ids(_touching(target)))]


def _settled(target: tuple[Piece, ...], source: Segment,
             current: Segment | None) -> tuple[str | None, list[str]] | None:
    """What an import of `target` gives without rebuilding it: the current translation's or the source's text
    verbatim when the target is unchanged, or the problems when its codes are not the source's; else None."""
    if current is not None and is_unchanged(target, current):
        return current.markdown, []
    if is_unchanged(target, source):
        return source.markdown, []
    problems = check_codes(target, source)
    return (None, problems) if problems else None


def _keeps_codes(rebuilt: str, source: Segment, current: Segment | None) -> bool:
    """Whether Markdown reads the rebuilt text with the same codes (escapes aside) as it was given."""
    table = _code_table(source, current)
    kinds = {p.id: p.kind for p in source.pieces if isinstance(p, Code)}
    want = sorted(m for (code_id, _), m in table.items() if kinds[code_id] != "escape")
    got = sorted(p.markdown for p in to_segment(rebuilt).pieces if isinstance(p, Code) and p.kind != "escape")
    return got == want


def _touching(target: tuple[Piece, ...]) -> list[str]:
    shown = display_pieces(target)
    ids = {p.id for a, b in zip(shown, shown[1:]) if isinstance(a, Code) and isinstance(b, Code) for p in (a, b)}
    return sorted(ids, key=_id_key) or ["(all)"]


def to_plain_text(target: tuple[Piece, ...], source: Segment,
                  current: Segment | None = None) -> tuple[str | None, list[str]]:
    """to_markdown for a plain_segment: the target's text on one line, as typed (a code is an error)."""
    settled = _settled(target, source, current)
    if settled is not None:
        return settled
    table = _code_table(source, current)
    return "".join(p.text if isinstance(p, Text) else table[(p.id, p.role)] for p in display_pieces(target)), []


def import_unit(path: str, xfile: XliffFile, unit: XliffUnit, source: Segment,
                current: Segment | None = None, plain: bool = False) -> tuple[str | None, list[Problem]]:
    """to_markdown (to_plain_text when `plain`) for a unit read from `path`: its problems located at
    the unit's line and naming the file and unit. A unit without <target> gives (None, []): there is
    nothing to import."""
    if unit.target is None:
        return None, []
    rebuild = to_plain_text if plain else to_markdown
    markdown_text, messages = rebuild(unit.target.pieces, source, current)
    return markdown_text, [Problem(path, unit.line or 1, msg("{original}: unit {id}: {problem}", original=xfile.original,
                                                             id=unit.id, problem=m)) for m in messages]


def rebuild_markdown(target: tuple[Piece, ...], source: Segment, current: Segment | None = None,
                     escape_all: bool = False) -> str:
    """The target's text and the codes' Markdown (current's where it has the id, else the source's)
    joined on one line; only a hard line break keeps its line break. The ids must match (check_codes).
    Markdown signs in the text are escaped where they would act (everywhere with escape_all)."""
    target = display_pieces(target)
    table = _code_table(source, current)
    parts: list[str] = []
    for index, piece in enumerate(target):
        if isinstance(piece, Code):
            parts.append(table[(piece.id, piece.role)])
        else:
            parts.append(_escape_text(piece.text, _next_markdown(target, index, table), escape_all))
    return "".join(parts)


def _code_table(source: Segment, current: Segment | None) -> dict[tuple[str, str], str]:
    table = {(p.id, p.role): p.markdown for p in source.pieces if isinstance(p, Code)}
    if current is not None:
        table.update({(p.id, p.role): p.markdown for p in current.pieces
                      if isinstance(p, Code) and (p.id, p.role) in table})
    return table


def _next_markdown(target: tuple[Piece, ...], index: int, table: dict[tuple[str, str], str]) -> str:
    following = target[index + 1] if index + 1 < len(target) else None
    return table[(following.id, following.role)] if isinstance(following, Code) else ""


_MAYBE_SYNTAX = re.compile(r"[\\`*_\[\]{}<!]|  \n|[\x00-\x08\x0b\x0c\x0e-\x1f]")  # else plain text
_SPECIAL = re.compile(r"[\\`*_\[\]{}]")


def _escape_text(text: str, following: str, escape_all: bool = False) -> str:
    """Translated text stays text: Markdown syntax the translator typed is escaped, only if any."""
    acts = _MAYBE_SYNTAX.search(text) and not all(isinstance(p, Text) for p in to_segment(text).pieces)
    if escape_all or acts:
        text = _SPECIAL.sub(lambda m: "\\" + m.group(0), text).replace("<", "&lt;")
    if text.endswith("!") and following.startswith("["):
        text = text[:-1] + "\\!"
    return text


# --- Segment <-> XLIFF inline content --------------------------------------------------------------

def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def write_inline(parent: etree._Element, pieces: tuple[Piece, ...]) -> etree._Element:
    """Fill <source> or <target> with the pieces: <g id ctype> around paired codes, <x id ctype/>."""
    stack = [parent]
    for piece in display_pieces(pieces):
        if isinstance(piece, Text):
            _append_text(stack[-1], piece.text)
        elif piece.role == OPEN:
            stack.append(etree.SubElement(stack[-1], _q("g"), id=piece.id, ctype=f"x-md-{piece.kind}"))
        elif piece.role == CLOSE:
            if len(stack) > 1:
                stack.pop()
        else:
            etree.SubElement(stack[-1], _q("x"), id=piece.id, ctype=f"x-md-{piece.kind}")
    return parent


def _append_text(element: etree._Element, text: str) -> None:
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


_PAIRED_TAGS = {"g"}
_SINGLE_TAGS = {"x", "ph"}
_OPEN_TAGS = {"bx", "bpt"}
_CLOSE_TAGS = {"ex", "ept"}


def read_inline(element: etree._Element) -> tuple[tuple[Piece, ...], list[str]]:
    """The pieces of a <source> or <target>: text, and codes by id (their Markdown is not in the file).

    Reads <g>, <x>, and also <ph>, <bx>/<ex>, <bpt>/<ept> (paired by rid, else id) and <mrk> (its
    content), which translators' tools may write."""
    pieces: list[Piece] = []
    problems: list[str] = []
    _read_into(element, pieces, problems)
    return tuple(_merge_text(pieces)), problems


def _read_into(element: etree._Element, pieces: list[Piece], problems: list[str]) -> None:
    if element.text:
        pieces.append(Text(element.text))
    for child in element:
        if isinstance(child.tag, str):  # comments and processing instructions are no text
            _read_child(child, pieces, problems)
        if child.tail:
            pieces.append(Text(child.tail))


def _read_child(child: etree._Element, pieces: list[Piece], problems: list[str]) -> None:
    ns, _, name = child.tag[1:].partition("}") if child.tag.startswith("{") else ("", "", child.tag)
    kind = _kind_of(child.get("ctype"))
    code_id = child.get("id")
    if ns != NS or name not in _PAIRED_TAGS | _SINGLE_TAGS | _OPEN_TAGS | _CLOSE_TAGS | {"mrk"}:
        problems.append(msg("line {line}: unexpected element <{name}> in the text", line=child.sourceline, name=name))
        return
    if name == "mrk":
        _read_into(child, pieces, problems)
        return
    if name in _OPEN_TAGS | _CLOSE_TAGS:
        code_id = child.get("rid") or code_id
    if not code_id:
        problems.append(msg("line {line}: <{name}> without an id", line=child.sourceline, name=name))
        return
    if name == "g":
        pieces.append(Code(code_id, kind, OPEN))
        _read_into(child, pieces, problems)
        pieces.append(Code(code_id, kind, CLOSE))
    else:
        role = SINGLE if name in _SINGLE_TAGS else OPEN if name in _OPEN_TAGS else CLOSE
        pieces.append(Code(code_id, kind, role))


def _kind_of(ctype: str | None) -> str:
    return ctype[len("x-md-"):] if ctype and ctype.startswith("x-md-") else (ctype or "")


# --- The document ----------------------------------------------------------------------------------

def write_document(files: list[XliffFile]) -> bytes:
    """An XLIFF 1.2 document, UTF-8 with its declaration; the same files give the same bytes.

    At least one file is needed for a valid document (the schema requires a <file>)."""
    root = etree.Element(_q("xliff"), nsmap={None: NS}, version="1.2")
    for xfile in files:
        root.append(_file_element(xfile))
    _indent(root, 0)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _file_element(xfile: XliffFile) -> etree._Element:
    element = etree.Element(_q("file"), {
        "original": _xml_safe(xfile.original), "source-language": _xml_safe(xfile.source_language),
        "target-language": _xml_safe(xfile.target_language), "datatype": DATATYPE})
    body = etree.SubElement(element, _q("body"))
    for unit in xfile.units:
        body.append(_unit_element(unit))
    return element


def _unit_element(unit: XliffUnit) -> etree._Element:
    element = etree.Element(_q("trans-unit"), {"id": _xml_safe(unit.id), f"{{{XML_NS}}}space": "preserve"})
    if unit.target is not None and unit.state in APPROVED_STATES:
        element.set("approved", "yes")
    write_inline(etree.SubElement(element, _q("source")), unit.source.pieces)
    if unit.target is not None:
        target = etree.SubElement(element, _q("target"))
        if unit.state:
            target.set("state", _xml_safe(unit.state))
        write_inline(target, unit.target.pieces)
    for note in unit.notes:
        etree.SubElement(element, _q("note")).text = _xml_safe(note)
    return element


def _xml_safe(text: str) -> str:
    """Names and notes as XML can carry them: a character it cannot is U+FFFD (text runs have codes)."""
    return _NOT_XML.sub("\ufffd", text)


_STRUCTURE = {_q("xliff"), _q("file"), _q("body"), _q("trans-unit")}


def _indent(element: etree._Element, level: int) -> None:
    """Indent the structure only: the text of <source>, <target> and <note> is left as it is."""
    if element.tag not in _STRUCTURE or not len(element):
        return
    element.text = "\n" + "  " * (level + 1)
    for child in element:
        _indent(child, level + 1)
        child.tail = "\n" + "  " * (level + 1)
    element[-1].tail = "\n" + "  " * level


def read_document(data: bytes, path: str) -> tuple[list[XliffFile] | None, list[Problem]]:
    """The files of an XLIFF 1.2 document, or None and every problem (path, line, message)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             remove_blank_text=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 1
        reason = " ".join(str(exc.msg).split()).replace(" ,", ",")  # lxml's may hold a line break
        return None, [Problem(path, line, msg("the XLIFF file is not well-formed XML: {reason}", reason=reason))]
    problems = _check_root(root, path)
    if problems:
        return None, problems
    files = [_read_file(element, path, problems) for element in root.findall(_q("file"))]
    if not files and not problems:
        problems.append(Problem(path, root.sourceline or 1, msg("the XLIFF file has no <file> element")))
    return (None, problems) if problems else (files, [])


def _check_root(root: etree._Element, path: str) -> list[Problem]:
    line = root.sourceline or 1
    if root.getroottree().docinfo.doctype:
        return [Problem(path, 1, msg("the XLIFF file has a DOCTYPE: XLIFF 1.2 files have none; export again"))]
    ns = etree.QName(root).namespace or ""
    if ns in OTHER_XLIFF_NAMESPACES:
        return [Problem(path, line, msg("this is XLIFF {version}, not XLIFF 1.2: save it as XLIFF 1.2 in the"
                                        " translation tool", version=OTHER_XLIFF_NAMESPACES[ns]))]
    is_xliff = etree.QName(root).localname == "xliff"
    if is_xliff and root.get("version") != "1.2":
        return [_other_version(path, line, root.get("version"))]
    if root.tag != _q("xliff"):
        return [Problem(path, line, msg("the root element is <{name}> in namespace '{ns}', not <xliff> in {xliff}",
                                        name=etree.QName(root).localname, ns=ns, xliff=NS))]
    if root.get("version") != "1.2":
        return [_other_version(path, line, root.get("version"))]
    return []


def _other_version(path: str, line: int, version) -> Problem:
    return Problem(path, line, msg("XLIFF version '{version}' is not 1.2: save it as XLIFF 1.2 in the translation"
                                   " tool", version=version))


def _read_file(element: etree._Element, path: str, problems: list[Problem]) -> XliffFile:
    line = element.sourceline or 1
    original = element.get("original") or ""
    for attribute in ("original", "source-language", "target-language"):
        if not element.get(attribute):
            problems.append(Problem(path, line, msg("<file original=\"{original}\"> has no {attribute}",
                                                    original=original, attribute=attribute)))
    units: list[XliffUnit] = []
    first_line: dict[str, int] = {}
    for unit_element in element.iter(_q("trans-unit")):
        unit = _read_unit(unit_element, original, path, problems)
        if unit is None:
            continue
        if unit.id in first_line:
            problems.append(Problem(path, unit.line, msg("{original}: unit {id} appears twice (first at line {line})",
                                                         original=original, id=unit.id, line=first_line[unit.id])))
            continue
        first_line[unit.id] = unit.line
        units.append(unit)
    return XliffFile(original, element.get("source-language") or "",
                     element.get("target-language") or "", tuple(units), line)


def _read_unit(element: etree._Element, original: str, path: str,
               problems: list[Problem]) -> XliffUnit | None:
    line = element.sourceline or 1
    unit_id = element.get("id")
    if not unit_id:
        problems.append(Problem(path, line, msg("{original}: a <trans-unit> has no id", original=original)))
        return None
    where = f"{original}: unit {unit_id}"
    source_element = element.find(_q("source"))
    if source_element is None:
        problems.append(Problem(path, line, msg("{where} has no <source>", where=where)))
        return None
    source = _read_segment(source_element, where, path, problems)
    target_element = element.find(_q("target"))
    target = state = None
    if target_element is not None:
        target = _read_segment(target_element, where, path, problems)
        state = target_element.get("state")
        if state is not None and state not in XLIFF_STATES and not state.startswith("x-"):
            problems.append(Problem(path, target_element.sourceline or line,
                                    msg("{where}: unknown state '{state}' (XLIFF 1.2 states: {states})", where=where,
                                        state=state, states=", ".join(XLIFF_STATES))))
    notes = tuple(note.text or "" for note in element.findall(_q("note")))
    return XliffUnit(unit_id, source, target, state, notes, line)


def _read_segment(element: etree._Element, where: str, path: str, problems: list[Problem]) -> Segment:
    pieces, messages = read_inline(element)
    problems.extend(Problem(path, element.sourceline or 1, msg("{where}: {problem}", where=where, problem=m))
                    for m in messages)
    return Segment(pieces)
