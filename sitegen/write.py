"""Writing the rendered site: each changed file replaced atomically, stale files removed, nothing half-written."""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildFailed, Problem

MANIFEST = ".sitegen-manifest.json"


@dataclass(frozen=True)
class WriteStats:
    written: int
    unchanged: int
    removed: int


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_site(outputs: dict[str, bytes], out_dir: Path) -> WriteStats:
    """Make `out_dir` hold exactly `outputs`, touching only files whose bytes changed."""
    previous = _read_manifest(out_dir)
    current = {path: digest(data) for path, data in outputs.items()}
    written = unchanged = 0
    for path in sorted(outputs):
        target = out_dir / path
        if previous.get(path) == current[path] and target.is_file():
            unchanged += 1
            continue
        _replace(target, outputs[path])
        written += 1
    stale = sorted(set(previous) - set(current))
    for path in stale:
        _remove(out_dir, path)
    _replace(out_dir / MANIFEST, json.dumps(current, indent=0, sort_keys=True).encode())
    return WriteStats(written, unchanged, len(stale))


def _read_manifest(out_dir: Path) -> dict[str, str]:
    manifest = out_dir / MANIFEST
    if manifest.is_file():
        try:
            return json.loads(manifest.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
    if out_dir.exists() and any(out_dir.iterdir()):
        raise BuildFailed([Problem(str(out_dir), 1, "this output folder holds files this tool did not write:"
                                                    " empty it or choose another with --output")])
    return {}


def _replace(target: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: readers see the old or the new file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _remove(out_dir: Path, path: str) -> None:
    target = out_dir / path
    target.unlink(missing_ok=True)
    for parent in target.parents:
        if parent == out_dir or not parent.is_dir() or any(parent.iterdir()):
            break
        parent.rmdir()
