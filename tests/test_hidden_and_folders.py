"""What `content/` holds but is never read: hidden files and folders (noted by `check`), symbolic links to
folders (an error when they lead outside content/), folders that cannot be read (an error)."""
from __future__ import annotations

import os

from conftest import build_copy
from sitegen.cli import main

NEWS_FR = "---\ntitle: Brouillon secret\ndate: 2016-11-09\nsummary: Pas encore.\n---\nTexte confidentiel.\n"
HIDDEN = ["content/news/.drafts", "content/pages/.brouillon.fr.md", "content/files/.DS_Store"]


def add_hidden(root) -> None:
    (root / "content/news/.drafts").mkdir()
    (root / "content/news/.drafts/2016-11-09-secret.fr.md").write_text(NEWS_FR, "utf-8")
    (root / "content/news/.drafts/2016-11-09-secret.ro.md").write_text(NEWS_FR, "utf-8")
    (root / "content/pages/.brouillon.fr.md").write_text(NEWS_FR, "utf-8")
    (root / "content/files/.DS_Store").write_bytes(b"\0\0\0\1Bud1")


def test_hidden_files_and_folders_are_never_read_nor_published(site_copy):
    add_hidden(site_copy)
    output = build_copy(site_copy, drafts=True)
    published = [p for p in output.rglob("*") if p.is_file()]
    assert not [p for p in published if "secret" in p.as_posix() or ".DS_Store" in p.name or "brouillon" in p.name]
    assert not [p for p in published if p.suffix in (".html", ".xml") and b"Brouillon secret" in p.read_bytes()]


def test_check_notes_each_hidden_one_once_and_still_passes_strict(site_copy, capsys):
    add_hidden(site_copy)
    assert main(["check", "--strict"], site_copy) == 0
    out = capsys.readouterr().out
    for path in HIDDEN:
        assert out.count(f"{path}:1: note: hidden ") == 1, out
    assert ".drafts/2016-11-09" not in out  # the folder once, not each file in it
    assert "0 errors, 0 warnings, 3 notes" in out


def test_a_build_does_not_repeat_the_notes(site_copy, tmp_path, capsys):
    add_hidden(site_copy)
    assert main(["build", "--strict", "--output", str(tmp_path / "out")], site_copy) == 0
    assert "note:" not in capsys.readouterr().err


def test_a_folder_link_inside_content_is_noted_not_followed(site_copy, capsys):
    (site_copy / "content/news/miroir").symlink_to("../pages", target_is_directory=True)
    assert main(["check", "--strict"], site_copy) == 0
    assert "content/news/miroir:1: note: a symbolic link to a folder is not followed" in capsys.readouterr().out


def make_unreadable_folder(root) -> str:
    folder = root / "content/news/archives"
    folder.mkdir()
    (folder / "2016-11-09-ancienne.fr.md").write_text(NEWS_FR, "utf-8")
    return "content/news/archives"


def test_an_unreadable_folder_is_an_error_naming_it(site_copy, capsys, monkeypatch):
    folder = make_unreadable_folder(site_copy)
    real_scandir = os.scandir

    def scandir(path):
        if os.fspath(path).endswith(folder):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)
    monkeypatch.setattr("sitegen.load.os.scandir", scandir)
    assert main(["check"], site_copy) == 1
    out = capsys.readouterr().out
    assert f"{folder}:1: cannot read this folder (Permission denied)" in out


def check_as_nobody(site) -> tuple[int, str]:
    """`check` in a forked copy of this process that has given up root (which reads any folder) for the
    user `nobody`: this process's imports are done, so the child needs no file it could no longer read."""
    import contextlib
    import io
    import pwd
    nobody = pwd.getpwnam("nobody")
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never back into pytest
        code = 2
        try:
            os.close(reader)
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            said = io.StringIO()
            with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
                code = main(["check", "--strict"], site)
            os.write(writer, said.getvalue().encode("utf-8"))
        finally:
            os._exit(code)
    os.close(writer)
    with os.fdopen(reader, "rb") as stream:
        said = stream.read().decode("utf-8")
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), said


def test_an_unreadable_folder_for_a_real_user(site_copy, capsys):
    """chmod 000 for real, read by a user who is not root."""
    folder = make_unreadable_folder(site_copy)
    way = [path for path in [site_copy, *site_copy.parents] if path.parent != path and str(path) != "/tmp"]
    modes = {path: path.stat().st_mode for path in way}
    for path in way:
        path.chmod(0o755)  # the way to the site is open to `nobody`...
    assert main(["check"], site_copy) == 0  # (every import done, as root)
    capsys.readouterr()
    (site_copy / folder).chmod(0)  # ... but not this folder
    try:
        if os.geteuid() == 0:
            code, said = check_as_nobody(site_copy)
        else:
            code = main(["check", "--strict"], site_copy)
            said = "".join(capsys.readouterr())
    finally:
        (site_copy / folder).chmod(0o755)
        for path, mode in modes.items():
            path.chmod(mode)
    assert code == 1, said
    assert f"{folder}:1: cannot read this folder (Permission denied)" in said, said
