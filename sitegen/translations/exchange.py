"""What a translator gets and gives back (`translation export` / `import`), as units of Markdown text: which
blocks need work, and the translated blocks written back into the files and the records. XLIFF itself is
sitegen/xliff.py's."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from .. import xliff
from ..errors import Problem
from ..messages import msg
from ..scaffold import slugify
from .blocks import Block, normalize, signature
from .records import Record, RecordedBlock, format_records, parse_records, record_of
from .tracking import MISSING, UNTRACKED, Pair, Texts, following, pairs, replaced_blocks, track

NOT_TRANSLATED = ("code", "reference")     # blocks a translator never changes: no unit
DONE = frozenset({"translated", "final", "signed-off"})   # a unit in these states follows its original


@dataclass(frozen=True)
class Unit:
    id: str
    source: str                # the original's text now (Markdown, lines joined; a plain text for a field)
    target: str | None         # the translation's text, or None when there is none yet
    state: str | None          # the XLIFF state of the target: needs-translation, needs-review-translation...
    notes: tuple[str, ...] = ()
    line: int = 1              # where it was read from (an XLIFF file's <trans-unit>)
    plain: bool = False        # a title, summary, data text or UI string: shown as written, not Markdown


@dataclass(frozen=True)
class UnitFile:
    original: str              # the original's file
    source_lang: str
    target_lang: str
    units: tuple[Unit, ...]


@dataclass(frozen=True)
class _Place:
    """Where a unit's text lives: its original block, the cell of a table row (0: the whole block), and the
    translation's block that follows it (None when the translation has none)."""
    block: Block
    cell: int
    follower: Block | None


def export_units(texts: Texts, lang: str, everything: bool = False) -> list[UnitFile]:
    """The units to translate into `lang`: by default what needs work (missing translations, stale blocks,
    untranslated text, translations never recorded); `everything` adds every other block with its
    translation (state `final`), which translation memories are built from."""
    report, _ = track(texts)
    states = {s.key: s for s in report.states}
    records = parse_records(texts.lock)[0] if texts.lock else {}
    found = []
    for pair in (p for p in pairs(texts) if p.lang == lang and p.key in states):
        state, record = states[pair.key], records.get(pair.key)
        stale = _stale_blocks(pair, record)
        untranslated = {line for line, _ in state.untranslated}
        units = []
        for unit_id, place in _places(pair).items():
            follower = place.follower
            target = _cell(follower.text, place.cell) if follower else None
            notes = (f"{pair.source}:{place.block.line}",)
            source, plain = _cell(place.block.text, place.cell), place.block.field != "body"
            if state.state == MISSING or target is None:
                units.append(Unit(unit_id, source, None, None, notes, plain=plain))
            elif place.block.fingerprint in stale:
                old = stale[place.block.fingerprint]
                notes += (f"previous original: {_cell(old, place.cell)}",) if old else ("a new block",)
                units.append(Unit(unit_id, source, target, "needs-review-translation", notes, plain=plain))
            elif state.state == UNTRACKED or follower.line in untranslated:
                units.append(Unit(unit_id, source, target, "needs-translation" if follower.line in untranslated
                                  else "needs-review-translation", notes, plain=plain))
            elif everything:
                units.append(Unit(unit_id, source, target, "final", notes, plain=plain))
        if units:
            found.append(UnitFile(pair.source, pair.source_lang, pair.lang, tuple(units)))
    return found


def _stale_blocks(pair: Pair, record: Record | None) -> dict[str, str]:
    """{fingerprint of a current block of the original that its record lacks: the recorded text it replaces}."""
    if record is None or record.original != pair.source:
        return {}
    current = pair.blocks(pair.source_lang)
    return {new.fingerprint: old.text if old else "" for old, new in
            replaced_blocks(record, current, by_field=pair.document is None and pair.source_document is None)
            if isinstance(new, Block)}


def _places(pair: Pair) -> dict[str, _Place]:
    """{unit id: its place} for every translatable block of the original (a table row: one per cell). Ids
    are stable: a field's name, a data text's path, a UI string's key, or "b-" and the body block's
    fingerprint (with "-2", "-3" for the same block again)."""
    current = pair.blocks(pair.source_lang)
    translation = pair.blocks(pair.lang) if pair.exists else []
    by_field = pair.source_document is None
    places, seen = {}, {}
    for position, block in enumerate(current):
        if block.kind in NOT_TRANSLATED:
            continue
        follower = following(translation, current, position, block.field if by_field or block.field != "body"
                             else None)
        base = block.field if block.field != "body" else f"b-{block.fingerprint[:12]}"
        seen[base] = seen.get(base, 0) + 1
        base = base if seen[base] == 1 else f"{base}-{seen[base]}"
        cells = _cells(block.text) if block.kind == "row" else [block.text]
        for number in range(len(cells)):
            places[base if block.kind != "row" else f"{base}.c{number + 1}"] = _Place(
                block, number + 1 if block.kind == "row" else 0, follower)
    return places


_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in _CELL_SPLIT.split(row.strip().strip("|"))]


def _cell(text: str, cell: int) -> str:
    if not cell:
        return text
    cells = _cells(text)
    return cells[cell - 1] if cell <= len(cells) else ""


@dataclass(frozen=True)
class Imported:
    """What an import changes: {path: new text} of the files to write, the lock file's new text (None when
    unchanged), and counts for the summary."""
    files: dict
    lock: str | None
    units: int
    still_stale: int


def import_units(texts: Texts, files: list[UnitFile], source_name: str) -> tuple[Imported | None, list[Problem]]:
    """Apply the targets of `files` (read from an XLIFF file named `source_name`): each unit's target into
    its translation, and the records of the units in a done state. Nothing is applied when any unit is
    wrong (unknown file or id, an original changed since the export...): the problems say which."""
    by_original = {(p.source, p.lang): p for p in pairs(texts)}
    problems, writes, records = [], {}, dict(parse_records(texts.lock)[0]) if texts.lock else {}
    applied = still_stale = 0
    for unit_file in files:
        pair = by_original.get((unit_file.original, unit_file.target_lang))
        if pair is None:
            problems.append(Problem(source_name, 1, _not_an_original(unit_file.original, unit_file.target_lang)))
            continue
        places = _places(pair)
        chosen, found = _checked_units(unit_file, places, source_name)
        problems += found
        if found or not chosen:
            continue
        text, found = _translated_text(texts, pair, places, chosen, source_name)
        problems += found
        if text is not None and text != _current_text(texts, pair):
            writes[pair.translation] = text
        records[pair.key] = _new_record(pair, records.get(pair.key), places, chosen)
        applied += len(chosen)
        still_stale += sum(1 for unit in chosen.values() if unit.state not in DONE)
    if problems:
        return None, problems
    lock = format_records(records)
    return Imported(writes, lock if lock.encode("utf-8") != texts.lock else None, applied, still_stale), []


def _checked_units(unit_file: UnitFile, places: dict[str, _Place], source_name: str):
    """({id: unit} of the units with a target, problems): an unknown id, or a source that is no longer the
    original's text."""
    chosen, problems = {}, []
    for unit in unit_file.units:
        place = places.get(unit.id)
        if place is None:
            problems.append(Problem(source_name, unit.line, _no_such_block(unit.id, unit_file.original)))
        elif normalize(unit.source) != normalize(_cell(place.block.text, place.cell)):
            problems.append(Problem(source_name, unit.line, _changed(unit.id, unit_file.original)))
        elif unit.target is not None:
            chosen[unit.id] = unit
    return chosen, problems


def _current_text(texts: Texts, pair: Pair) -> str | None:
    if pair.document is not None or pair.source_document is not None:
        return texts.read_text(pair.translation) if pair.exists else None
    return texts.yaml_files.get(pair.translation)


def _translated_text(texts: Texts, pair: Pair, places: dict[str, _Place], chosen: dict[str, Unit],
                     source_name: str) -> tuple[str | None, list[Problem]]:
    if not pair.exists:
        return _new_translation(texts, pair, places, chosen), []
    text = _current_text(texts, pair)
    lines = text.split("\n")
    replacements: dict[int, tuple[int, list[str]]] = {}   # first line -> (last line, new lines)
    problems = []
    for block, cells in _targets_by_block(places, chosen).items():
        follower = places[cells[0][0]].follower
        if follower is None:
            problems.append(Problem(source_name, 1, msg("unit {id}: {path} has no block to put it in: add one by hand,"
                                                        " then import again", id=repr(cells[0][0]),
                                                        path=pair.translation)))
            continue
        new = _joined(follower, cells)
        if normalize(new) == normalize(follower.text):
            continue   # the same text: the file's own wrapping and quoting stay
        end = _value_end(lines, follower) if follower.field != "body" or pair.source_document is None else follower.end
        replacements[follower.line] = (end, _rewritten(lines, follower, end, new))
    for first in sorted(replacements, reverse=True):
        end, new_lines = replacements[first]
        lines[first - 1:end] = new_lines
    return "\n".join(lines), problems


def _targets_by_block(places: dict[str, _Place], chosen: dict[str, Unit]) -> dict:
    """{original block: [(unit id, cell, target)...]} of the chosen units, in the original's order."""
    grouped: dict = {}
    for unit_id, unit in chosen.items():
        place = places[unit_id]
        grouped.setdefault(place.block, []).append((unit_id, place.cell, unit.target))
    return grouped


def _joined(follower: Block, cells: list[tuple[str, int, str]]) -> str:
    """A block's new text: the target, or for a table row the follower's cells with the targets in place."""
    if cells[0][1] == 0:
        return cells[0][2]
    row = _cells(follower.text)
    for _, number, target in cells:
        if number <= len(row):
            row[number - 1] = target
    return "| " + " | ".join(row) + " |"


_MARKER = re.compile(r"^(\s*(?:#{1,6}\s+|(?:[-*+]|\d{1,9}[.)])\s+|>\s?)?)")
_KEY = re.compile(r"^(\s*(?:-\s+)?[^\s:#][^:#]*?):(?:\s|$)")


def _rewritten(lines: list[str], block: Block, end: int, text: str) -> list[str]:
    """The lines that replace lines `block.line`..`end` with `text`: a YAML value as one double-quoted
    scalar after its key, a Markdown block on one line after its marker (`## `, `- `, `> `), a heading
    underlined with `===` or `---` still underlined."""
    first_line = lines[block.line - 1]
    key = _KEY.match(first_line)
    if block.field != "body" and key:
        return [f"{key.group(1)}: {json.dumps(text, ensure_ascii=False)}"]
    if block.kind in ("h1", "h2") and not first_line.lstrip().startswith("#"):
        return [text, lines[end - 1]]
    return [_MARKER.match(first_line).group(1) + text]


def _value_end(lines: list[str], block: Block) -> int:
    """The last line of a YAML value that starts at `block.line` (a folded or quoted value goes on over the
    lines indented further, up to the next key or the front matter's end)."""
    indent = len(lines[block.line - 1]) - len(lines[block.line - 1].lstrip(" -"))
    end = block.line
    while end < len(lines) and lines[end].strip() and lines[end].strip() != "---" and \
            len(lines[end]) - len(lines[end].lstrip()) > indent:
        end += 1
    return end


def _new_translation(texts: Texts, pair: Pair, places: dict[str, _Place], chosen: dict[str, Unit]) -> str:
    """A missing page or news translation: the original's file with each translated block in place, its
    other front-matter fields kept, a slug made from the translated title, and `draft: true` (an editor
    publishes it)."""
    original = texts.read_text(pair.source) or ""
    lines = original.split("\n")
    for block, cells in sorted(_targets_by_block(places, chosen).items(), key=lambda item: -item[0].line):
        end = _value_end(lines, block) if block.field != "body" else block.end
        lines[block.line - 1:end] = _rewritten(lines, block, end, _joined(block, cells))
    closing = next(i for i, line in enumerate(lines[1:], 1) if line.strip() == "---")
    front = [line for line in lines[1:closing] if not line.startswith(("draft:", "slug:", "original:"))]
    title = chosen.get("title")
    is_home = pair.source_document is not None and pair.source_document.is_service_page
    if title is not None and not is_home and slugify(title.target):
        front.append(f"slug: {slugify(title.target)}")
    return "\n".join(["---", *front, "draft: true", *lines[closing:]])


def _new_record(pair: Pair, old: Record | None, places: dict[str, _Place], chosen: dict[str, Unit]) -> Record:
    """The record after an import: a block follows its original now when it was recorded already, or when
    all its units were imported in a done state; the others keep what was recorded of them (so they stay
    stale), or are left out (a block never translated)."""
    current = pair.blocks(pair.source_lang)
    done_blocks = {}
    for unit_id, place in places.items():
        unit = chosen.get(unit_id)
        done_blocks.setdefault(place.block, True)
        done_blocks[place.block] &= unit is not None and unit.state in DONE
    recorded = old.blocks if old is not None and old.original == pair.source else ()
    was = {b.fingerprint for b in recorded}
    replaced = {new.fingerprint: prior for prior, new in (replaced_blocks(old, current, pair.source_document is None)
                                                           if recorded else []) if isinstance(new, Block)}
    kept: list = []
    for block in current:
        if block.kind in NOT_TRANSLATED or block.fingerprint in was or done_blocks.get(block):
            kept.append(block)
        elif replaced.get(block.fingerprint) is not None:
            kept.append(replaced[block.fingerprint])
    blocks = [b if isinstance(b, Block) else Block(b.field, b.kind, b.text, 0, 0) for b in kept]
    record = record_of(pair.key, pair.source, blocks, signature(kept))
    return record


def export_xliff(texts: Texts, lang: str, everything: bool = False) -> tuple[bytes | None, int, int]:
    """`translation export`: (the XLIFF 1.2 document, or None when nothing needs work; files; units). Each
    unit's source is the original's block with its Markdown syntax as protected codes, its target the
    current translation with the same codes."""
    files = []
    for unit_file in export_units(texts, lang, everything):
        units = []
        for unit in unit_file.units:
            source = xliff.plain_segment(unit.source) if unit.plain else xliff.to_segment(unit.source)
            target = None if unit.target is None else \
                xliff.plain_segment(unit.target) if unit.plain else xliff.align_target(unit.target, source)
            units.append(xliff.XliffUnit(unit.id, source, target, unit.state, unit.notes))
        files.append(xliff.XliffFile(unit_file.original, unit_file.source_lang, unit_file.target_lang, tuple(units)))
    if not files:
        return None, 0, 0
    return xliff.write_document(files), len(files), sum(len(f.units) for f in files)


def import_xliff(texts: Texts, data: bytes, path: str) -> tuple[Imported | None, list[Problem]]:
    """`translation import`: the targets of an XLIFF file applied (see import_units), or every problem
    (the file, another version, an unknown language, file or unit, a source changed since the export,
    codes that differ from the source's), one line each naming the unit and its file."""
    files, problems = xliff.read_document(data, path)
    if problems:
        return None, problems
    unit_files = []
    for xfile in files:
        if xfile.target_language not in texts.codes:
            problems.append(Problem(path, xfile.line, msg("{original}: target-language {lang} is not a language of"
                                                          " this site ({codes})", original=xfile.original,
                                                          lang=repr(xfile.target_language),
                                                          codes=", ".join(texts.codes))))
            continue
        texts_now = _texts_by_id(texts, xfile.original, xfile.target_language)
        if texts_now is None:
            problems.append(Problem(path, xfile.line, _not_an_original(xfile.original, xfile.target_language)))
            continue
        units, found = _units_of(xfile, texts_now, path)
        problems += found
        unit_files.append(UnitFile(xfile.original, xfile.source_language, xfile.target_language, tuple(units)))
    if problems:
        return None, problems
    return import_units(texts, unit_files, path)


def _texts_by_id(texts: Texts, original: str, lang: str) -> dict[str, tuple[str, str | None, bool]] | None:
    """{unit id: (the original's text now, the translation's or None, whether it is plain text)} of one
    original, or None."""
    pair = next((p for p in pairs(texts) if p.source == original and p.lang == lang), None)
    if pair is None:
        return None
    return {unit_id: (_cell(place.block.text, place.cell),
                      _cell(place.follower.text, place.cell) if place.follower else None,
                      place.block.field != "body")
            for unit_id, place in _places(pair).items()}


def _units_of(xfile, texts_now: dict, path: str) -> tuple[list[Unit], list[Problem]]:
    units, problems = [], []
    for xunit in xfile.units:
        if xunit.id not in texts_now:
            problems.append(Problem(path, xunit.line, _no_such_block(xunit.id, xfile.original)))
            continue
        source_text, current_text, plain = texts_now[xunit.id]
        source = xliff.plain_segment(source_text) if plain else xliff.to_segment(source_text)
        if xliff.shape(xunit.source.pieces) != xliff.shape(source.pieces):
            problems.append(Problem(path, xunit.line, _changed(xunit.id, xfile.original)))
            continue
        if xunit.target is None:
            continue
        if plain:
            current = xliff.plain_segment(current_text) if current_text is not None else None
            markdown, messages = xliff.to_plain_text(xunit.target.pieces, source, current)
        else:
            current = xliff.align_target(current_text, source) if current_text is not None else \
                xliff.map_codes(source, _to_language(xfile.source_language, xfile.target_language))
            markdown, messages = xliff.to_markdown(xunit.target.pieces, source, current)
        problems += [Problem(path, xunit.line, msg("unit {id} of {original}: {problem}", id=repr(xunit.id),
                                                   original=xfile.original, problem=message)) for message in messages]
        if markdown is not None:
            units.append(Unit(xunit.id, source_text, markdown, xunit.state, line=xunit.line))
    return units, problems


def _not_an_original(original: str, lang: str):
    return msg("{original} ({lang}) is not an original of this site in that language", original=repr(original),
               lang=lang)


def _no_such_block(unit_id: str, original: str):
    return msg("unit {id} of {original}: no block of the original has this id now (it changed or went after the"
               " export): export again", id=repr(unit_id), original=original)


def _changed(unit_id: str, original: str):
    return msg("unit {id} of {original}: the original changed after the export: export again and translate the"
               " new text", id=repr(unit_id), original=original)


def _to_language(source_lang: str, lang: str):
    """A code's Markdown with its links to the original's language made links to the translation's
    (`[x](a.fr.md)` -> `[x](a.ro.md)`), for a new translation."""
    suffix = re.compile(rf"\.{re.escape(source_lang)}\.md\b")
    return lambda code: suffix.sub(f".{lang}.md", code.markdown)


__all__ = ["Unit", "UnitFile", "Imported", "export_units", "import_units", "export_xliff", "import_xliff", "DONE",
           "RecordedBlock"]
