"""Making and checking the message catalogs: `python -m sitegen.locale.catalogs` writes sitegen.pot from the
code (and argparse's own words) and merges it into each language's sitegen.po (new messages untranslated,
changed ones fuzzy), as Babel's extract and update do. The tests use the same functions."""
from __future__ import annotations

import argparse
import datetime as dt
import inspect
import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).resolve().parent
SITEGEN = HERE.parent
KEYWORDS = {"msg": None, "say": None, "nmsg": (1, 2)}
LANGUAGES = ("fr", "ro")
CREATED = dt.datetime(2026, 12, 7, tzinfo=dt.timezone.utc)   # fixed: no churn in the files at each update


def extracted() -> Catalog:
    """Every message of sitegen's code (msg, nmsg, say) and of argparse (its own `_()` words)."""
    template = Catalog(project="sitegen", domain="sitegen", fuzzy=False, creation_date=CREATED,
                       copyright_holder="the ASI site", msgid_bugs_address="", version="1")
    for filename, line, message, comments, _ in extract_from_dir(str(SITEGEN), method_map=[("**.py", "python")],
                                                                 keywords=KEYWORDS):
        template.add(message, locations=[(f"sitegen/{filename}", line)], flags=_flags(message))
    for message in sorted(set(re.findall(r"""_\((['"])(.*?)\1\)""", inspect.getsource(argparse)))):
        template.add(message[1].encode().decode("unicode_escape"), locations=[("argparse", 0)],
                     flags=("python-format",) if "%" in message[1] else ())
    return template


def _flags(message) -> tuple[str, ...]:
    text = message if isinstance(message, str) else message[0]
    return ("python-brace-format",) if "{" in text else ()


def update() -> None:
    template = extracted()
    with open(HERE / "sitegen.pot", "wb") as stream:
        write_po(stream, template, width=100, omit_header=False, sort_output=True)
    for lang in LANGUAGES:
        path = HERE / lang / "LC_MESSAGES" / "sitegen.po"
        catalog = read_po(io.BytesIO(path.read_bytes()), locale=lang) if path.exists() else Catalog(locale=lang,
                                                                                                   domain="sitegen")
        catalog.update(template, no_fuzzy_matching=False)
        catalog.fuzzy, catalog.project, catalog.version = False, "sitegen", "1"
        catalog.revision_date = catalog.creation_date = CREATED
        catalog.last_translator, catalog.language_team = "the ASI site's developers", f"{lang}"
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as stream:
            write_po(stream, catalog, width=100, sort_output=True, ignore_obsolete=True)


if __name__ == "__main__":
    update()
