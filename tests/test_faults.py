"""Faults injected into real builds: kill -9 at random points, a full disk, a damaged or locked cache.
Each time the output ends up exactly what a clean build writes, or stays as it was, with one line said."""
from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from conftest import BUILD_DAY, build_copy, edit, tree_bytes
from sitegen.cli import main
from sitegen.write import MANIFEST

PAGE_FR = "content/pages/index.fr.md"


def cli(root, *argv, capsys) -> tuple[int, str, str]:
    code = main(list(argv), root)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def fixed_day(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # BUILD_DAY, for the CLI's builds


def test_kill_9_at_random_points_then_a_build_gives_a_clean_builds_output(tmp_path):
    """A large build killed (SIGKILL, it and its worker processes) while loading, rendering or moving
    files in; the next build's output is byte for byte a clean build's, whatever the kill left."""
    from bench.corpus import make_site
    site = make_site(tmp_path / "site", 300)
    run = dict(cwd=site, capture_output=True, text=True, timeout=300)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    assert subprocess.run([sys.executable, "build.py", "build", "--output", str(tmp_path / "clean")], env=env,
                          **run).returncode == 0
    clean = tree_bytes(tmp_path / "clean")
    started = time.perf_counter()
    subprocess.run([sys.executable, "build.py", "build", "--no-cache", "--output", str(tmp_path / "timing")],
                   env=env, **run)
    duration = time.perf_counter() - started
    rng = random.Random(14)
    output = tmp_path / "output"
    for round_number in range(6):
        if round_number % 2:  # every other round, the news change: the killed build has files to replace
            edit(site, sorted((site / "content/news").glob("*.fr.md"))[round_number].relative_to(site).as_posix(),
                 "\n---\n", f"\n---\nRévision {round_number}.\n\n")
            clean = None
        victim = subprocess.Popen([sys.executable, "build.py", "build", "--no-cache", "--output", str(output)],
                                  cwd=site, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  start_new_session=True)
        time.sleep(rng.uniform(0.05, duration))
        os.killpg(victim.pid, signal.SIGKILL)
        victim.wait()
        again = subprocess.run([sys.executable, "build.py", "build", "--output", str(output)], env=env, **run)
        assert again.returncode == 0, again.stderr
        assert "warning" not in again.stderr, again.stderr  # nothing left behind that the build did not write
        if clean is None:
            fresh = tmp_path / f"fresh-{round_number}"
            assert subprocess.run([sys.executable, "build.py", "build", "--output", str(fresh)], env=env,
                                  **run).returncode == 0
            clean = tree_bytes(fresh)
        assert tree_bytes(output) == clean, round_number


@pytest.mark.parametrize("fails", ["first-file", "third-file", "the-manifest"])
def test_a_full_disk_is_one_line_and_the_previous_output_stays(site_copy, fails, capsys, monkeypatch, fixed_day):
    """Writes that fail as on a full disk: the first, the third, or only the manifest's (the last one)."""
    from sitegen import write
    output = build_copy(site_copy, today=BUILD_DAY)
    before = tree_bytes(output)
    edit(site_copy, "site_config.yaml", "news_per_page: 5", "news_per_page: 2")  # many pages change
    real, done = write._write_new, []

    def write_new(path, data):
        if (path.endswith(MANIFEST) if fails == "the-manifest" else len(done) >= {"first-file": 0, "third-file": 2}[fails]):
            raise OSError(errno.ENOSPC, "No space left on device", path)
        done.append(path)
        real(path, data)
    monkeypatch.setattr(write, "_write_new", write_new)
    code, _, err = cli(site_copy, "build", "--jobs", "1", capsys=capsys)
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith("output:1: cannot write the output: No space left on device"), err
    assert lines[1:] == ["1 error, 0 warnings", "Build stopped: output/ was left as it was."]
    assert tree_bytes(output) == before
    monkeypatch.setattr(write, "_write_new", real)
    assert cli(site_copy, "build", capsys=capsys)[0] == 0  # space again: the build goes through


def test_a_real_full_file_system(tmp_path, capsys, fixed_day):
    """The output on a small tmpfs: a build that fits, then one with a large new download that does not."""
    from conftest import copy_site
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    site = copy_site(tmp_path / "site")
    disk = tmp_path / "disk"
    disk.mkdir()
    size = sum(len(data) for data in tree_bytes(build_copy(site, output=tmp_path / "probe")).values())
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size // 1024 + 256}k", "tmpfs", str(disk)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        output = disk / "output"
        assert cli(site, "build", "--output", str(output), capsys=capsys)[0] == 0
        before = tree_bytes(output)
        (site / "content/files/annexe.pdf").write_bytes(os.urandom(2_000_000))
        edit(site, PAGE_FR, "## Présentation", "[Annexe](../files/annexe.pdf)\n\n## Présentation")
        code, _, err = cli(site, "build", "--output", str(output), capsys=capsys)
        assert code == 1 and "cannot write the output: No space left on device" in err, err
        assert "Traceback" not in err and len(err.splitlines()) == 3
        assert tree_bytes(output) == before
        assert not [p for p in output.iterdir() if p.name.startswith(".sitegen-staging-")]
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_a_damaged_cache_is_said_once_and_the_build_goes_on(site_copy, tmp_path, capsys, fixed_day):
    assert cli(site_copy, "build", capsys=capsys)[0] == 0
    (site_copy / ".cache/build.sqlite").write_bytes(b"not a database at all" * 100)
    code, _, err = cli(site_copy, "build", capsys=capsys)
    assert code == 0
    assert err.count("the build cache .cache/build.sqlite was damaged") == 1, err
    fresh = build_copy(site_copy, output=tmp_path / "fresh", cache=False)
    assert tree_bytes(site_copy / "output") == tree_bytes(fresh)
    code, _, err = cli(site_copy, "build", capsys=capsys)
    assert code == 0 and "cache" not in err  # started again: nothing more to say


HOLD_CACHE = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA locking_mode = EXCLUSIVE")
db.execute("BEGIN EXCLUSIVE")
db.execute("CREATE TABLE IF NOT EXISTS held (x)")
print("locked", flush=True)
time.sleep(600)
"""


def test_a_cache_locked_by_another_process_is_said_once_and_the_build_goes_on(site_copy, tmp_path, capsys,
                                                                              fixed_day):
    assert cli(site_copy, "build", capsys=capsys)[0] == 0
    edit(site_copy, PAGE_FR, "## Présentation", "Texte ajouté.\n\n## Présentation")
    inode = (site_copy / ".cache/build.sqlite").stat().st_ino
    holder = subprocess.Popen([sys.executable, "-c", HOLD_CACHE, str(site_copy / ".cache/build.sqlite")],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.perf_counter()
        code, _, err = cli(site_copy, "build", capsys=capsys)
        assert time.perf_counter() - started < 8
    finally:
        holder.kill()
        holder.wait()
    assert code == 0, err
    assert err.count("the build cache .cache/build.sqlite is locked by another process") == 1, err
    assert "Texte ajouté." in (site_copy / "output/fr/index.html").read_text("utf-8")
    fresh = build_copy(site_copy, output=tmp_path / "fresh", cache=False)
    assert tree_bytes(site_copy / "output") == tree_bytes(fresh)
    code, _, err = cli(site_copy, "build", capsys=capsys)
    assert code == 0 and "cache" not in err
    assert (site_copy / ".cache/build.sqlite").stat().st_ino == inode  # never deleted from under the other process


HOLD_WRITES = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute("CREATE TABLE IF NOT EXISTS held (x)")
print("writing", flush=True)
time.sleep(600)
"""


def test_a_cache_another_process_writes_for_long_is_said_once(site_copy, tmp_path, capsys, fixed_day):
    """Another process holds the cache's write lock through the build: the cache is read, the results
    are not kept (after one wait), and that is said once."""
    assert cli(site_copy, "build", capsys=capsys)[0] == 0
    edit(site_copy, PAGE_FR, "## Présentation", "Texte ajouté.\n\n## Présentation")
    holder = subprocess.Popen([sys.executable, "-c", HOLD_WRITES, str(site_copy / ".cache/build.sqlite")],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "writing"
        started = time.perf_counter()
        code, _, err = cli(site_copy, "build", "--jobs", "1", capsys=capsys)
        assert time.perf_counter() - started < 20  # one wait of 10 s at most, not one per write
    finally:
        holder.kill()
        holder.wait()
    assert code == 0, err
    assert err.count("the build cache cannot be written (database is locked)") == 1, err
    fresh = build_copy(site_copy, output=tmp_path / "fresh", cache=False)
    assert tree_bytes(site_copy / "output") == tree_bytes(fresh)
