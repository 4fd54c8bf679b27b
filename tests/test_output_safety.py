"""What reaches the output folder, and so the published site: only what this build wrote. Files nobody
wrote are named (and removed by --clean), a folder that was never ours is refused, the manifest is not
uploaded by either workflow."""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys

import yaml

from conftest import BUILD_DAY, ROOT, build_copy, tree_bytes
from sitegen.cli import main
from sitegen.write import MANIFEST

STRAYS = ["fr/ancienne-page/index.html", "copie.txt"]


def cli(root, *argv, capsys) -> tuple[int, str]:
    code = main(list(argv), root)
    out, err = capsys.readouterr()
    return code, out + err


def add_strays(output) -> None:
    for path in STRAYS:
        (output / path).parent.mkdir(parents=True, exist_ok=True)
        (output / path).write_text("écrit à la main", "utf-8")


def test_files_no_build_wrote_are_named_and_stop_strict_builds(site_copy, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # BUILD_DAY: the CLI builds on that day
    assert cli(site_copy, "build", capsys=capsys)[0] == 0
    output = site_copy / "output"
    add_strays(output)
    before = tree_bytes(output)
    code, said = cli(site_copy, "build", capsys=capsys)
    assert code == 0
    for path in STRAYS:
        assert f"output/{path}:1: warning: this file was not written by the build" in said
    assert tree_bytes(output) == before  # named, not removed
    code, said = cli(site_copy, "build", "--strict", capsys=capsys)
    assert code == 1 and "output/copie.txt:1: warning:" in said and tree_bytes(output) == before
    code, said = cli(site_copy, "check", "--strict", capsys=capsys)
    assert code == 1 and "output/fr/ancienne-page/index.html:1: warning:" in said


def test_clean_removes_them_and_leaves_what_a_fresh_build_writes(site_copy, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert cli(site_copy, "build", capsys=capsys)[0] == 0
    output = site_copy / "output"
    add_strays(output)
    code, said = cli(site_copy, "build", "--clean", capsys=capsys)
    assert code == 0 and "warning" not in said and "2 removed" in said
    fresh = build_copy(site_copy, output=tmp_path / "fresh", today=BUILD_DAY)
    assert tree_bytes(output) == tree_bytes(fresh)
    assert not (output / "fr/ancienne-page").exists()  # the folder it leaves empty goes too


def test_an_unchanged_build_still_sees_a_file_added_since(site_copy, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert cli(site_copy, "build", capsys=capsys)[0] == 0
    assert "0 written" in cli(site_copy, "build", capsys=capsys)[1]  # nothing to do
    (site_copy / "output/copie.txt").write_text("x", "utf-8")
    assert "output/copie.txt:1: warning:" in cli(site_copy, "build", capsys=capsys)[1]


def test_clean_removes_a_link_out_of_the_output_never_what_it_leads_to(site_copy, tmp_path, capsys):
    output = build_copy(site_copy)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious.txt").write_text("keep me", "utf-8")
    (output / "lien").symlink_to(elsewhere, target_is_directory=True)
    (output / "fr/lien.txt").symlink_to(elsewhere / "precious.txt")
    code, said = cli(site_copy, "build", "--clean", capsys=capsys)
    assert code == 0, said
    assert not (output / "lien").is_symlink() and not (output / "fr/lien.txt").is_symlink()
    assert (elsewhere / "precious.txt").read_text("utf-8") == "keep me"


def test_a_folder_that_was_never_an_output_stays_refused_with_clean_too(site_copy, tmp_path, capsys):
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    (home / "Documents/thesis.odt").write_text("years of work", "utf-8")
    (home / ".bashrc").write_text("export X=1", "utf-8")
    before = tree_bytes(home)
    code, said = cli(site_copy, "build", "--output", str(home), "--clean", capsys=capsys)
    assert code == 1 and "holds files this tool did not write" in said
    assert tree_bytes(home) == before


def test_neither_workflow_publishes_the_manifest():
    github = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text("utf-8"))
    steps = github["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    build = next(i for i, run in enumerate(runs) if "build.py build" in run)
    upload = next(i for i, step in enumerate(steps) if "upload-pages-artifact" in step.get("uses", ""))
    assert any(f"rm -f output/{MANIFEST}" in run for run in runs[build:upload])
    assert not steps[upload].get("with", {}).get("include-hidden-files")
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text("utf-8"))
    script = gitlab["pages"]["script"]
    build = next(i for i, line in enumerate(script) if "build.py build" in line)
    assert f"rm -f public/{MANIFEST}" in script[build + 1:]


HOLD_LOCK = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY | os.O_DIRECTORY)
fcntl.flock(fd, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(600)
"""


def test_a_second_build_stops_while_one_writes_and_a_killed_one_blocks_nothing(site_copy, capsys):
    """Another build holds the output folder (as `build` does while it writes): this one stops with its
    pid and writes nothing; once that build is killed (kill -9), the next build goes through."""
    output = build_copy(site_copy)
    before = tree_bytes(output)
    (site_copy / "content/pages/index.fr.md").write_text(
        (site_copy / "content/pages/index.fr.md").read_text("utf-8").replace("## Présentation", "Nouveau.\n\n## Présentation"), "utf-8")
    other = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(output)], stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "locked"
        code, said = cli(site_copy, "build", capsys=capsys)
        assert code == 1 and f"output:1: another build is writing output/ (pid {other.pid})" in said, said
        assert tree_bytes(output) == before
    finally:
        other.send_signal(signal.SIGKILL)
        other.wait()
    code, said = cli(site_copy, "build", capsys=capsys)
    assert code == 0, said
    assert "Nouveau." in (output / "fr/index.html").read_text("utf-8")


def test_two_real_builds_at_once_never_mix(tmp_path):
    """Two `build.py build` started together into one output folder, many times: each either builds or
    stops with the message, and the output is always exactly what one clean build writes."""
    from bench.corpus import make_site
    site = make_site(tmp_path / "site", 150)
    run = dict(cwd=site, capture_output=True, text=True, timeout=300)
    assert subprocess.run([sys.executable, "build.py", "build", "--output", str(tmp_path / "clean")], **run).returncode == 0
    clean = tree_bytes(tmp_path / "clean")
    for round_number in range(3):
        shutil.rmtree(site / ".cache", ignore_errors=True)  # both builds render everything: a long write
        both = [subprocess.Popen([sys.executable, "build.py", "build", "--output", str(tmp_path / "shared")],
                                 cwd=site, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in "ab"]
        results = [(process.wait(300), *process.communicate()) for process in both]
        for code, out, err in results:
            assert code == 0 or (code == 1 and "another build is writing" in err and "Traceback" not in err), err
        assert any(code == 0 for code, _, _ in results)
        assert tree_bytes(tmp_path / "shared") == clean, round_number
