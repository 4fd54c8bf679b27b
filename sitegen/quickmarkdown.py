"""A quicker Python-Markdown, same HTML: an inline pattern or a block processor is tried only on text that
holds the characters it needs to match."""
from __future__ import annotations

import re
import types
from typing import Callable

import markdown
from markdown import Markdown, blockprocessors as bp, inlinepatterns as ip, treeprocessors, util
from markdown.extensions import abbr, def_list, footnotes, md_in_html, tables

# Python-Markdown 3.11's inline patterns of our extensions: name -> (class, what any text it matches holds).
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
# The inline step below is a copy of a private method of these versions (pinned in requirements.txt).
COPIED_FROM = (3, 11)

Search = Callable[[str], object]   # a compiled pattern's `search`: a match, or None


def quicken(md: Markdown) -> bool:
    """Make `md` skip what cannot match. Call it once `md` has all its extensions: the checks follow its
    patterns and processors as they are then. Its inline step is replaced only when each of its patterns
    is one of INLINE_TRIGGERS (else it is left as it is); its block loop always is, with checks before the
    processors of BLOCK_TRIGGERS that it has. True when both are quicker."""
    inline = _skip_inline(md)
    return _skip_blocks(md) and inline


def _searcher(triggers) -> Search:
    return re.compile("|".join(re.escape(text) for text in triggers)).search


def _known(registry, table: dict) -> dict[int, Search]:
    """{position in `registry`: a search for its triggers} of each of its items that `table` names, when
    it is of the class `table` expects (an extension may put another in its place)."""
    found = {}
    for name, (cls, *triggers) in table.items():
        if name in registry and type(registry[name]) is cls:
            found[registry.get_index_for_name(name)] = _searcher(triggers)
    return found


class _SkippingInlineProcessor(treeprocessors.InlineProcessor):
    """Python-Markdown's InlineProcessor, which tries every inline pattern on every piece of text (its
    slowest step), except that it tries a pattern only on text holding that pattern's characters, and
    returns at once a piece holding none of them: no pattern could have matched, so the HTML is the same."""

    def __init__(self, md: Markdown, may_match: Search, pattern_may_match: list[Search]):
        super().__init__(md)
        self._may_match, self._pattern_may_match = may_match, pattern_may_match

    # Python-Markdown 3.11's own loop (treeprocessors.InlineProcessor.__handleInline), with the check.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802
        if isinstance(data, util.AtomicString) or not self._may_match(data):
            return data
        start, count, apply = 0, len(self.inlinePatterns), self._InlineProcessor__applyPattern
        while patternIndex < count:
            if not self._pattern_may_match[patternIndex](data):
                patternIndex, start = patternIndex + 1, 0   # as when the pattern does not match
                continue
            data, matched, start = apply(self.inlinePatterns[patternIndex], data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


def _skip_inline(md: Markdown) -> bool:
    """Replace `md`'s inline step with the quicker one, when it is the stock one of the version it was copied
    from and every inline pattern is known."""
    stock = type(md.treeprocessors["inline"]) is treeprocessors.InlineProcessor and \
        markdown.__version_info__[:2] == COPIED_FROM
    known = _known(md.inlinePatterns, INLINE_TRIGGERS)
    if not stock or len(known) != len(md.inlinePatterns):
        return False
    triggers = {text for _, *texts in INLINE_TRIGGERS.values() for text in texts}
    checks = [known[index] for index in range(len(md.inlinePatterns))]
    md.treeprocessors.register(_SkippingInlineProcessor(md, _searcher(triggers), checks), "inline", INLINE_PRIORITY)
    return True


def _skip_blocks(md: Markdown) -> bool:
    """Python-Markdown's BlockParser.parseBlocks, which tries each block processor on each block in turn,
    with the check before each processor of BLOCK_TRIGGERS. True when some processor has a check."""
    parser, processors = md.parser, list(md.parser.blockprocessors)
    known = _known(parser.blockprocessors, BLOCK_TRIGGERS)
    guarded = [(processor, known.get(index)) for index, processor in enumerate(processors)]

    def parse_blocks(self, parent, blocks: list[str]) -> None:
        while blocks:
            for processor, may_match in guarded:
                if may_match is not None and not may_match(blocks[0]):
                    continue
                if processor.test(parent, blocks[0]) and processor.run(parent, blocks) is not False:
                    break
    parser.parseBlocks = types.MethodType(parse_blocks, parser)
    return bool(known)
