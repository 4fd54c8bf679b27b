"""`python build.py translation status|done`: the translations' states, and recording them as done."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from ..errors import Problem, format_report
from ..messages import msg, nmsg, say, shown
from .records import LOCK_FILE
from .tracking import MISSING, STALE, TranslationState, record, state_words, track


def run_translation(root: Path, args, texts_of) -> int:
    """`texts_of()` gives (translation texts or None, problems, the files that could not be read):
    checking.translation_texts for the site."""
    texts, problems, unreadable = texts_of()
    if texts is None or unreadable:
        print(format_report(unreadable or problems), file=sys.stderr)
        return 1
    if args.action == "status":
        report, _ = track(texts)
        print(json.dumps([_as_json(s) for s in report.states], ensure_ascii=False, indent=1) if args.json
              else "\n".join(status_line(s) for s in report.states))
        return 0
    if args.action == "export":
        return _export(texts, args)
    if args.action == "import":
        return _import(root, texts, args)
    return _done(root, texts, args)


def _export(texts, args) -> int:
    from ..write import replace_file
    from .exchange import export_xliff  # here: lxml and Markdown load only for a translator's file
    if args.lang not in texts.codes:
        print(say("translation export: {lang} is not a language of the site ({codes})", lang=repr(args.lang),
                  codes=", ".join(texts.codes)), file=sys.stderr)
        return 1
    document, files, units = export_xliff(texts, args.lang, args.all)
    if document is None:
        print(say("Nothing needs translating into {lang}: every translation is up to date (--all exports every"
                  " block).", lang=args.lang))
        return 0
    replace_file(args.output, document)
    print(shown(nmsg("Wrote {output}: {n} unit from {files} to translate into {lang}.",
                     "Wrote {output}: {n} units from {files} to translate into {lang}.", units, output=args.output,
                     files=nmsg("{n} file", "{n} files", files), lang=args.lang)))
    return 0


def _import(root: Path, texts, args) -> int:
    from ..write import replace_files
    from .exchange import import_xliff
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(Problem(str(args.file), 1, msg("cannot read the file: {reason}", reason=exc.strerror or exc)),
              file=sys.stderr)
        return 1
    imported, problems = import_xliff(texts, data, str(args.file))
    if problems:
        print(format_report(problems), file=sys.stderr)
        print(say("Nothing was imported: no file was changed."), file=sys.stderr)
        return 1
    changes = {root / path: text.encode("utf-8") for path, text in imported.files.items()}
    if imported.lock is not None:
        changes[root / LOCK_FILE] = imported.lock.encode("utf-8")
    replace_files(changes)
    for path in sorted(imported.files):
        print(say("updated {path}", path=path))
    done = nmsg("Imported {n} unit into {files}", "Imported {n} units into {files}", imported.units,
                files=nmsg("{n} file", "{n} files", len(imported.files)))
    if imported.still_stale:
        done = nmsg("{done}; {n} still to review (its state is not translated, final or signed-off)",
                    "{done}; {n} still to review (their state is not translated, final or signed-off)",
                    imported.still_stale, done=done)
    print(shown(done) + ".")
    return 0


def status_line(state: TranslationState) -> str:
    """One translation: its file, its original's, its state (and for a stale one, how much changed)."""
    lang = f" ({state.lang})" if state.translation == state.source else ""
    return f"{state.translation}{lang} <- {state.source}: {shown(state_words(state))}"


def _as_json(state: TranslationState) -> dict:
    found = {"translation": state.translation, "source": state.source, "lang": state.lang,
             "source_lang": state.source_lang, "state": state.state, "blocks": state.blocks}
    if state.source_updated:
        found["source_updated"] = state.source_updated.isoformat()
    if state.state == STALE:
        found["line"] = state.line
        found["changed"] = [{"line": c.line, "old": c.old, "new": c.new, "translation_line": c.translation_line,
                             "translation": c.translation_text} for c in state.changes]
    if state.untranslated:
        found["untranslated"] = [{"line": line, "why": shown(why)} for line, why in state.untranslated]
    return found


def _done(root: Path, texts, args) -> int:
    from ..write import replace_file
    report, _ = track(texts)
    if args.all == bool(args.paths):
        print(say("translation done: name the translations (PATH...) or give --all"), file=sys.stderr)
        return 1
    wanted = {_site_path(root, p) for p in args.paths}
    problems = [] if args.all else _unknown(wanted, report.states)
    if problems:
        print(format_report(problems), file=sys.stderr)
        return 1
    text, done = record(texts, report, lambda s: args.all or s.translation in wanted)
    replace_file(root / LOCK_FILE, text.encode("utf-8"))
    for state in done:
        lang = f" ({state.lang})" if state.translation == state.source else ""
        print(shown(nmsg("recorded {path}{lang}: follows {original} ({n} block)",
                         "recorded {path}{lang}: follows {original} ({n} blocks)", state.blocks, path=state.translation,
                         lang=lang, original=state.source)))
    print(shown(nmsg("{n} translation recorded in {lock}: commit it with the content.",
                     "{n} translations recorded in {lock}: commit it with the content.", len(done), lock=LOCK_FILE)))
    return 0


def _site_path(root: Path, given: str) -> str:
    """A path as the site names it ("content/pages/x.ro.md"), from one relative to here or absolute."""
    path = Path(given)
    absolute = path if path.is_absolute() else Path.cwd() / path
    try:
        return Path(os.path.normpath(absolute)).relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _unknown(wanted: set[str], states) -> list[Problem]:
    """A problem for each path that names no existing translation (an original, a missing file...)."""
    problems = []
    for path in sorted(wanted):
        mine = [s for s in states if s.translation == path]
        as_original = [s for s in states if s.source == path and s.translation != path]
        if mine and all(s.state == MISSING for s in mine):
            problems.append(Problem(path, 1, msg("this translation does not exist yet: create it first")))
        elif not mine and as_original:
            problems.append(Problem(path, 1, msg("this is an original, not a translation: name its translation"
                                                 " ({translations})",
                                                 translations=", ".join(s.translation for s in as_original))))
        elif not mine:
            problems.append(Problem(path, 1, msg("this is not a translation the site knows (a page or news file, a"
                                                 " data file or a UI string table)")))
    return problems
