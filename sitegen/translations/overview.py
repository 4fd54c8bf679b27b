"""The preview's /_translations/ page: every translation's state and, for each stale one, what changed in its
original beside the translation's current text (served by `serve`, never written by `build`)."""
from __future__ import annotations

import difflib
from html import escape

from ..messages import editor_language, nmsg, say, shown
from .tracking import STALE, TranslationReport, TranslationState, state_words

ROUTE = "/_translations/"
_STALE_CLASS = ' class="stale"'
_STYLE = ("body{font:1rem/1.5 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1e1e1e}"
          "h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}table{border-collapse:collapse;width:100%}"
          "th,td{border:1px solid #bbb;padding:.4rem .6rem;text-align:left;vertical-align:top}th{background:#f2f2f2}"
          "code{font-size:.9em;word-break:break-all}del{background:#fdd;color:#600}ins{background:#dfd;color:#040}"
          ".stale{color:#a00;font-weight:600}")


def overview_page(report: TranslationReport) -> bytes:
    """A whole HTML page (with a </head>, so that the live-reload script can be added)."""
    rows = "\n".join(f"<tr><td><code>{escape(s.translation)}</code>{_lang(s)}</td><td><code>{escape(s.source)}"
                     f"</code></td><td{_STALE_CLASS if s.state == STALE else ''}>{escape(_state_text(s))}"
                     "</td></tr>" for s in report.states)
    stale = "\n".join(_changes(s) for s in report.states if s.state == STALE)
    title = escape(say("Translations"))
    summary = shown(nmsg("{n} translation; {stale} stale. Once a translation follows its original again, run"
                         " {command}.", "{n} translations; {stale} stale. Once a translation follows its original"
                         " again, run {command}.",
                         len(report.states), stale=sum(s.state == STALE for s in report.states),
                         command="\x00"))
    summary = escape(summary).replace("\x00", "<code>python build.py translation done FILE</code>")
    heads = [escape(say("Translation")), escape(say("Original")), escape(say("State"))]
    return (f'<!DOCTYPE html>\n<html lang="{editor_language()}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="robots" content="noindex">\n'
            f'<title>{title}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n'
            f'<p>{summary}</p>\n<table>\n<thead><tr><th scope="col">{heads[0]}</th>'
            f'<th scope="col">{heads[1]}</th><th scope="col">{heads[2]}</th></tr>'
            f'</thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n{stale}\n</main>\n</body>\n</html>\n').encode("utf-8")


def _lang(state: TranslationState) -> str:
    return f" ({escape(state.lang)})" if state.translation == state.source else ""


def _state_text(state: TranslationState) -> str:
    return shown(state_words(state))


def _changes(state: TranslationState) -> str:
    rows = "\n".join(
        f"<tr><td><code>{escape(state.source)}:{c.line}</code><br>{_marked(c.old, c.new)}</td>"
        f"<td><code>{escape(state.translation)}:{c.translation_line}</code><br>{escape(c.translation_text)}</td></tr>"
        for c in state.changes)
    heads = [escape(say("The original, then → now")), escape(say("The translation now"))]
    return (f'<h2><code>{escape(state.translation)}</code>{_lang(state)}</h2>\n<table>\n<thead><tr>'
            f'<th scope="col">{heads[0]}</th><th scope="col">{heads[1]}</th></tr></thead>\n'
            f"<tbody>\n{rows}\n</tbody>\n</table>")


def _marked(old: str, new: str) -> str:
    """The change as a word diff: removed words struck out, added ones underlined."""
    before, after, out = old.split(), new.split(), []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(escape(" ".join(before[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(' '.join(before[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(' '.join(after[j1:j2]))}</ins>")
    return " ".join(out) or "—"
