"""The quicker Markdown gives exactly Python-Markdown's HTML: on the site's content and on random text."""
from __future__ import annotations

import markdown
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from sitegen.markup import MARKDOWN_EXTENSIONS, _extensions, new_markdown, render_markdown
from sitegen.quickmarkdown import _SkippingInlineProcessor, quicken


SITE_TEXTS = [path.read_text("utf-8") for path in sorted((ROOT / "content").glob("*/*.md"))]


def stock_markdown():
    return markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS), output_format="html")


def test_it_is_installed():
    md = new_markdown()
    assert isinstance(md.treeprocessors["inline"], _SkippingInlineProcessor)
    assert "parseBlocks" in vars(md.parser)  # the block parser's own loop, with the checks
    assert quicken(stock_markdown())  # every pattern and processor it knows is the one it expects


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
