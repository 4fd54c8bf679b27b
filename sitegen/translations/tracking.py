"""The state of every translation against its original and its record, and what to report: the entry point
a build, `check`, `translation status` and the preview share."""
from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Callable

from ..content import Document, group_translations, split_front_matter
from ..errors import NOTE, WARNING, Problem
from ..messages import msg, nmsg
from ..yamlfile import parse_yaml
from .blocks import Block, localized_texts, signature
from .facts import document_blocks
from .language import foreign_language
from .records import LOCK_FILE, Record, format_records, parse_records, record_of

UP_TO_DATE, STALE, MISSING, UNTRANSLATED, UNTRACKED = "up to date", "stale", "missing", "untranslated", "untracked"
STRINGS_FOLDER = "content/strings"
MULTILINGUAL_FILES = ("site_config.yaml", "content/data/")   # files holding every language's text side by side


@dataclass(frozen=True)
class Change:
    """A block of the original that changed since the translation was recorded: its old and new text
    ("" when it is new, or gone), and the block of the translation that follows it."""
    line: int                  # in the original's file (of the next block when this one is gone)
    old: str
    new: str
    translation_line: int
    translation_text: str


@dataclass(frozen=True)
class TranslationState:
    translation: str           # its file ("content/pages/index.ro.md"; a data file holds every language)
    source: str                # its original's file
    lang: str
    source_lang: str
    state: str                 # UP_TO_DATE, STALE, MISSING, UNTRANSLATED or UNTRACKED
    key: str = ""              # its entry in the lock file
    blocks: int = 0            # the original's blocks now
    changes: tuple[Change, ...] = ()
    line: int = 1              # the translation's line to revise first
    source_updated: dt.date | None = None
    untranslated: tuple[tuple[int, str], ...] = ()   # (line, why) of text left untranslated


@dataclass(frozen=True)
class TranslationReport:
    states: tuple[TranslationState, ...] = ()
    policy: str = "notice"

    def state_of(self, translation: str) -> TranslationState | None:
        """A page or news file's state as a translation (None for an original)."""
        return self._by_translation.get(translation)

    @cached_property
    def _by_translation(self) -> dict[str, TranslationState]:
        return {s.translation: s for s in self.states if s.translation != s.source}


@dataclass(frozen=True)
class Texts:
    """What tracking looks at: the site's languages (its first the default original), the parsed pages and
    news items, the YAML files that hold translated texts ({path: text}), the lock file's bytes, and a way
    to read a page or news file again (only for translations whose changes are to be shown)."""
    codes: tuple[str, ...]
    documents: tuple[Document, ...]
    yaml_files: dict
    lock: bytes                # the lock file's bytes (records.parse_records)
    read_text: Callable[[str], str | None]
    policy: str = "notice"

    @cached_property
    def groups(self) -> dict[tuple[str, str], dict[str, Document]]:
        """{(kind, key): {lang: document}}: each page or news item in its languages (made once)."""
        return group_translations(self.documents)


def track(texts: Texts) -> tuple[TranslationReport, list[Problem]]:
    """Every translation's state, and the problems: stale translations (notes, or errors under the policy
    `stale: error`), untranslated text (warnings), a damaged lock file."""
    records, problems = parse_records(texts.lock) if texts.lock else ({}, [])
    problems = list(problems)
    states = [state for pair in pairs(texts) for state in [_state(pair, records, texts)] if state]
    report = TranslationReport(tuple(sorted(states, key=lambda s: (s.translation, s.lang))), texts.policy)
    for state in report.states:
        problems += _problems(state, texts)
    return report, problems + _disagreements(texts)


@dataclass(frozen=True)
class Pair:
    """A translation and its original: `blocks(lang)` gives the blocks of either side."""
    key: str
    source: str
    translation: str
    source_lang: str
    lang: str
    blocks: Callable[[str], list[Block]]
    exists: bool = True
    document: Document | None = None       # a page or news file: its parsed translation
    source_document: Document | None = None


def pairs(texts: Texts) -> list[Pair]:
    return _document_pairs(texts) + _strings_pairs(texts) + _multilingual_pairs(texts)


def original_language(versions: dict[str, Document], codes: tuple[str, ...]) -> str:
    """The language a page or news item was written in first: its `original:`, else the site's first
    language, else the first it exists in."""
    declared = sorted({d.original for d in versions.values() if d.original})
    for lang in declared[:1] + [codes[0]] + list(codes):
        if lang in versions:
            return lang
    return next(iter(versions))


def _document_pairs(texts: Texts) -> list[Pair]:
    pairs = []
    for (kind, key), versions in sorted(texts.groups.items()):
        source_lang = original_language(versions, texts.codes)
        source = versions[source_lang]
        for lang in (code for code in texts.codes if code != source_lang):
            doc = versions.get(lang)
            path = doc.source if doc else source.source.rsplit(".", 2)[0] + f".{lang}.md"
            reader = {source_lang: source.source, lang: path}
            pairs.append(Pair(path, source.source, path, source_lang, lang,
                               lambda side, reader=reader: _file_blocks(texts, reader[side]), doc is not None,
                               doc, source))
    return pairs


def _file_blocks(texts: Texts, path: str) -> list[Block]:
    text = texts.read_text(path)
    if text is None:
        return []
    meta, body, body_line, problems = split_front_matter(text, path)
    return document_blocks(meta, body, body_line) if meta is not None else []


def _strings_pairs(texts: Texts) -> list[Pair]:
    source_lang = texts.codes[0]
    tables = {lang: f"{STRINGS_FOLDER}/{lang}.yaml" for lang in texts.codes}
    if tables[source_lang] not in texts.yaml_files:
        return []
    return [Pair(tables[lang], tables[source_lang], tables[lang], source_lang, lang,
                  lambda side: _string_blocks(texts, tables[side]), tables[lang] in texts.yaml_files)
            for lang in texts.codes[1:]]


@lru_cache(maxsize=32)   # each YAML file is read for both of its sides, at each build: parsed once per text
def _parsed(text: str, path: str):
    return parse_yaml(text, path)


def _string_blocks(texts: Texts, path: str) -> list[Block]:
    table, problems = _parsed(texts.yaml_files.get(path, ""), path)
    if problems or not isinstance(table, dict):
        return []
    lines = getattr(table, "lines", {})
    return [Block(str(key), "text", value, lines.get(key, 1), lines.get(key, 1))
            for key, value in table.items() if isinstance(value, str)]


def _multilingual_pairs(texts: Texts) -> list[Pair]:
    pairs = []
    for path in sorted(p for p in texts.yaml_files if p.startswith(MULTILINGUAL_FILES)):
        for lang in texts.codes[1:]:
            pairs.append(Pair(f"{path}#{lang}", path, path, texts.codes[0], lang,
                               lambda side, path=path: _localized_blocks(texts, path, side)))
    return pairs


def _localized_blocks(texts: Texts, path: str, lang: str) -> list[Block]:
    value, problems = _parsed(texts.yaml_files[path], path)
    if problems:
        return []
    return [Block(where, "text", by_lang[lang][0], by_lang[lang][1], by_lang[lang][1])
            for where, by_lang in localized_texts(value, texts.codes) if lang in by_lang]


def _state(pair: Pair, records: dict[str, Record], texts: Texts) -> TranslationState | None:
    source_doc = pair.source_document
    updated = source_doc.updated if source_doc else None
    base = dict(translation=pair.translation, source=pair.source, lang=pair.lang, source_lang=pair.source_lang,
                key=pair.key, source_updated=updated)
    if not pair.exists:
        return TranslationState(**base, state=MISSING)
    untranslated = _untranslated(pair, texts)
    record = records.get(pair.key)
    if source_doc is not None and record is not None and record.original == pair.source \
            and record.signature == source_doc.facts.signature:   # the usual case: nothing read again
        return TranslationState(**base, state=UNTRANSLATED if untranslated else UP_TO_DATE,
                                untranslated=untranslated)
    current = pair.blocks(pair.source_lang)
    if not current and source_doc is None:      # a YAML file that does not parse: its own error says so
        return None
    if record is None or record.original != pair.source:
        return TranslationState(**base, state=UNTRANSLATED if untranslated else UNTRACKED, blocks=len(current),
                                untranslated=untranslated)
    if record.signature == signature(current):
        return TranslationState(**base, state=UNTRANSLATED if untranslated else UP_TO_DATE, blocks=len(current),
                                untranslated=untranslated)
    changes = changed_blocks(record, current, pair.blocks(pair.lang), by_field=source_doc is None)
    if not changes:   # only moved blocks
        return TranslationState(**base, state=UNTRANSLATED if untranslated else UP_TO_DATE, blocks=len(current),
                                untranslated=untranslated)
    return TranslationState(**base, state=STALE, blocks=len(current), changes=tuple(changes),
                            line=changes[0].translation_line, untranslated=untranslated)


def changed_blocks(record: Record, current: list[Block], translation: list[Block], by_field: bool) -> list[Change]:
    """The blocks of `current` (an original now) that its `record` does not hold, each with the recorded
    block it replaces and the block of `translation` that follows it."""
    return [_change(old, new, current, translation, by_field)
            for old, new in replaced_blocks(record, current, by_field)]


def replaced_blocks(record: Record, current: list[Block], by_field: bool) -> list[tuple]:
    """(recorded block or None, current block) for each block of `current` that `record` does not hold, and
    (recorded block, (position, None)) for a recorded block now gone. A block found elsewhere in the record
    has only moved: not a change. Blocks are matched by field (data texts, UI strings: `by_field`) or by
    their order (a page: difflib pairs the blocks replaced)."""
    recorded, now = record.blocks, {b.fingerprint for b in current}
    was = {b.fingerprint for b in recorded}
    if by_field:
        old = {b.field: b for b in recorded}
        pairs = [(old.get(b.field), b) for b in current if b.fingerprint not in was]
    else:
        pairs = []
        matcher = difflib.SequenceMatcher(None, [b.fingerprint for b in recorded], [b.fingerprint for b in current],
                                          autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                olds, news = list(recorded[i1:i2]), list(current[j1:j2])
                size = max(len(olds), len(news))
                pairs += [(olds[k] if k < len(olds) else None, news[k] if k < len(news) else (j2, None))
                          for k in range(size)]
        pairs = [(o, n) for o, n in pairs if not ((o is None or o.fingerprint in now) and
                                                  (not isinstance(n, Block) or n.fingerprint in was))]
    return pairs


def _change(old, new, current: list[Block], translation: list[Block], by_field: bool) -> Change:
    if not isinstance(new, Block):    # gone: shown at the place of the block after it
        position = new[0]
        line = current[position].line if position < len(current) else (current[-1].end + 1 if current else 1)
        follower = following(translation, current, position, None)
        return Change(line, old.text if old else "", "", follower.line if follower else line,
                      follower.text if follower else "")
    follower = following(translation, current, current.index(new), new.field if by_field or new.field != "body"
                         else None)
    return Change(new.line, old.text if old else "", new.text, follower.line if follower else 1,
                  follower.text if follower else "")


def following(translation: list[Block], current: list[Block], position: int, field: str | None) -> Block | None:
    """The translation's block that follows the original's block at `position`: the same field, or the body
    block at the same place among the body blocks."""
    if field is not None:
        return next((b for b in translation if b.field == field), None)
    body = [b for b in translation if b.field == "body"]
    index = sum(1 for b in current[:position] if b.field == "body")
    return body[min(index, len(body) - 1)] if body else None


def _untranslated(pair: Pair, texts: Texts) -> tuple[tuple[int, str], ...]:
    """(line, why) of the text a translation left in its original's language."""
    found = []
    doc, source = pair.document, pair.source_document
    if doc is not None and source is not None:
        if doc.draft:   # a draft is still being translated (like the placeholders of `new`)
            return ()
        for field, original in (("title", "title"), (_summary_field(doc), _summary_field(source))):
            if doc.facts.fingerprint_of(field) == source.facts.fingerprint_of(original):
                found.append((doc.facts.line_of(field), msg("`{field}` is the same as in {original}: translate it",
                                                            field=field, original=source.source)))
        found += [(line, _foreign(lang, doc.lang)) for line, lang in doc.facts.foreign]
    elif doc is None and pair.source_document is None:
        for block in pair.blocks(pair.lang):
            other = foreign_language(block.text, pair.lang, texts.codes)
            if other:
                found.append((block.line, _foreign(other, pair.lang)))
    return tuple(sorted(set(found)))


_LANGUAGE_NAMES = {"fr": msg("French"), "ro": msg("Romanian")}


def _foreign(found: str, wanted: str):
    return msg("this text is in {found}, not in {wanted}: translate it", found=_LANGUAGE_NAMES.get(found, found),
               wanted=_LANGUAGE_NAMES.get(wanted, wanted))


def _summary_field(doc: Document) -> str:
    return "summary" if doc.is_news else "description"


def _problems(state: TranslationState, texts: Texts) -> list[Problem]:
    problems = [Problem(state.translation, line, why, WARNING) for line, why in state.untranslated]
    if state.state == STALE:
        severity = "error" if texts.policy == "error" else NOTE
        problems.append(Problem(state.translation, state.line, stale_message(state), severity,
                                tuple(change_lines(state))))
    elif state.state == UNTRACKED:
        untracked = (msg("the {lang} texts of this file have no translation record yet: once they follow"
                         " {original}, run `python build.py translation done {path}`", lang=state.lang,
                         original=state.source, path=state.translation) if state.translation == state.source else
                     msg("this translation has no translation record yet: once it follows {original}, run"
                         " `python build.py translation done {path}`", original=state.source, path=state.translation))
        problems.append(Problem(state.translation, 1, untracked, NOTE))
    return problems


STATE_NAMES = {UP_TO_DATE: msg("up to date"), STALE: msg("stale"), MISSING: msg("missing"),
               UNTRANSLATED: msg("untranslated"), UNTRACKED: msg("untracked")}


def state_words(state: TranslationState):
    """A translation's state as `translation status` and the preview say it (a stale one: how much changed)."""
    if state.state != STALE:
        return STATE_NAMES[state.state]
    what = nmsg("stale: {changed} of {n} block changed", "stale: {changed} of {n} blocks changed", state.blocks,
                changed=len(state.changes))
    if state.source_updated:
        what = msg("{what}, original updated {date}", what=what, date=state.source_updated.isoformat())
    return what


def stale_message(state: TranslationState):
    what = (msg("{original} (updated {date})", original=state.source, date=state.source_updated.isoformat())
            if state.source_updated else state.source)
    lang = f" ({state.lang})" if state.translation == state.source else ""
    return nmsg("this translation{lang} is out of date: {changed} of the {n} block of its original, {what}, changed"
                " since it was translated; revise it, then run `python build.py translation done {path}`",
                "this translation{lang} is out of date: {changed} of the {n} blocks of its original, {what}, changed"
                " since it was translated; revise it, then run `python build.py translation done {path}`",
                state.blocks, lang=lang, changed=len(state.changes), what=what, path=state.translation)


def change_lines(state: TranslationState) -> list[str]:
    """The changed blocks, as `check` shows them under the problem: old and new text, changed words marked."""
    lines = []
    for change in state.changes:
        lines.append(f"    {state.source}:{change.line}:")
        old, new = word_diff(change.old, change.new, CONTEXT_WORDS)
        lines += [f"      - {old}" if change.old else msg("      - (new block)"),
                  f"      + {new}" if change.new else msg("      + (removed)")]
    return lines


CONTEXT_WORDS = 8   # unchanged words kept around each change in `check`'s word diff; "…" for the rest


def word_diff(old: str, new: str, context: int | None = None) -> tuple[str, str]:
    """The two texts with the words that differ marked, [-removed-] in the old one and {+added+} in the new
    one; with `context`, only that many unchanged words are kept around each change."""
    before, after = old.split(), new.split()
    marked_old, marked_new = [], []
    opcodes = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    for number, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            kept = _kept(before[i1:i2], context, first=number == 0, last=number == len(opcodes) - 1)
            marked_old += kept
            marked_new += kept
            continue
        if i2 > i1:
            marked_old.append("[-" + " ".join(before[i1:i2]) + "-]")
        if j2 > j1:
            marked_new.append("{+" + " ".join(after[j1:j2]) + "+}")
    return " ".join(marked_old), " ".join(marked_new)


def _kept(words: list[str], context: int | None, first: bool, last: bool) -> list[str]:
    """Unchanged words as a diff shows them: all, or `context` of them beside each change."""
    if context is None or len(words) <= 2 * context:
        return words
    head = [] if first else words[:context]
    tail = [] if last else words[-context:]
    return head + ["…"] + tail


def _disagreements(texts: Texts) -> list[Problem]:
    """Two files of one page that name different originals."""
    problems = []
    for versions in texts.groups.values():
        declared = {d.original for d in versions.values() if d.original}
        if len(declared) > 1:
            problems += [Problem(d.source, d.facts.line_of("original"), msg("the files of this text name different"
                                 " `original` languages: keep the same in each, or one only"))
                         for d in versions.values() if d.original]
    return problems


def record(texts: Texts, report: TranslationReport,
           chosen: Callable[[TranslationState], bool]) -> tuple[str, list[TranslationState]]:
    """`translation done`: the lock file's new text, in which each translation `chosen` follows its
    original as it is now, and the states recorded (`report`: track(texts), which the command has made)."""
    records = dict(parse_records(texts.lock)[0]) if texts.lock else {}
    done = []
    by_key = {pair.key: pair for pair in pairs(texts)}
    for state in (s for s in report.states if s.state != MISSING and chosen(s)):
        blocks = by_key[state.key].blocks(state.source_lang)
        records[state.key] = record_of(state.key, state.source, blocks, signature(blocks))
        done.append(state)
    return format_records(records), done


__all__ = ["LOCK_FILE", "TranslationReport", "TranslationState", "Texts", "track", "record"]
