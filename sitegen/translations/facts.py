"""What one page or news file tells about its own text, found when the file is parsed (cached with it)."""
from __future__ import annotations

from dataclasses import dataclass

from .blocks import Block, fingerprint, markdown_blocks, signature
from .language import foreign_language

# The front-matter fields that are text to translate, with the blocks of the body.
TEXT_FIELDS = ("title", "summary", "description")
NOT_PROSE = ("code", "reference")
# A body longer than this is one block: cutting 100,000 lines into blocks costs half a second at each check,
# and such a text is refused by markup.find_costly_markdown's limits, or is no page an editor writes.
MAX_BODY_LINES = 10_000


@dataclass(frozen=True)
class TextFacts:
    signature: str                                      # blocks.signature of the file's blocks
    fields: tuple[tuple[str, int, str], ...] = ()       # (field, line, fingerprint) of its title, summary...
    foreign: tuple[tuple[int, str], ...] = ()           # (line, language) of its blocks in another site language

    def line_of(self, field: str, default: int = 1) -> int:
        return next((line for name, line, _ in self.fields if name == field), default)

    def fingerprint_of(self, field: str) -> str:
        return next((print_ for name, _, print_ in self.fields if name == field), "")


def document_blocks(meta, body: str, body_line: int) -> list[Block]:
    """The blocks of a page or news file: its text fields (`meta`: the parsed front matter, which knows
    each key's line), then its body's."""
    lines = getattr(meta, "lines", {})
    fields = [Block(name, "text", str(meta[name]).strip(), lines.get(name, 1), lines.get(name, 1))
              for name in TEXT_FIELDS if isinstance(meta.get(name), str)]
    if body.count("\n") > MAX_BODY_LINES:  # no page comes near: tracked whole, not block by block
        return fields + [Block("body", "paragraph", body, body_line, body_line + body.count("\n"))]
    return fields + markdown_blocks(body, body_line)


def document_facts(meta, body: str, body_line: int, lang: str, codes: tuple[str, ...]) -> TextFacts:
    blocks = document_blocks(meta, body, body_line)
    foreign = []
    for block in (b for b in blocks if b.kind not in NOT_PROSE):
        other = foreign_language(block.text.replace("|", " "), lang, codes)
        if other:
            foreign.append((block.line, other))
    # A field's fingerprint is made as the original's is: "summary" and "description" alike.
    fields = [(b.field, b.line, fingerprint("text", b.text)) for b in blocks if b.field != "body"]
    if "original" in meta:
        fields.append(("original", getattr(meta, "lines", {}).get("original", 1), ""))
    return TextFacts(signature(blocks), tuple(fields), tuple(foreign))
