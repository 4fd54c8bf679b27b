"""Text left in the other site language: told by py3langid, asked only about blocks that look foreign."""
from __future__ import annotations

import re
from functools import lru_cache

MIN_WORDS = 8          # shorter texts (names, labels, "Contact") are too alike in both languages to tell
CONFIDENCE = 0.9
# Words frequent in one language and absent from the other: a cheap first look, so that the identifier
# (3 s to load, 0.1 ms a text) is loaded only for text that may be foreign.
COMMON_WORDS = {
    "fr": frozenset("le les des du et est une pour dans qui que au aux sur par avec cette ces il elle son ses"
                    " leur leurs pas plus ou sont été être nous vous ont entre sous aussi très mais comme".split()),
    "ro": frozenset("și în cu pe care este sunt din prin pentru al ale ai unei unui lor sau mai fost după între"
                    " acest această aceste către dar cât cum nu să își".split()),
}
_NOT_WORDS = re.compile(r"`[^`]*`|\]\([^)]*\)|<[^>]*>|https?://\S+|[\w.+-]+@[\w-]+\.[\w.-]+")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def words(text: str) -> list[str]:
    """The words of a text, without code, link targets, tags and addresses."""
    return _WORD.findall(_NOT_WORDS.sub(" ", text))


def foreign_language(text: str, lang: str, codes: tuple[str, ...]) -> str | None:
    """The other site language `text` is written in, when it is a text of `MIN_WORDS` words or more that
    the identifier attributes to it with confidence; None when it is in `lang` (or cannot be told)."""
    tokens = text.lower().split()   # a first look, in C loops: most blocks end here
    others = [code for code in codes if code != lang and code in COMMON_WORDS]
    if len(tokens) < MIN_WORDS or lang not in COMMON_WORDS or not others:
        return None
    own = sum(map(COMMON_WORDS[lang].__contains__, tokens))
    hits = {code: sum(map(COMMON_WORDS[code].__contains__, tokens)) for code in others}
    suspect = max(others, key=hits.__getitem__)
    if hits[suspect] <= own:
        return None
    found = words(text)
    if len(found) < MIN_WORDS:
        return None
    verdict, confidence = _identify(" ".join(found), tuple(sorted({lang, *others})))
    return verdict if verdict != lang and confidence >= CONFIDENCE else None


@lru_cache(maxsize=4096)   # a verdict per text: the same block is asked about at each check of its file
def _identify(text: str, languages: tuple[str, ...]) -> tuple[str, float]:
    language, confidence = _identifier(languages).classify(text)
    return language, float(confidence)


@lru_cache(maxsize=4)
def _identifier(languages: tuple[str, ...]):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # loaded only when a text looks foreign
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(languages))
    return identifier
