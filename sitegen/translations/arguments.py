"""The `translation` sub-command's arguments, apart from commands.py: the command line is parsed at every
start, and a build need not import what tracks translations."""
from __future__ import annotations

from pathlib import Path

from ..messages import say


def add_translation_command(commands) -> None:
    command = commands.add_parser("translation", help=say("keep translations in step with their originals"))
    actions = command.add_subparsers(dest="action", metavar="ACTION", required=True)
    status = actions.add_parser("status", help=say("the state of every translation: up to date, stale, missing,"
                                               " untranslated or untracked"))
    status.add_argument("--json", action="store_true", help=say("print a JSON list (for scripts)"))
    done = actions.add_parser("done", help=say("record that translations follow their originals as they are now"))
    done.add_argument("paths", nargs="*", metavar="PATH", help=say("a translation: a .ro.md/.fr.md file, a data file,"
                                                              " a UI string table"))
    done.add_argument("--all", action="store_true", help=say("record every existing translation (a site adopting"
                                                         " translation records)"))
    export = actions.add_parser("export", help=say("write what needs translating into LANG as an XLIFF 1.2 file,"
                                               " for a translator's tool"))
    export.add_argument("lang", metavar="LANG", help=say("the language to translate into (ro, fr...)"))
    export.add_argument("--output", required=True, type=Path, metavar="FILE.xlf", help=say("the XLIFF file to write"))
    export.add_argument("--all", action="store_true", help=say("every block, translated ones included (for a"
                                                           " translation memory)"))
    imported = actions.add_parser("import", help=say("write the translations of an XLIFF file back into the site"))
    imported.add_argument("file", type=Path, metavar="FILE.xlf", help=say("an XLIFF 1.2 file made by `export`"))
