"""Assets under content-hashed names (site.3f2a9c1b.css): a new content is a new name, so a CDN caches forever."""
from __future__ import annotations

import hashlib
import posixpath
import re

from .load import Asset

HASH_LENGTH = 8
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')\s]+)\1\s*\)""")


def hashed_name(path: str, data: bytes) -> str:
    """"site.css" -> "site.<first 8 hex digits of the SHA-256 of its bytes>.css"."""
    digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
    folder, name = posixpath.split(path)
    stem, dot, extension = name.rpartition(".")
    hashed = f"{stem}.{digest}.{extension}" if dot and stem else f"{name}.{digest}"
    return posixpath.join(folder, hashed)


def fingerprint(assets: tuple[Asset, ...]) -> dict[str, Asset]:
    """{source name: the asset under its hashed name}. Stylesheets first point at the other assets' hashed
    names, so that changing an image also renames every stylesheet that uses it."""
    others = {a.path: Asset(hashed_name(a.path, a.data), a.data) for a in assets if not _is_css(a.path)}
    renamed = {name: asset.path for name, asset in others.items()}
    sheets = {}
    for sheet in (a for a in assets if _is_css(a.path)):
        data = _point_at_hashed(sheet, renamed)
        sheets[sheet.path] = Asset(hashed_name(sheet.path, data), data)
    return dict(sorted({**others, **sheets}.items()))


def _is_css(path: str) -> bool:
    return path.endswith(".css")


def _point_at_hashed(sheet: Asset, renamed: dict[str, str]) -> bytes:
    folder = posixpath.dirname(sheet.path)

    def swap(match: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(folder, match.group(2)))
        if target not in renamed:
            return match.group(0)
        return f"url({match.group(1)}{posixpath.relpath(renamed[target], folder or '.')}{match.group(1)})"

    text = sheet.data.decode("utf-8", "surrogateescape")  # keep any byte as it was
    return _CSS_URL.sub(swap, text).encode("utf-8", "surrogateescape")
