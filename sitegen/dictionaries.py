"""Where the Hunspell dictionaries of the site's languages and libenchant are: file look-ups only, nothing
opened (a build's key depends on them, spelling.py opens them when a word must be judged)."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from .cache import digest

# The Hunspell dictionary of each language, and its name in messages.
LANGUAGES = {"fr": ("fr_FR", "French"), "ro": ("ro_RO", "Romanian")}
# Where libenchant is installed (Debian's libenchant-2-2, other distributions, Homebrew): exact paths, looked
# at by every build (a glob of /usr/lib/* costs milliseconds); PYENCHANT_LIBRARY_PATH names another one.
_MULTIARCH = getattr(sys.implementation, "_multiarch", "")
LIBRARY_PATHS = (f"/usr/lib/{_MULTIARCH}/libenchant-2.so.2", "/usr/lib/libenchant-2.so.2", "/usr/lib64/libenchant-2.so.2",
                 "/usr/local/lib/libenchant-2.so.2", "/opt/homebrew/lib/libenchant-2.dylib",
                 "/usr/local/lib/libenchant-2.dylib")


def dictionary_dirs() -> tuple[str, ...]:
    """The folders libenchant's Hunspell provider reads dictionaries from, in its order (its user folder,
    then the system's data folders): the file found first is the one it opens."""
    config = os.environ.get("ENCHANT_CONFIG_DIR") or os.path.join(
        os.environ.get("XDG_CONFIG_HOME") or os.path.expanduser("~/.config"), "enchant")
    data = (os.environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share").split(":")
    return (os.path.join(config, "hunspell"), *(os.path.join(d, "hunspell") for d in data if d), "/usr/share/hunspell")


@dataclass(frozen=True)
class Dictionaries:
    """The Hunspell dictionaries found for the site's languages: {lang: path of the .dic}, and what is
    missing (a language without its dictionary, or libenchant itself)."""
    found: tuple[tuple[str, str], ...]
    identity: str               # the files' paths, sizes and times, and the library's: what a result depends on
    missing: tuple[str, ...]    # languages whose dictionary is not installed
    library: str = ""           # libenchant's file, "" when it is not installed


def find_dictionaries(codes: tuple[str, ...], dirs: tuple[str, ...] | None = None) -> Dictionaries:
    """The dictionaries of the languages of `codes` that have one (`LANGUAGES`), looked for in `dirs`
    (libenchant's folders by default): file system look-ups only, nothing is opened."""
    dirs = dictionary_dirs() if dirs is None else dirs
    found, missing, parts = [], [], []
    for code in (c for c in codes if c in LANGUAGES):
        tag = LANGUAGES[code][0]
        path = next((p for d in dirs if os.path.isfile(p := os.path.join(d, tag + ".dic"))
                     and os.path.isfile(p[:-4] + ".aff")), None)
        if path is None:
            missing.append(code)
            continue
        found.append((code, path))
        parts += [path, *(_stat(p) for p in (path, path[:-4] + ".aff"))]
    library = os.environ.get("PYENCHANT_LIBRARY_PATH") or next((p for p in LIBRARY_PATHS if os.path.exists(p)), "")
    return Dictionaries(tuple(found), digest(*parts, library), tuple(missing), library)


def _stat(path: str) -> str:
    info = os.stat(path)
    return f"{info.st_size}:{info.st_mtime_ns}"
