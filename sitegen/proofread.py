"""Proofreading editors' text per language: Romanian cedilla letters, French plain spaces before ; : ! ?"""
from __future__ import annotations

import re

from .errors import WARNING, Problem
from .messages import msg
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
            return [Problem(path, line, msg("Romanian letter with a cedilla, write it with a comma below: {fixed}"
                                            " (a Romanian keyboard layout types them)", fixed=fixed), WARNING)]
    if lang == "fr":
        found = _PLAIN_SPACE_BEFORE.search(prose)
        if found:
            sign = found.group(1)
            word = text[: found.start()].rsplit(None, 1)[-1].lstrip("*_(«\"'")
            example = (msg('write "{word}"', word=word + sign) if len(word) < 30 and "](" not in word
                       else msg("remove the space"))
            return [Problem(path, line, msg("French text with a plain space before \"{sign}\": the line can break"
                                            " there; {example} (the site adds a no-break space) or type a"
                                            " no-break space", sign=sign, example=example), WARNING)]
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


# Characters editors paste from word processors and e-mails without seeing them. Invisible ones change
# nothing a reader sees but break searches, copies and line breaks (a warning); bidirectional controls
# can show a text in another order than it is written, and control characters are not text (errors).
INVISIBLE = {"\u00ad": msg("soft hyphen"), "\u200b": msg("zero-width space"), "\u200c": msg("zero-width non-joiner"),
             "\u200d": msg("zero-width joiner"), "\u200e": msg("left-to-right mark"), "\u200f": msg("right-to-left mark"),
             "\u2060": msg("word joiner"), "\u2061": msg("invisible function application"), "\u2062": msg("invisible times"),
             "\u2063": msg("invisible separator"), "\u2064": msg("invisible plus"), "\ufeff": msg("zero-width no-break space")}
BIDI_CONTROLS = {"\u202a": msg("left-to-right embedding"), "\u202b": msg("right-to-left embedding"),
                 "\u202c": msg("pop directional formatting"), "\u202d": msg("left-to-right override"),
                 "\u202e": msg("right-to-left override"), "\u2066": msg("left-to-right isolate"),
                 "\u2067": msg("right-to-left isolate"), "\u2068": msg("first strong isolate"),
                 "\u2069": msg("pop directional isolate")}
# C0 controls but the tab and the line end, DEL, and C1 controls.
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_UNSEEN = re.compile("[" + "".join(INVISIBLE) + "".join(BIDI_CONTROLS) + _CONTROL + "]")


def find_invisible(text: str, path: str) -> list[Problem]:
    """A problem for each line of a source file that holds a character no one can see: a warning for
    invisible ones, an error for bidirectional controls and control characters (the first of each line)."""
    if not _UNSEEN.search(text):  # nearly every file: one scan, nothing more
        return []
    problems = []
    for number, line in enumerate(text.split("\n"), 1):
        found = _UNSEEN.search(line)
        if found:
            problems.append(_unseen_problem(found.group(0), path, number))
    return problems


def _unseen_problem(char: str, path: str, line: int) -> Problem:
    code = f"U+{ord(char):04X}"
    if char in INVISIBLE:
        return Problem(path, line, msg("invisible character {code} ({name}) in this line, probably pasted from a"
                                       " word processor or an e-mail: delete it", code=code, name=INVISIBLE[char]),
                       WARNING)
    if char in BIDI_CONTROLS:
        return Problem(path, line, msg("bidirectional control character {code} ({name}) in this line: it can show"
                                       " the text in another order than it is written; delete it", code=code,
                                       name=BIDI_CONTROLS[char]))
    return Problem(path, line, msg("control character {code} in this line: it is not text; delete it", code=code))
