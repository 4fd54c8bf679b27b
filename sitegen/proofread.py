"""Proofreading editors' text per language: Romanian cedilla letters, French plain spaces before ; : ! ?"""
from __future__ import annotations

import re

from .errors import WARNING, Problem
from .typography import CEDILLA, CEDILLA_TO_COMMA, NBSP, NNBSP
from .yamlfile import line_of

# A plain space between a word and ; : ! ? that ends a phrase ("trois cadres :", "Pourquoi ?"). The
# published page gets a no-break space there anyway, but the source is what editors copy and what the
# alt texts and attributes (which typography leaves alone) are made of, so it should be right too.
_PLAIN_SPACE_BEFORE = re.compile(r"(?<=\S) (?=([;:!?])(?:\s|$|[»)\]\"'*_]))")
# Text that is not prose: inline code, web and e-mail addresses, Markdown link targets.
_NOT_PROSE = re.compile(r"`[^`]*`|https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+|\]\([^)]*\)")
_FENCE = ("```", "~~~")
# What a line must hold for a rule below to apply (masking only hides text, it never adds any).
_SUSPECT = {"ro": CEDILLA, "fr": re.compile(" [;:!?]")}


def proofread_line(text: str, lang: str, path: str, line: int) -> list[Problem]:
    """The warnings for one line of text in `lang`."""
    suspect = _SUSPECT.get(lang)
    if suspect is None or not suspect.search(text):  # most lines: nothing to mask and look at (speed)
        return []
    prose = _NOT_PROSE.sub(lambda m: "x" * len(m.group(0)), text)
    if lang == "ro":
        letters = sorted(set(CEDILLA.findall(prose)))
        if letters:
            fixed = ", ".join(f"{c} -> {c.translate(CEDILLA_TO_COMMA)}" for c in letters)
            return [Problem(path, line, f"Romanian letter with a cedilla, write it with a comma below: {fixed}"
                                        " (a Romanian keyboard layout types them)", WARNING)]
    if lang == "fr":
        found = _PLAIN_SPACE_BEFORE.search(prose)
        if found:
            sign = found.group(1)
            word = text[: found.start()].rsplit(None, 1)[-1].lstrip("*_(«\"'")
            example = f'write "{word}{sign}"' if len(word) < 30 and "](" not in word else "remove the space"
            return [Problem(path, line, f"French text with a plain space before \"{sign}\": the line can break"
                                        f" there; {example} (the site adds a no-break space) or type a"
                                        " no-break space", WARNING)]
    return []


def proofread_markdown(text: str, lang: str, path: str) -> list[Problem]:
    """Every line of a page or news file, front matter included, outside code blocks."""
    suspect = _SUSPECT.get(lang)
    if suspect is None or not suspect.search(text):  # the whole file at once first (speed)
        return []
    problems, in_code = [], False
    for number, line in enumerate(text.split("\n"), 1):
        if line.lstrip().startswith(_FENCE):
            in_code = not in_code
        elif not in_code:
            problems += proofread_line(line, lang, path, number)
    return problems


def proofread_yaml(value, codes: tuple[str, ...], path: str, lang: str | None = None) -> list[Problem]:
    """Every text of parsed YAML in a known language: `{fr: ..., ro: ...}` entries, or all texts when
    the whole file is in `lang` (a UI string table). Reported on the line of the key."""
    problems = []
    if isinstance(value, dict):
        for key, item in value.items():
            item_lang = key if key in codes else lang
            if isinstance(item, str) and item_lang:
                problems += _proofread_value(item, item_lang, path, line_of(value, key))
            else:
                problems += proofread_yaml(item, codes, path, lang)
    elif isinstance(value, list):
        for item, line in zip(value, getattr(value, "lines", [])):
            if isinstance(item, str) and lang:
                problems += _proofread_value(item, lang, path, line)
            else:
                problems += proofread_yaml(item, codes, path, lang)
    return problems


def _proofread_value(text: str, lang: str, path: str, line: int) -> list[Problem]:
    # A folded or multi-line value is one text: report it once, on its key's line.
    found = [p for row in text.split("\n") for p in proofread_line(row, lang, path, line)]
    return sorted(set(found))


def fix_text(text: str, lang: str) -> str:
    """The text with what proofreading warns about corrected (used by `new` for the title it is given)."""
    if lang == "ro":
        return text.translate(CEDILLA_TO_COMMA)
    if lang == "fr":
        return _PLAIN_SPACE_BEFORE.sub(lambda m: NBSP if m.group(1) == ":" else NNBSP, text)
    return text
