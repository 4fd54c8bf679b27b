"""Spelling of the French and Romanian prose against real Hunspell dictionaries, plus the site's word lists.

The entry point is a `Speller` (made once per check by `make_speller`), given to the checks of each
source: `spell_markdown` for a page or news file (front matter title, summary, description and the body),
`spell_yaml` for the `{fr: ..., ro: ...}` texts of the data files and the UI string tables. Code, web and
e-mail addresses, link targets, file names and HTML tags are never spell-checked.

The dictionaries are Debian's `hunspell-fr` and `hunspell-ro`, read through pyenchant (libenchant's
Hunspell provider: `libenchant-2-2`). They are opened only when a word is not known already: a word's
verdict is kept (`Speller.verdicts`, stored beside the build cache under the speller's identity), so an
unchanged site never opens them. Without a dictionary or libenchant, spelling is skipped with one note.
"""
from __future__ import annotations

import re

from .cache import code_fingerprint, digest
from .dictionaries import LANGUAGES, Dictionaries, find_dictionaries
from .messages import msg
from .errors import NOTE, WARNING, Problem
from .load import SourceFile
from .proofread import BIDI_CONTROLS, INVISIBLE

WORDS_DIR = "content/words"
FRONT_MATTER_TEXTS = ("title", "summary", "description")
MAX_SUGGESTIONS = 3
def parse_word_lists(files: tuple[SourceFile, ...]) -> dict[str, frozenset[str]]:
    """content/words/<lang>.txt: one word a line, `#` starts a comment. {lang: words}."""
    lists = {}
    for source in files:
        lang = source.path.rsplit("/", 1)[-1].removesuffix(".txt")
        lines = (line.split("#", 1)[0].strip() for line in source.text.split("\n"))
        lists[lang] = frozenset(word for line in lines for word in line.split())
    return lists


class Speller:
    """Words checked against the dictionaries and the word lists. The dictionaries are opened the first
    time a word not already judged is met; `verdicts` ({"lang:word": suggestions, () for a right word})
    can be given from the cache and read back after a check (`learned` tells whether it grew)."""

    def __init__(self, dictionaries: Dictionaries, words: dict[str, frozenset[str]], verdicts: dict | None = None,
                 opener=None):
        self.dictionaries, self.words = dictionaries, words
        self.verdicts: dict[str, tuple[str, ...]] = dict(verdicts or {})
        self.learned = False
        self.unavailable = ""       # why the dictionaries could not be opened, once tried
        self._open = opener or _open_enchant
        self._opened: dict = {}
        self.right: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}  # words found right (speed)
        self._lower = {lang: {w.lower() for w in ws if w == w.lower()} for lang, ws in words.items()}
        self._folded = {lang: {w.lower() for w in ws} for lang, ws in words.items()}
        # The languages spelt: asked at each line checked, so made once.
        self.languages = frozenset(code for code, _ in dictionaries.found) if dictionaries.library else frozenset()
        # What every spelling result depends on: the dictionaries, the word lists, this code and pyenchant.
        lists = [f"{lang}:{' '.join(sorted(words))}" for lang, words in sorted(self.words.items())]
        self.identity = digest(dictionaries.identity, code_fingerprint("enchant"), *lists)

    def learn(self, verdicts: dict) -> None:
        """Take the verdicts another process reached (a forked share of the files)."""
        if not self.unavailable and verdicts.keys() - self.verdicts.keys():
            self.verdicts.update(verdicts)
            self.learned = True

    def suggestions(self, word: str, lang: str) -> tuple[str, ...] | None:
        """None for a right word, else up to three suggestions (maybe none)."""
        if self._listed(word, lang):
            return None
        elided = _ELIDED.match(word) if lang == "fr" else None
        if elided and self._listed(elided.group(1), lang):  # l'ASI: the word after the apostrophe is listed
            return None
        key = f"{lang}:{word}"
        if key not in self.verdicts:
            self.verdicts[key] = self._judge(word, lang)
            self.learned = True
        verdict = self.verdicts[key]
        return None if verdict == () else tuple(s for s in verdict if s)

    def close(self) -> None:
        """Let the dictionaries go once the check is done (Hunspell's two hold tens of megabytes while the
        pages are rendered); a word judged later opens its dictionary again."""
        self._opened.clear()

    def _listed(self, word: str, lang: str) -> bool:
        listed = self.words.get(lang, frozenset())
        return (word in listed or word.lower() in self._lower.get(lang, ())
                or (word.isupper() and word.lower() in self._folded.get(lang, ())))

    def _judge(self, word: str, lang: str) -> tuple[str, ...]:
        """() for a right word, else its suggestions ("" when there is none: never the empty tuple)."""
        dictionary = self._dictionary(lang)
        if dictionary is None:
            return ()
        if _known(dictionary, word) or ("-" in word and all(_known(dictionary, part) or self._listed(part, lang)
                                                           for part in word.split("-") if part)):
            return ()
        return tuple(dictionary.suggest(word)[:MAX_SUGGESTIONS]) or ("",)

    def _dictionary(self, lang: str):
        """The language's dictionary, opened the first time it is needed (0.1 s each, and 0.05 s to import
        pyenchant): an edit in one language opens only that one."""
        if lang not in self._opened:
            try:
                self._opened[lang] = self._open(lang)
            except Exception as exc:  # ImportError without libenchant, enchant errors: spelling is skipped
                self._opened[lang], self.unavailable = None, str(exc) or type(exc).__name__
        return self._opened[lang]


def _known(dictionary, word: str) -> bool:
    """Whether Hunspell knows the word, with either apostrophe (l'attaché, l’attaché)."""
    if dictionary.check(word):
        return True
    other = word.replace("’", "'") if "’" in word else word.replace("'", "’")
    return other != word and dictionary.check(other)


def _open_enchant(lang: str):
    """The enchant.Dict of a language's Hunspell dictionary (libenchant's Hunspell provider first)."""
    import enchant  # noqa: PLC0415 (libenchant must be installed: imported only when a word is to be judged)
    broker = enchant.Broker()
    broker.set_ordering(LANGUAGES[lang][0], "hunspell")
    return broker.request_dict(LANGUAGES[lang][0])


def make_speller(word_lists: tuple[SourceFile, ...], verdicts: dict | None = None,
                 dirs: tuple[str, ...] | None = None) -> Speller:
    """The speller of a check: every language of `LANGUAGES` whose dictionary is found in `dirs`."""
    return Speller(find_dictionaries(tuple(LANGUAGES), dirs), parse_word_lists(word_lists), verdicts)


def skipped_note(speller: Speller, codes: tuple[str, ...]) -> list[Problem]:
    """One note when some language's spelling could not be checked (never an error)."""
    wanted = [c for c in codes if c in LANGUAGES]
    missing = [c for c in wanted if c not in speller.languages] if not speller.unavailable else wanted
    if not missing:
        return []
    names = ", ".join(missing)
    packages = " ".join(f"hunspell-{c}" for c in missing)
    if speller.unavailable or not speller.dictionaries.library:
        message = msg("spelling not checked ({languages}): libenchant is not installed (Debian: apt-get install"
                      " {packages})", languages=names, packages="libenchant-2-2 " + packages)
    else:
        message = msg("spelling not checked ({languages}): no Hunspell dictionary is installed for it (Debian:"
                      " apt-get install {packages})", languages=names, packages=packages)
    return [Problem(f"{WORDS_DIR}/{missing[0]}.txt", 1, message, NOTE)]


# Text that is not prose, hidden before words are taken: fenced code is skipped whole; here inline code,
# HTML tags with their attributes, Markdown link targets and reference definitions, web and e-mail
# addresses, placeholders of UI strings ({name}), HTML entities, and in one scan of each word (speed) any
# word with a digit, an @ or a dot inside: numbers, dates, references (2016-11-08-x, A1), e-mail addresses,
# file names (fiche.docx).
_MARKUP = r"`[^`]*`|<[^>]*>|\]\([^)]*\)|^\s*\[[^\]]+\]:\s*\S+|\b(?:https?|ftp|mailto|tel):\S+|www\.\S+|\{[^}]*\}|&[#\w]+;"
_NOT_WORD = r"\b[\w’'+-]*(?:\d|@|\.[^\W\d_])[\w.’'+@-]*"
_NOT_PROSE = re.compile(_MARKUP + "|" + _NOT_WORD)
# Most lines hold neither markup nor such a word, and trying the last alternative at every position of a
# line is what costs: an alternative is left out of a line without what it needs to match at all (each
# markup one starts with one of these characters, or "www."; _NOT_WORD needs a digit, an @ or ".x"), which
# changes nothing: the others still match where and as they did.
# (Three plain searches: faster than one search of an alternation.)
_MARKUP_NEEDS, _DIGIT_OR_AT, _DOT_LETTER = re.compile(r"[`<\[\]{&:]"), re.compile(r"[\d@]"), re.compile(r"\.[^\W\d_]")
_ONLY_MARKUP, _ONLY_NOT_WORD = re.compile(_MARKUP), re.compile(_NOT_WORD)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_FENCE = ("```", "~~~")
# Characters no one sees are warned about by proofread.find_invisible: the words are judged without them
# (a zero-width space between two words, the others inside one).
_UNSEEN = {**dict.fromkeys(map(ord, "".join(INVISIBLE) + "".join(BIDI_CONTROLS))), ord("\u200b"): " ",
           **str.maketrans("şţŞŢ", "șțȘȚ")}
_HAS_UNSEEN = re.compile("[" + "".join(map(chr, _UNSEEN)) + "]")
# A line of at least this many words, more than half of them unknown, is text in another language, which
# translations/language.py reports ("this text is in French, not in Romanian"): not a list of misspellings.
FOREIGN_FROM = 8
# French elision: l', d', qu'... before a word (the dictionary knows "l'attaché"; the word list has "ASI").
_ELIDED = re.compile(r"(?i)(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['’](.+)")


def words_of(text: str) -> list[str]:
    """The words of a line of prose, what is not prose left out."""
    markup = "www." in text or _MARKUP_NEEDS.search(text) is not None
    not_word = _DIGIT_OR_AT.search(text) is not None or _DOT_LETTER.search(text) is not None
    if markup and not_word:
        prose = _NOT_PROSE.sub(" ", text)
    elif markup or not_word:
        prose = (_ONLY_MARKUP if markup else _ONLY_NOT_WORD).sub(" ", text)
    else:
        prose = text
    return [w for w in _WORD.findall(prose) if len(w) > 1]


def spell_line(text: str, lang: str, path: str, line: int, speller: Speller) -> list[Problem]:
    """A warning for each word of the line that is in neither the dictionary nor the word list."""
    if lang not in speller.languages:
        return []
    return _spell_row(text, lang, path, line, speller, _HAS_UNSEEN.search(text) is not None)


def _spell_row(text: str, lang: str, path: str, line: int, speller: Speller, unseen: bool) -> list[Problem]:
    """spell_line, `unseen` telling whether the line may hold a character of `_UNSEEN`."""
    # A cedilla letter is warned about by proofreading: the word is judged as written with a comma below.
    text = text.translate(_UNSEEN) if unseen and _HAS_UNSEEN.search(text) else text
    seen, right, problems = dict.fromkeys(words_of(text)), speller.right[lang], []
    if right.issuperset(seen):  # most lines: every word already found right
        return []
    for word in seen:
        if word in right:  # most words, most of the time: one look-up
            continue
        found = speller.suggestions(word, lang)
        if found is None:
            right.add(word)
        else:
            problems.append(_warning(word, found, lang, path, line))
    return [] if len(seen) >= FOREIGN_FROM and len(problems) * 2 > len(seen) else problems


def _warning(word: str, suggestions: tuple[str, ...], lang: str, path: str, line: int) -> Problem:
    said = ", ".join(f'"{s}"' for s in suggestions)
    dictionary = DICTIONARY_NAMES.get(lang, lang)
    if said:
        return Problem(path, line, msg('"{word}" is not in the {dictionary}: did you mean {suggestions}? (if it is'
                                       " right, add it to {words})", word=word, dictionary=dictionary,
                                       suggestions=said, words=WORDS_DIR + "/" + lang + ".txt"), WARNING)
    return Problem(path, line, msg('"{word}" is not in the {dictionary} (if it is right, add it to {words})',
                                   word=word, dictionary=dictionary, words=WORDS_DIR + "/" + lang + ".txt"), WARNING)


DICTIONARY_NAMES = {"fr": msg("French dictionary"), "ro": msg("Romanian dictionary")}


def spell_markdown(text: str, lang: str, path: str, body_line: int, speller: Speller,
                   front_lines: tuple[tuple[str, int], ...] = (), fields: dict | None = None) -> list[Problem]:
    """A page or news file: its front matter texts (title, summary, description, at their lines) and its
    Markdown body from `body_line` on, outside fenced code."""
    if lang not in speller.languages:
        return []
    problems = []
    for name, line in front_lines:
        value = (fields or {}).get(name)
        if name in FRONT_MATTER_TEXTS and isinstance(value, str):
            problems += _spell_value(value, lang, path, line, speller)
    in_code, unseen = False, _HAS_UNSEEN.search(text) is not None   # looked for once, not at each line
    for number, row in enumerate(text.split("\n")[body_line - 1:], body_line):
        if row.lstrip().startswith(_FENCE):
            in_code = not in_code
        elif not in_code:
            problems += _spell_row(row, lang, path, number, speller, unseen)
    return problems


def spell_yaml(value, codes: tuple[str, ...], path: str, speller: Speller, lang: str | None = None) -> list[Problem]:
    """Every text of parsed YAML in a known language: `{fr: ..., ro: ...}` entries, or all texts when the
    whole file is in `lang` (a UI string table). Reported on the line of the key."""
    from .yamlfile import line_of  # noqa: PLC0415
    problems = []
    if isinstance(value, dict):
        for key, item in value.items():
            item_lang = key if key in codes else lang
            if isinstance(item, str) and item_lang and key not in ("url", "email", "phone", "id"):
                problems += _spell_value(item, item_lang, path, line_of(value, key), speller)
            else:
                problems += spell_yaml(item, codes, path, speller, lang)
    elif isinstance(value, list):
        for item, line in zip(value, getattr(value, "lines", [])):
            if isinstance(item, str) and lang:
                problems += _spell_value(item, lang, path, line, speller)
            else:
                problems += spell_yaml(item, codes, path, speller, lang)
    return problems


def _spell_value(text: str, lang: str, path: str, line: int, speller: Speller) -> list[Problem]:
    # A folded or multi-line value is one text: reported on its key's line, each word once.
    return sorted({p for row in text.split("\n") for p in spell_line(row, lang, path, line, speller)})
