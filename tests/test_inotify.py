"""The dev server's inotify watcher: a save, a new file, a new folder and the config file are heard."""
from __future__ import annotations

import sys
import time

import pytest

from sitegen.inotify import Inotify

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")


def heard(watcher: Inotify, seconds: float = 2) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if watcher.changed():
            return True
        time.sleep(0.01)
    return False


def test_saves_in_watched_folders_and_the_config_are_heard(tmp_path):
    content = tmp_path / "content" / "news"
    content.mkdir(parents=True)
    (content / "a.fr.md").write_text("un", "utf-8")
    config = tmp_path / "site_config.yaml"
    config.write_text("base_url: x", "utf-8")
    watcher = Inotify([tmp_path / "content"], [config])
    try:
        assert not watcher.changed()
        (content / "a.fr.md").write_text("deux", "utf-8")
        assert heard(watcher)
        (tmp_path / "content" / "pages").mkdir()
        assert heard(watcher)
        (tmp_path / "content" / "pages" / "b.fr.md").write_text("trois", "utf-8")  # in the new folder
        assert heard(watcher)
        config.write_text("base_url: y", "utf-8")
        assert heard(watcher)
        (tmp_path / "output").mkdir()  # beside the config, not watched
        (tmp_path / "notes.txt").write_text("rien", "utf-8")
        assert not heard(watcher, 0.3)
    finally:
        watcher.close()
