"""Without Chromium the browser tests skip with an install hint, except under CI=true where they fail."""
from __future__ import annotations

import pytest

import browser


def test_a_missing_chromium_skips_with_the_install_command(monkeypatch):
    monkeypatch.setattr(browser.shutil, "which", lambda name: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        browser.chromium_path()


def test_a_missing_chromium_fails_under_ci(monkeypatch):
    monkeypatch.setattr(browser.shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="apt-get install chromium"):
        browser.chromium_path()


def test_the_system_chromium_is_the_one_used(monkeypatch):
    monkeypatch.setattr(browser.shutil, "which", lambda name: f"/usr/bin/{name}")
    assert browser.chromium_path() == "/usr/bin/chromium"
