"""Language typography: French spacing and apostrophes, Romanian comma-below letters."""
from __future__ import annotations

import html
import re
from functools import lru_cache

NBSP, NNBSP = "\u00a0", "\u202f"
CEDILLA_TO_COMMA = str.maketrans("şţŞŢ", "șțȘȚ")
CEDILLA = re.compile("[şţŞŢ]")

# Words that typography must not touch: web addresses, e-mail addresses.
_UNTOUCHABLE = re.compile(r"(https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+)")
_FRENCH_RULES = (  # (the characters without which the rule cannot apply, pattern, replacement)
    # l'ASI -> l’ASI. The quote first, then what is around it: a pattern that starts with a literal is
    # searched for at once, one that starts with a look-behind is tried at every position (7x slower).
    ("'", re.compile(r"'(?<=\w')(?=\w)"), "\u2019"),
    ("«", re.compile(r"«[ \u00a0\u202f]*"), "«" + NNBSP),
    ("»", re.compile(r"[ \u00a0\u202f]*»"), NNBSP + "»"),
    (":", re.compile(r"(?<![\s\d:])[ \u00a0]?:(?=\s|$)"), NBSP + ":"),
    (";!?", re.compile(r"(?<![\s!?;])[ \u00a0\u202f]?([;!?])(?=\s|$|[»)\]])"), NNBSP + r"\1"),
)
_FRENCH_TRIGGERS = re.compile("['«»:;!?]")
# HTML elements whose text is code or verbatim and keeps its spaces.
_VERBATIM = re.compile(r"(<(code|pre|kbd|samp|script|style)\b.*?</\2>|<[^>]*>)", re.S)


def french_text(text: str) -> str:
    """French spacing in plain text, outside URLs and e-mail addresses."""
    if "://" not in text and "www." not in text and "@" not in text:  # nothing untouchable: one piece
        return _apply_french(text)
    parts = _UNTOUCHABLE.split(text)
    return "".join(part if i % 2 else _apply_french(part) for i, part in enumerate(parts))


def _apply_french(text: str) -> str:
    if not _FRENCH_TRIGGERS.search(text):  # most text has none: one scan instead of five
        return text
    for triggers, pattern, replacement in _FRENCH_RULES:
        for char in triggers:  # a test is much cheaper than a substitution
            if char in text:
                text = pattern.sub(replacement, text)
                break
    return text


def romanian_text(text: str) -> str:
    # A search first: str.translate is slow on long non-Latin-1 text, and cedillas are rare.
    return text.translate(CEDILLA_TO_COMMA) if CEDILLA.search(text) else text


@lru_cache(maxsize=8192)  # a pure function, asked again for every title and summary at every build
def typeset_text(text: str, lang: str) -> str:
    """Plain text with the typography of its language."""
    return _typeset(text, lang)


def _typeset(text: str, lang: str) -> str:  # for the text of bodies, each seen once: not remembered
    if lang == "fr":
        return french_text(text)
    if lang == "ro":
        return romanian_text(text)
    return text


def typeset_html(markup: str, lang: str) -> str:
    """HTML with the typography of its language applied to text only (not tags, code or attributes)."""
    if lang not in ("fr", "ro"):
        return markup
    # The usual case: nothing to change anywhere (an entity would be written out, as in every other text).
    if lang == "ro" and "&" not in markup and not CEDILLA.search(markup):
        return markup
    parts = _VERBATIM.split(markup)
    out = []
    # split() yields text, then the whole match and its tag name group, in turn.
    for i in range(0, len(parts), 3):
        text = parts[i]
        out.append(_typeset_html_text(text, lang) if text else "")
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)


def _typeset_html_text(text: str, lang: str) -> str:
    # Most text between tags has no character that typography changes and no entity: left as it is.
    if "&" not in text and not (_FRENCH_TRIGGERS if lang == "fr" else CEDILLA).search(text):
        return text
    return html.escape(_typeset(html.unescape(text), lang), quote=False)
