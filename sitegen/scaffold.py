"""Scaffolding: the files of a new news item or page, one per language, as drafts that already build."""
from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .config import SiteConfig
from .errors import WARNING, Problem
from .messages import msg
from .proofread import fix_text

MAX_SLUG_LENGTH = 60
# Letters that Unicode does not decompose into a base letter and an accent.
_SPELLED_OUT = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "ø": "o", "Ø": "o",
                              "đ": "d", "Đ": "d", "ł": "l", "Ł": "l"})

# The placeholders each language's file starts with: valid text, so the draft builds at once.
PLACEHOLDERS = {
    "fr": {"summary": "Une ou deux phrases qui résument l'actualité.",
           "description": "Une phrase qui décrit la page.",
           "body": "Le texte, en Markdown.",
           "translate": ""},
    "ro": {"summary": "Una sau două fraze care rezumă noutatea.",
           "description": "O frază care descrie pagina.",
           "body": "Textul, în Markdown.",
           "translate": "# Traduceți titlul în română (și adăugați `slug: titlul-in-romana` dacă doriți).\n"},
}


def find_placeholders(text: str, path: str) -> list[Problem]:
    """Lines of a published file that still hold a text written by `new` (a warning each)."""
    placeholders = [value for texts in PLACEHOLDERS.values() for key, value in texts.items() if key != "translate"]
    if not any(p in text for p in placeholders):  # the whole text first: most files have none (speed)
        return []
    return [Problem(path, number, msg("this is still the placeholder text written by `new`: write the real text"),
                    WARNING)
            for number, line in enumerate(text.split("\n"), 1) if any(p in line for p in placeholders)]


@dataclass(frozen=True)
class NewFile:
    path: str   # from the site root
    text: str


def slugify(text: str) -> str:
    """A URL-safe name from any title: "Coopération policière" -> "cooperation-policiere"."""
    spelled = unicodedata.normalize("NFKD", text.translate(_SPELLED_OUT))
    ascii_text = "".join(c for c in spelled if not unicodedata.combining(c)).lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    slug = ""
    for word in words:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > MAX_SLUG_LENGTH and slug:
            break
        slug = longer
    return slug[:MAX_SLUG_LENGTH]


def news_files(config: SiteConfig, title: str, date: dt.date, slug: str = "") -> list[NewFile]:
    """One news file per language, named <date>-<slug>.<lang>.md."""
    name = f"{date.isoformat()}-{slug or slugify(title)}"
    return [NewFile(f"content/news/{name}.{code}.md",
                    _front_matter(code, title, [("date", date.isoformat()),
                                                ("summary", _quoted(_text(code, "summary")))]))
            for code in config.codes]


def page_files(config: SiteConfig, name: str, title: str, date: dt.date) -> list[NewFile]:
    """One page file per language, named <name>.<lang>.md."""
    return [NewFile(f"content/pages/{name}.{code}.md",
                    _front_matter(code, title, [("description", _quoted(_text(code, "description"))),
                                                ("updated", date.isoformat())]))
            for code in config.codes]


def _front_matter(lang: str, title: str, fields: list[tuple[str, str]]) -> str:
    rows = [f"title: {_quoted(fix_text(title, lang))}"] + [f"{key}: {value}" for key, value in fields]
    return ("---\n" + _text(lang, "translate") + "\n".join(rows) + "\ndraft: true\n---\n"
            + _text(lang, "body") + "\n")


def _text(lang: str, key: str) -> str:
    return PLACEHOLDERS.get(lang, PLACEHOLDERS["fr"])[key]


def _quoted(text: str) -> str:
    # A JSON string is a YAML double-quoted scalar: any title is safe, whatever its quotes and colons.
    return json.dumps(text, ensure_ascii=False)


def page_title(name: str) -> str:
    """The title a page name suggests: "contact-presse" -> "Contact presse"; a written title stays."""
    return name if (" " in name or name != name.lower()) else name.replace("-", " ").capitalize()


def create_files(root: Path, files: list[NewFile]) -> list[Problem]:
    """Write the new files, or none of them if any already exists (nothing is ever overwritten)."""
    taken = [Problem(f.path, 1, msg("this file already exists: choose another title or slug (nothing was written)"))
             for f in files if (root / f.path).exists()]
    if taken:
        return taken
    for new in files:
        target = root / new.path
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8", newline="\n") as stream:  # "x": fails if it appeared meanwhile
            stream.write(new.text)
    return []
