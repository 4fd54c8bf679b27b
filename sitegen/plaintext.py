"""A quicker inline step for Python-Markdown: text in which no inline pattern can match is left as it is."""
from __future__ import annotations

import re

from markdown import Markdown, treeprocessors

# What any text matched by each inline pattern of our extensions must contain (Python-Markdown 3.x's
# regular expressions: a link starts with "[", an entity with "&", a line break is two spaces and "\n"...).
TRIGGERS = {
    "backtick": ("`",), "escape": ("\\",), "reference": ("[",), "link": ("[",), "image_link": ("[",),
    "image_reference": ("[",), "short_reference": ("[",), "short_image_ref": ("[",), "footnote": ("[",),
    "autolink": ("<",), "automail": ("<",), "html": ("<",), "entity": ("&",), "linebreak": ("  \n",),
    "em_strong": ("*", "_"),  # Python-Markdown 3.11 finds * and _ emphasis with this one pattern
}
INLINE_PRIORITY = 20   # where Python-Markdown registers its inline step


class _SkippingInlineProcessor(treeprocessors.InlineProcessor):
    """Python-Markdown's InlineProcessor, which tries every inline pattern on every piece of text (most of a
    body's time is spent there), except that a piece with none of the patterns' characters is returned at
    once: no pattern could have matched it, so the HTML is the same."""

    def __init__(self, md: Markdown, may_match):
        super().__init__(md)
        self._may_match = may_match

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802
        if not self._may_match(data):
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)


def skip_plain_text(md: Markdown) -> bool:
    """Install the quicker inline step in `md` when every inline pattern it has is one of TRIGGERS (an
    extension with a pattern of its own leaves `md` as it is). True when installed."""
    known = [name for name in TRIGGERS if name in md.inlinePatterns]
    stock = type(md.treeprocessors["inline"]) is treeprocessors.InlineProcessor
    if len(known) != len(md.inlinePatterns) or not stock or \
            not hasattr(treeprocessors.InlineProcessor, "_InlineProcessor__handleInline"):
        return False
    triggers = sorted({text for name in known for text in TRIGGERS[name]})
    may_match = re.compile("|".join(re.escape(text) for text in triggers)).search
    md.treeprocessors.register(_SkippingInlineProcessor(md, may_match), "inline", INLINE_PRIORITY)
    return True
