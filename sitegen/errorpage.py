"""The page the preview shows while the site cannot be built: every problem, in the language of the page."""
from __future__ import annotations

from html import escape

from .errors import Problem
from .messages import catalog, shown

# Built in, not from content/strings/ or templates/: those may be the very files that are broken.
TEXTS = {
    "fr": {"title": "Le site ne peut pas être construit",
           "lead": "Corrigez le fichier nommé ci-dessous et enregistrez-le\u00a0: cette page reviendra"
                   " d’elle-même. Le terminal affiche les mêmes messages.",
           "file": "Fichier", "line": "Ligne", "problem": "Problème"},
    "ro": {"title": "Site-ul nu poate fi construit",
           "lead": "Corectați fișierul numit mai jos și salvați-l: pagina va reveni singură."
                   " Terminalul afișează aceleași mesaje.",
           "file": "Fișier", "line": "Linia", "problem": "Problemă"},
}
DEFAULT_LANGUAGE = "fr"

_STYLE = ("body{font:1rem/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;"
          "color:#1e1e1e}h1{color:#a00;font-size:1.5rem}table{border-collapse:collapse;width:100%}"
          "th,td{border:1px solid #bbb;padding:.4rem .6rem;text-align:left;vertical-align:top}"
          "th{background:#f2f2f2}code{font-size:.95em;word-break:break-all}")


def page_language(path: str) -> str:
    """The language of the page asked for, from its first folder ("/ro/noutati/" -> "ro")."""
    first = path.strip("/").split("/", 1)[0]
    return first if first in TEXTS else DEFAULT_LANGUAGE


def error_page(problems: list[Problem], lang: str) -> bytes:
    """A whole HTML page listing the problems; it has a </head> so the live-reload script can be added."""
    text = TEXTS.get(lang, TEXTS[DEFAULT_LANGUAGE])
    words = catalog(lang)   # the problems in the page's language, like the page around them
    rows = "\n".join(f"<tr><td><code>{escape(p.path)}</code></td><td>{p.line}</td><td>{escape(shown(p.message, words))}"
                     "</td></tr>" for p in sorted(problems))
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="robots" content="noindex">\n<title>{escape(text["title"])}</title>\n'
            f'<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{escape(text["title"])}</h1>\n'
            f'<p>{escape(text["lead"])}</p>\n<table>\n<thead><tr><th scope="col">{text["file"]}</th>'
            f'<th scope="col">{text["line"]}</th><th scope="col">{text["problem"]}</th></tr></thead>\n'
            f'<tbody>\n{rows}\n</tbody>\n</table>\n</main>\n</body>\n</html>\n').encode("utf-8")
