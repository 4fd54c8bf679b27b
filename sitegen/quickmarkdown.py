"""A quicker Python-Markdown, same HTML: an inline pattern or a block processor is tried only on text that
holds the characters it needs to match.

The inline half replaces a private method of Python-Markdown (the inline step's `__handleInline`, copied
here with the checks); the block half wraps the public `test` of the block processors it knows. The
triggers and the copied loop were read from one version, so both halves are installed only on exactly
that one (TESTED_WITH), where Python-Markdown's own test suite passes with them
(tests/test_quickmarkdown.py); on any other version `quicken` leaves the instance stock. A check belongs
to the pattern or processor object registered under a known name with the expected class, never to a
position: one registered later, or put in another's place, has no check and is always tried."""
from __future__ import annotations

import re
from typing import Callable

import markdown
from markdown import Markdown, blockparser, blockprocessors as bp, inlinepatterns as ip, treeprocessors, util
from markdown.extensions import abbr, def_list, footnotes, md_in_html, tables

TESTED_WITH = "3.11.3"   # the Python-Markdown read for all this (pinned in requirements.txt)

# Python-Markdown's inline patterns of our extensions: name -> (class, what any text it matches holds).
# A link starts with "[", an entity with "&", a line break is two spaces and "\n"...
INLINE_TRIGGERS = {
    "backtick": (ip.BacktickInlineProcessor, "`"), "escape": (ip.EscapeInlineProcessor, "\\"),
    "footnote": (footnotes.FootnoteInlineProcessor, "["), "reference": (ip.ReferenceInlineProcessor, "["),
    "link": (ip.LinkInlineProcessor, "["), "image_link": (ip.ImageInlineProcessor, "["),
    "image_reference": (ip.ImageReferenceInlineProcessor, "["),
    "short_reference": (ip.ShortReferenceInlineProcessor, "["),
    "short_image_ref": (ip.ShortImageReferenceInlineProcessor, "["),
    "autolink": (ip.AutolinkInlineProcessor, "<"), "automail": (ip.AutomailInlineProcessor, "<"),
    "html": (ip.HtmlInlineProcessor, "<"), "entity": (ip.HtmlInlineProcessor, "&"),
    "linebreak": (ip.SubstituteTagInlineProcessor, "  \n"),
    "em_strong": (ip.DelimiterProcessor, "*", "_"),  # 3.11 finds * and _ emphasis with this one pattern
}
# Its block processors whose test searches the whole block (the others look at its first characters, which
# costs less than any check): name -> (class, what a block they accept holds). The footnote, abbreviation
# and reference processors always pass their test, and their `run` gives the block back when it holds
# none of their definitions ("[^1]:", "*[ASI]:", "[id]:").
BLOCK_TRIGGERS = {
    "markdown_block": (md_in_html.MarkdownInHtmlProcessor, util.STX),  # a raw HTML block's placeholder
    "table": (tables.TableProcessor, "|"), "hashheader": (bp.HashHeaderProcessor, "#"),
    "setextheader": (bp.SetextHeaderProcessor, "\n=", "\n-"), "hr": (bp.HRProcessor, "-", "_", "*"),
    "deflist": (def_list.DefListProcessor, ": "), "quote": (bp.BlockQuoteProcessor, ">"),
    "footnote": (footnotes.FootnoteBlockProcessor, "[^"), "abbr": (abbr.AbbrBlockprocessor, "*["),
    "reference": (bp.ReferenceProcessor, "]:"),
}
INLINE_PRIORITY = 20   # where Python-Markdown registers its inline step (its registry tells no priorities)

Search = Callable[[str], object]   # a compiled pattern's `search`: a match, or None


def quicken(md: Markdown) -> bool:
    """Make `md` skip what cannot match, and say whether it did: only on Python-Markdown TESTED_WITH, and
    only where `md`'s inline step is the stock one (an extension may bring its own); else `md` is left as
    it is. Patterns and processors registered afterwards are tried as usual."""
    inline = md.treeprocessors["inline"] if "inline" in md.treeprocessors else None
    if markdown.__version__ != TESTED_WITH or type(inline) is not treeprocessors.InlineProcessor:
        return False
    md.treeprocessors.register(_SkippingInlineProcessor(md, _checks(md.inlinePatterns, INLINE_TRIGGERS)),
                               "inline", INLINE_PRIORITY)
    _skip_blocks(md.parser)
    return True


def _searcher(triggers) -> Search:
    return re.compile("|".join(re.escape(text) for text in triggers)).search


def _checks(registry, table: dict) -> dict[object, Search]:
    """{item: a search for its triggers} for each item of `registry` that `table` names, when it is of the
    class `table` expects (an extension may put another in its place). Keyed by the item itself (it is
    kept alive, so no other takes its identity), wherever the registry puts it."""
    return {registry[name]: _searcher(triggers) for name, (cls, *triggers) in table.items()
            if name in registry and type(registry[name]) is cls}


class _SkippingInlineProcessor(treeprocessors.InlineProcessor):
    """Python-Markdown's InlineProcessor, which tries every inline pattern on every piece of text (its
    slowest step), except that it tries a pattern only on text holding that pattern's characters, and
    returns at once a piece holding none of any pattern's: no pattern could have matched, so the HTML is
    the same."""

    def __init__(self, md: Markdown, checks: dict[object, Search]):
        super().__init__(md)
        self._checks, self._checks_of = checks, []
        self._everything = _searcher({text for _, *texts in INLINE_TRIGGERS.values() for text in texts})
        self._may_match: Search | None = None

    def run(self, tree, ancestors=None):
        # Each document, the checks are lined up with the patterns as they are registered now: a pattern
        # without a check is tried on everything, and then no piece of text is returned at once.
        self._checks_of = [self._checks.get(pattern) for pattern in self.inlinePatterns]
        self._may_match = None if None in self._checks_of else self._everything
        return super().run(tree, ancestors)

    # Python-Markdown 3.11.3's own loop (treeprocessors.InlineProcessor.__handleInline), with the checks.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802
        if isinstance(data, util.AtomicString) or (self._may_match is not None and not self._may_match(data)):
            return data
        start, count, apply, checks = 0, len(self.inlinePatterns), self._InlineProcessor__applyPattern, self._checks_of
        while patternIndex < count:
            may_match = checks[patternIndex]
            if may_match is not None and not may_match(data):
                patternIndex, start = patternIndex + 1, 0   # as when the pattern does not match
                continue
            data, matched, start = apply(self.inlinePatterns[patternIndex], data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


def _skip_blocks(parser: blockparser.BlockParser) -> None:
    """Python-Markdown's block parser tries each block processor on each block in turn: each processor of
    BLOCK_TRIGGERS says at once that a block holding none of its characters is not for it (its own test
    would say so too, after searching the whole block)."""
    for processor, may_match in _checks(parser.blockprocessors, BLOCK_TRIGGERS).items():
        processor.test = _guarded(processor.test, may_match)


def _guarded(test: Callable, may_match: Search) -> Callable:
    return lambda parent, block: may_match(block) is not None and test(parent, block)
