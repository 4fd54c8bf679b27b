"""The editors' guides, docs/guide-redaction.md (French) and docs/ghid-redactare.md (Romanian), tell the truth:
every terminal example in them is run on a fresh copy of the real site and must print exactly what it shows.

How a guide is written so that this test can run it:

- A terminal example is a fenced block whose info string is `console`. A line starting with `$ ` is a command,
  run from the site's folder; only `python build.py ...` is allowed (`python` is this test's interpreter). The
  lines after it, up to the next `$ ` line or the end of the block, are what the command prints: stdout and
  stderr together, in the order a terminal shows them. They must be exactly the lines printed (trailing spaces
  aside). The one thing allowed to differ is the time in a build's summary (`en 0,42 s`, `în 0,42 s`): on the
  last line a `build` command prints, the seconds are not compared.
- `serve` never runs to an end: it is never in a `console` block (its output may be shown in a `text` block).
- What an example needs (a mistake to show, a changed sentence) is set up by a comment just before it, which
  a reader of the rendered page does not see. It holds one directive a line:

      <!-- test: edit content/pages/index.fr.md "updated: 2016-11-08" "updated: 2016-13-08" -->

      <!-- test:
      edit content/pages/index.fr.md "comprend trois" "compte trois"
      exit 1
      -->

  edit PATH "OLD" "NEW"   replace the first OLD (it must be there) by NEW in the site's file PATH
  write PATH "TEXT"       make PATH hold exactly TEXT
  write PATH              make PATH hold exactly the next fenced block (the file as the guide shows it)
  append PATH             add the next fenced block at the end of PATH
  insert PATH after "LINE"  add the next fenced block after the first line of PATH that is LINE
  show PATH               the next fenced block must be exactly what PATH holds (a file the tool wrote)
  exit N                  every command of the next `console` block must end with code N (by default 0)

  Words are split as a shell does (double quotes keep spaces and apostrophes; \\" is a quote); in a quoted
  text, \\n is a line break and \\u00a0 (any \\uXXXX) that character. PATH is relative to the site's folder
  and stays inside it. A directive that takes a fenced block takes the next one, whatever its info string.
- The examples of one guide run in order on one fresh copy of the site, so a later example sees what the
  earlier ones did; the French guide under LANG=fr_FR.UTF-8, the Romanian one under LANG=ro_RO.UTF-8 (LANGUAGE,
  LC_ALL and LC_MESSAGES unset). The build's day is pinned (SOURCE_DATE_EPOCH) to the day the guides were
  written, the one `new page` writes in `updated:`; the guides give every other date explicitly (`--date`).

To see what each example really prints (to write a new one): `python tests/test_guides.py docs/ghid-redactare.md`.

Besides: both guides walk through the same examples, each is typeset in its own language (French no-break spaces
and « », Romanian ș ț and „ ”), and README.md links both from its "Editor's guide".
"""
from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDES = {"docs/guide-redaction.md": "fr_FR.UTF-8", "docs/ghid-redactare.md": "ro_RO.UTF-8"}
WRITTEN_ON = dt.date(2026, 12, 7)
FENCE = re.compile(r"^(```+|~~~+)\s*([\w-]*)\s*$")
SECONDS = re.compile(r"\d+(?:[.,]\d+)? s\b")   # the time of a build's summary line: "0,42 s"


@dataclass
class Directive:
    line: int
    words: list[str]


@dataclass
class Block:
    line: int                      # the line of the opening fence
    info: str
    lines: list[str] = field(default_factory=list)


@dataclass
class Command:
    line: int
    text: str                      # after "$ "
    expected: list[str]


def parse_guide(text: str) -> list[Directive | Block]:
    """The guide's directives and fenced blocks, in the order they come."""
    steps: list[Directive | Block] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = FENCE.match(line)
        if fence:
            block = Block(i + 1, fence.group(2))
            i += 1
            while i < len(lines) and not lines[i].startswith(fence.group(1)):
                block.lines.append(lines[i])
                i += 1
            assert i < len(lines), f"line {block.line}: this fenced block is never closed"
            steps.append(block)
        elif line.lstrip().startswith("<!-- test:"):
            start, body = i + 1, line.split("<!-- test:", 1)[1]
            while "-->" not in body:
                i += 1
                assert i < len(lines), f"line {start}: this test comment is never closed"
                body += "\n" + lines[i]
            body = body.split("-->", 1)[0]
            for offset, directive in enumerate(body.split("\n")):
                if directive.strip():
                    steps.append(Directive(start + offset, shlex.split(directive)))
        i += 1
    return steps


def commands_of(block: Block) -> list[Command]:
    commands: list[Command] = []
    for offset, line in enumerate(block.lines):
        if line.startswith("$ "):
            commands.append(Command(block.line + 1 + offset, line[2:], []))
        else:
            assert commands, f"line {block.line}: a console block starts with a `$ ` command"
            commands[-1].expected.append(line)
    assert commands, f"line {block.line}: a console block without a command"
    return commands


def environment(locale: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    epoch = dt.datetime(WRITTEN_ON.year, WRITTEN_ON.month, WRITTEN_ON.day, 12, tzinfo=dt.timezone.utc).timestamp()
    env.update(LANG=locale, PYTHONUNBUFFERED="1", SOURCE_DATE_EPOCH=str(int(epoch)))
    return env


def execute(site: Path, command: Command, env: dict[str, str]) -> tuple[int, list[str]]:
    """Run one `python build.py ...` command; its exit code and the lines it printed (stdout and stderr as a
    terminal shows them: unbuffered, into one pipe)."""
    words = shlex.split(command.text)
    assert words[:2] == ["python", "build.py"], f"line {command.line}: only `python build.py ...` runs: {command.text}"
    assert "serve" not in words[2:3], f"line {command.line}: `serve` never ends: show it in a `text` block"
    done = subprocess.run([sys.executable, "build.py", *words[2:]], cwd=site, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=300)
    return done.returncode, [line.rstrip() for line in done.stdout.rstrip("\n").split("\n")] if done.stdout else []


def comparable(command: Command, lines: list[str]) -> list[str]:
    """The lines as compared: trailing spaces aside, and the seconds of a build's summary (its last line)."""
    lines = [line.rstrip() for line in lines]
    if shlex.split(command.text)[2:3] in ([], ["build"]) and lines:
        lines[-1] = SECONDS.sub("… s", lines[-1], count=1)
    return lines


def differences(guide: str, command: Command, printed: list[str]) -> str:
    """"" when the guide shows what was printed, else a diff that says where."""
    expected, actual = comparable(command, command.expected), comparable(command, printed)
    if expected == actual:
        return ""
    diff = "\n".join(difflib.unified_diff(expected, actual, "the guide", "the tool", lineterm=""))
    return (f"{guide}:{command.line}: `$ {command.text}` printed something else than the guide shows:\n{diff}\n"
            f"--- what the tool printed:\n" + "\n".join(printed))


def inside(site: Path, path: str) -> Path:
    target = (site / path).resolve()
    assert target.is_relative_to(site.resolve()), f"{path} is outside the site's folder"
    return target


def unquoted(text: str) -> str:
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    return text.replace("\\n", "\n")


def run_guide(guide: str, site: Path, report=None) -> list[str]:
    """Run every example of `guide` on `site`, in order; the first difference found (as a one-item list), or [].
    With `report`, every command's real output is given to it instead, and nothing is compared."""
    env = environment(GUIDES[guide])
    steps = parse_guide((ROOT / guide).read_text("utf-8"))
    expected_exit, pending_file = 0, None
    ran = 0
    for step in steps:
        if isinstance(step, Directive):
            verb, args = step.words[0], step.words[1:]
            if verb in ("write", "show", "append", "insert") and (len(args) == 1 or verb == "insert"):
                assert pending_file is None, f"{guide}:{step.line}: `{pending_file[0]}` needs a fenced block first"
            where = f"{guide}:{step.line}: {' '.join(step.words)}"
            if verb == "edit":
                assert len(args) == 3, f"{where}: edit PATH \"OLD\" \"NEW\""
                target, old, new = inside(site, args[0]), unquoted(args[1]), unquoted(args[2])
                text = target.read_text("utf-8")
                assert old in text, f"{where}: {args[0]} does not hold {old!r}"
                target.write_text(text.replace(old, new, 1), "utf-8")
            elif verb in ("write", "show", "append") and len(args) == 1:
                pending_file = (verb, args[0], None)
            elif verb == "insert":
                assert len(args) == 3 and args[1] == "after", f"{where}: insert PATH after \"LINE\""
                pending_file = (verb, args[0], unquoted(args[2]))
            elif verb == "write":
                assert len(args) == 2, f"{where}: write PATH [\"TEXT\"]"
                target = inside(site, args[0])
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(unquoted(args[1]), "utf-8")
            elif verb == "exit":
                assert len(args) == 1 and args[0].isdigit(), f"{where}: exit N"
                expected_exit = int(args[0])
            else:
                raise AssertionError(f"{where}: unknown directive (edit, write, append, insert, show, exit)")
        elif pending_file is not None:
            verb, path, after = pending_file
            pending_file = None
            text = "\n".join(step.lines) + "\n" if step.lines else ""
            target = inside(site, path)
            if verb == "write":
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, "utf-8")
            elif verb == "append":
                before = target.read_text("utf-8")
                target.write_text(before + ("" if before.endswith("\n") else "\n") + text, "utf-8")
            elif verb == "insert":
                lines = target.read_text("utf-8").split("\n")
                assert after in lines, f"{guide}:{step.line}: {path} has no line {after!r}"
                at = lines.index(after) + 1
                target.write_text("\n".join([*lines[:at], *text.rstrip("\n").split("\n"), *lines[at:]]), "utf-8")
            elif report is None:
                actual = target.read_text("utf-8")
                if actual != text:
                    diff = "\n".join(difflib.unified_diff(text.split("\n"), actual.split("\n"), "the guide", path,
                                                          lineterm=""))
                    return [f"{guide}:{step.line}: the block does not show what {path} holds:\n{diff}"]
            else:
                report(f"{guide}:{step.line}: show {path}", None, target.read_text("utf-8").rstrip("\n").split("\n"))
        elif step.info == "console":
            for command in commands_of(step):
                code, printed = execute(site, command, env)
                ran += 1
                if report is not None:
                    report(f"{guide}:{command.line}: $ {command.text}", code, printed)
                    continue
                found = differences(guide, command, printed)
                if found:
                    return [found]
                if code != expected_exit:
                    return [f"{guide}:{command.line}: `$ {command.text}` ended with code {code}, not {expected_exit}"
                            f" (write `exit {code}` in the comment before the block if that is what it shows)"]
            expected_exit = 0
    assert pending_file is None, f"{guide}: `{pending_file[0]} {pending_file[1]}` has no fenced block after it"
    assert ran >= 10, f"{guide}: only {ran} commands were run: is the guide complete?"
    return []


def guide_site(target: Path) -> Path:
    """A fresh copy of the real site with build.py and sitegen/, as conftest's `site` fixture (for `main`)."""
    from bench.corpus import copy_site
    copy_site(target)
    shutil.copy2(ROOT / "build.py", target / "build.py")
    (target / "sitegen").symlink_to(ROOT / "sitegen")
    return target


@pytest.mark.parametrize("guide", list(GUIDES))
def test_every_terminal_example_prints_what_the_guide_shows(guide, site):
    for difference in run_guide(guide, site):
        pytest.fail(difference, pytrace=False)


def test_one_changed_word_in_an_example_is_caught(site):
    """The comparison is strict: a guide whose example differs by one word fails."""
    guide = "docs/guide-redaction.md"
    first = next(command for step in parse_guide((ROOT / guide).read_text("utf-8"))
                 if isinstance(step, Block) and step.info == "console" for command in commands_of(step))
    code, printed = execute(site, first, environment(GUIDES[guide]))
    assert differences(guide, first, printed) == ""
    assert any(len(line.split()) > 1 for line in first.expected)
    index = next(i for i, line in enumerate(first.expected) if len(line.split()) > 1)
    words = first.expected[index].split(" ")
    words[-1] = words[-1] + "x"
    changed = Command(first.line, first.text, [*first.expected[:index], " ".join(words), *first.expected[index + 1:]])
    assert differences(guide, changed, printed) != ""
    assert differences(guide, Command(first.line, first.text, first.expected[:-1]), printed) != ""


def test_a_build_summary_may_differ_only_by_its_seconds():
    command = Command(1, "python build.py build --strict", ["Site construit en 0,42 s ; 3 fichiers écrits."])
    assert differences("g", command, ["Site construit en 1,07 s ; 3 fichiers écrits."]) == ""
    assert differences("g", command, ["Site construit en 1,07 s ; 4 fichiers écrits."]) != ""
    check = Command(1, "python build.py check", ["en 0,42 s"])
    assert differences("g", check, ["en 1,07 s"]) != ""
    warned = Command(1, "python build.py build", ["attendu 2 s", "Site construit en 0,42 s."])
    assert differences("g", warned, ["attendu 3 s", "Site construit en 0,42 s."]) != ""


def walk(guide: str) -> list[str]:
    """A guide's examples in order: each directive's verb and file (or exit code), each command."""
    steps = []
    for step in parse_guide((ROOT / guide).read_text("utf-8")):
        if isinstance(step, Directive):
            steps.append(" ".join(step.words[:2]))
        elif step.info == "console":
            steps.extend(f"$ {command.text}" for command in commands_of(step))
    return steps


def test_both_guides_walk_through_the_same_examples():
    french, romanian = (walk(guide) for guide in GUIDES)
    assert french == romanian


def prose(text: str) -> str:
    """What a reader reads as sentences: the guide without its fenced blocks, comments, inline code, addresses and
    quotations in the other language (`<span lang="ro">...</span>`, typeset in their own language)."""
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r'<span lang="\w+">.*?</span>', " ", text, flags=re.S)
    kept, fenced = [], None
    for line in text.split("\n"):
        fence = FENCE.match(line)
        if fenced is None and fence:
            fenced = fence.group(1)
        elif fenced is not None and line.startswith(fenced):
            fenced = None
        elif fenced is None:
            kept.append(line)
    text = "\n".join(kept)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return re.sub(r"<?https?://\S+", " ", text)


def test_the_french_guide_is_typeset_in_french():
    text = prose((ROOT / "docs/guide-redaction.md").read_text("utf-8"))
    assert not re.findall(r".{0,30}[^\u00a0\u202f][:;!?](?=\s|$).{0,10}", text, re.M), "a no-break space before : ; ! ?"
    assert not re.findall(r".{0,30}(?:«[^\u00a0\u202f]|[^\u00a0\u202f]»).{0,10}", text), "no-break spaces in « »"
    assert not re.findall(r".{0,30}['\"].{0,10}", text), "’ and « », not ' and \""


def test_the_romanian_guide_is_typeset_in_romanian():
    text = prose((ROOT / "docs/ghid-redactare.md").read_text("utf-8"))
    assert not re.findall(r".{0,30}[şţŞŢ].{0,10}", text), "ș ț with a comma below, not ş ţ"
    assert not re.findall(r".{0,30}[\"«»].{0,10}", text), "„ ” for quotes"
    assert text.count("„") == text.count("”")


def test_the_readme_links_both_guides_from_the_editors_guide():
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Editor's guide\n", 1)[1]
    opening = section.split("\n### ", 1)[0]
    for guide in GUIDES:
        assert f"]({guide})" in opening, f"README.md, Editor's guide: no link to {guide} in its first lines"
        assert (ROOT / guide).is_file()


def main(argv: list[str]) -> int:
    """Print what every command of a guide really prints (on a fresh copy of the site), block by block."""
    guides = argv or list(GUIDES)

    def report(where, code, lines):
        print(f"===== {where}" + ("" if code is None else f"  (exit {code})"))
        print("\n".join(lines))

    for guide in guides:
        with tempfile.TemporaryDirectory() as folder:
            run_guide(guide, guide_site(Path(folder) / "site"), report)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
