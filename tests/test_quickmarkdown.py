"""The quicker Markdown gives exactly Python-Markdown's HTML: on the site's content, on random text, and
in Python-Markdown's own test suite; and only on the version it was read from."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import markdown
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown import inlinepatterns, treeprocessors
from markdown.extensions import tables

from conftest import ROOT
from sitegen.markup import MARKDOWN_EXTENSIONS, _extensions, new_markdown, render_markdown
from sitegen.quickmarkdown import BLOCK_TRIGGERS, INLINE_TRIGGERS, TESTED_WITH, _SkippingInlineProcessor, quicken


SITE_TEXTS = [path.read_text("utf-8") for path in sorted((ROOT / "content").glob("*/*.md"))]


def stock_markdown():
    return markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS), output_format="html")


def test_it_is_installed():
    assert markdown.__version__ == TESTED_WITH, (
        f"requirements.txt now pins Python-Markdown {markdown.__version__}, and quickmarkdown was read from"
        f" {TESTED_WITH}, so the build uses stock Python-Markdown: compare the copied loop and the triggers"
        " with the new version, then change TESTED_WITH and MARKDOWN_SDIST_SHA256 (this file)")
    md = new_markdown()
    assert isinstance(md.treeprocessors["inline"], _SkippingInlineProcessor)
    guarded = [name for name in BLOCK_TRIGGERS if "test" in vars(md.parser.blockprocessors[name])]
    assert guarded == list(BLOCK_TRIGGERS)  # every processor it knows is the one it expects
    assert quicken(stock_markdown())
    assert not quicken(md)  # once is enough


def counted(monkeypatch, owner, name: str) -> list:
    calls = []
    original = getattr(owner, name)

    def count(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)
    monkeypatch.setattr(owner, name, count)
    return calls


def test_which_one_ran_quick_on_its_version_stock_on_any_other(monkeypatch):
    """Plain words: the quick one tries no inline pattern and not the table processor; stock Python-Markdown,
    which the build gets on any other version, tries every pattern and the table processor."""
    applied = counted(monkeypatch, treeprocessors.InlineProcessor, "_InlineProcessor__applyPattern")
    tables_tested = counted(monkeypatch, tables.TableProcessor, "test")
    text = "Des mots, rien que des mots."
    assert new_markdown().convert(text) == "<p>Des mots, rien que des mots.</p>"
    assert (len(applied), len(tables_tested)) == (0, 0)
    monkeypatch.setattr(markdown, "__version__", "3.11.4")
    md = new_markdown()
    assert type(md.treeprocessors["inline"]) is treeprocessors.InlineProcessor
    assert md.convert(text) == "<p>Des mots, rien que des mots.</p>"
    assert (len(applied), len(tables_tested)) == (len(INLINE_TRIGGERS), 1)


def test_what_is_registered_afterwards_or_in_another_place_is_tried():
    """The checks go with the patterns and processors they were made for, not with their positions: a
    pattern registered after `quicken` (here before all, so every position shifts) is tried on text holding
    no character of any known pattern, and a processor put in the table processor's place on a block
    without `|`."""
    md = new_markdown()
    md.inlinePatterns.register(inlinepatterns.SimpleTagInlineProcessor(r"()~~(.+?)~~", "del"), "del", 200)

    class LinesAreTables(tables.TableProcessor):
        def test(self, parent, block):
            return block.startswith("une ligne")

        def run(self, parent, blocks):
            parent.append(parent.makeelement("table", {}))
            blocks.pop(0)
    md.parser.blockprocessors.register(LinesAreTables(md.parser, {}), "table", 75)
    assert md.convert("un ~~mot~~\n\nune ligne") == "<p>un <del>mot</del></p>\n<table></table>"


def test_the_site_content_gives_the_same_html():
    fast, stock = new_markdown(), stock_markdown()
    assert len(SITE_TEXTS) > 10
    for text in SITE_TEXTS:
        assert fast.reset().convert(text) == stock.reset().convert(text)


# Words and every character an inline pattern or a block starts with, in lines, paragraphs and lists.
PIECES = st.sampled_from([
    "mot", "l'ASI", " ", "  ", "    ", "\t", "\n", "\n\n", "*", "**", "_", "__", "`", "\\", "[", "]", "(", ")",
    "!", "<", ">", "&", "&amp;", "&#233;", "#", "## ", "- ", "+ ", "* ", "1. ", "> ", "[^1]", "[^1]: note",
    "<b>", "</b>", "<div>", "</div>", '<div markdown="1">', "<https://a.fr>", "<a@b.fr>",
    "[lien](../pages/index.fr.md)", "![x](i.png)", "[r]: /fr/", "[r]", "![r]", "[lien][r]", "![x][r]",
    "*[ASI]: Attaché", "«", "»", ":", ": ", "{: .c}", "{#id}", "|", "| a | b |", "|---|---|", "---", "***",
    "___", "===", "\n=", "\n-", "```", "~~~"])


@settings(max_examples=1000, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
@example("_mot_")  # Python-Markdown 3.11 finds both * and _ emphasis with one pattern, "em_strong"
@example("mot  \nmot")
@example("[lien][r], ![x][r], [r] et ![r]\n\n[r]: /fr/")
@example("a &amp; b &#233;")
@example("*[R&amp;D]: Recherche\n\nLa R&amp;D.")  # an entity is not an abbreviation
@example("[r]:/fr/\n\n[r]")
@example("*[ASI]:Attaché\n\nASI")
@example("Titre\n===\n\nmot")
@example("terme\n:   définition")
@example("terme\n: définition")
@example("| a | b |\n|---|---|\n| 1 | 2 |")
@example("mot[^1]\n\n[^1]: note\n\n*[ASI]: Attaché\n\n> cité\n\n- - -")
@example('<div markdown="1">\n*mot*\n</div>')
def test_random_text_gives_the_same_html(text):
    assert new_markdown().convert(text) == stock_markdown().convert(text)


def test_one_instance_used_again_gives_what_a_new_one_gives():
    """The build renders every body of a process, and the preview every body of every build, with one
    instance (markup.render_markdown resets it), even after a body too deeply nested to be rendered."""
    texts = list(SITE_TEXTS)
    texts += ["mot[^1]\n\n[^1]: note", "*[ASI]: Attaché\n\nASI", "[r]\n\n[r]: /fr/", "## Titre\n\n## Titre"]
    md = new_markdown()
    with pytest.raises(RecursionError):
        render_markdown(md, "".join(f"{'    ' * depth}- x\n" for depth in range(300)))
    for text in texts * 2:
        assert render_markdown(md, text) == render_markdown(stock_markdown(), text)


def test_the_extensions_are_those_their_names_give():
    """markup._extensions() makes the extensions itself: the same processors, in the same order, as the
    names MARKDOWN_EXTENSIONS would give."""
    def registries(md):
        return [[(item.name, item.priority, type(registry[item.name])) for item in registry._priority]
                for registry in (md.preprocessors, md.parser.blockprocessors, md.inlinePatterns,
                                 md.treeprocessors, md.postprocessors)]
    mine = markdown.Markdown(extensions=_extensions(), output_format="html")
    assert registries(mine) == registries(stock_markdown())


# Python-Markdown's source distribution of TESTED_WITH holds its test suite (BSD-3-Clause, as its
# LICENSE.md in the same archive says). It is fetched with pip once and kept in the user's cache.
MARKDOWN_SDIST_SHA256 = "81eb91631dc97ad1efbc76019ef0f80fe90ca49ddf81546752d79989c3bfff3e"


def markdown_sdist() -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sitegen-tests"
    archive = cache / f"markdown-{TESTED_WITH}.tar.gz"
    if not archive.exists():
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=cache) as folder:
            fetched = subprocess.run(
                [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                 f"Markdown=={TESTED_WITH}", "--dest", folder], capture_output=True, text=True, timeout=600)
            assert fetched.returncode == 0, f"pip could not fetch Python-Markdown's source:\n{fetched.stderr}"
            (Path(folder) / archive.name).replace(archive)
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == MARKDOWN_SDIST_SHA256, f"{archive} is not the one"
    return archive


def run_suite(folder: Path, mode: str) -> dict:
    ran = subprocess.run([sys.executable, str(Path(__file__).with_name("markdown_suite.py")), str(folder), mode],
                         capture_output=True, text=True, timeout=600)
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stdout.splitlines()[-1])


def test_python_markdowns_own_test_suite_passes_with_it(tmp_path):
    """Every test of Python-Markdown's suite that passes stock passes with every instance quickened."""
    with tarfile.open(markdown_sdist()) as archive:
        top = f"markdown-{TESTED_WITH}/"
        archive.extractall(tmp_path, members=[member for member in archive.getmembers()
                                              if member.name.startswith(top + "tests/")], filter="data")
    stock, quick = run_suite(tmp_path / top, "stock"), run_suite(tmp_path / top, "quick")
    assert stock["ran"] > 1000 and quick["ran"] == stock["ran"] and quick["skipped"] == stock["skipped"]
    assert set(quick["failed"]) <= set(stock["failed"])
    assert quick["quickened"] == quick["instances"] > 1000   # each Markdown the suite made was quickened
