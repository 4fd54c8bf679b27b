"""The tool speaks the editor's language: French, Romanian or English after the locale, with the same problems,
order, `path:line: ` prefixes and exit codes; and catalogs that are complete, consistent and typeset."""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import edit
from sitegen.errors import Problem
from sitegen.errorpage import error_page
from sitegen.locale.catalogs import LANGUAGES, extracted
from sitegen.messages import LOCALE_DIR, catalog, editor_language, msg, nmsg, shown

LOCALES = {"en": "C.UTF-8", "fr": "fr_FR.UTF-8", "ro": "ro_RO.UTF-8"}


def run(root: Path, lang: str, *args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = LOCALES[lang]
    return subprocess.run([sys.executable, str(root / "build.py"), *args], cwd=root, capture_output=True, text=True,
                          env=env, timeout=120)


def po(lang: str):
    return read_po(io.BytesIO((LOCALE_DIR / lang / "LC_MESSAGES" / "sitegen.po").read_bytes()), locale=lang)


def ten_mistakes(root: Path) -> None:
    """Ten real mistakes an editor makes, in files of both languages."""
    edit(root, "content/pages/index.fr.md", "updated: 2016-11-08", "updated: 2016-13-08")              # a date
    edit(root, "content/pages/mentions-legales.fr.md", "title:", "author: Moi\ntitle:")                 # a field
    edit(root, "content/data/contacts.yaml", "contacts:", "contacts: [")                                # YAML
    edit(root, "content/pages/accessibilite.ro.md", "## ", "Textul conține o greşeală.\n\n## ")        # a cedilla
    edit(root, "content/pages/accessibilite.fr.md", "## ", "Voici trois points :\n\n## ")               # a space
    edit(root, "content/news/2016-11-08-reseau-unique-securite-interieure.fr.md", "(2016-11-08-soutien",
         "(2016-11-09-soutien")                                                                          # a link
    (root / "content/pages/essai.de.md").write_text("---\ntitle: x\n---\nx\n", "utf-8")                 # a suffix
    edit(root, "content/strings/ro.yaml", "home: Acasă\n", "")                                          # a UI string
    edit(root, "content/news/2016-11-08-soutien-operationnel-enqueteurs.ro.md", "slug:", "slug: Ü\nx-slug:")
    edit(root, "content/news/2016-11-08-cooperation-institutionnelle-mai.fr.md", "summary:", "summary: Une ou deux"
         " phrases qui résument l'actualité.\nx-summary:")                                                 # leftovers


def messages_of(output: str) -> list[str]:
    """The words of each problem line, without its `path:line: ` prefix, quoted values and code."""
    found = []
    for line in output.splitlines():
        match = re.match(r"^[^\s:]+:\d+: (.*)$", line)
        if match:
            found.append(match.group(1))
    return found


def test_the_same_problems_in_three_languages(site):
    ten_mistakes(site)
    runs = {lang: run(site, lang, "check") for lang in LOCALES}
    assert {r.returncode for r in runs.values()} == {1}
    prefixes = {lang: [line.split(": ", 1)[0] for line in r.stdout.splitlines() if re.match(r"^\S+:\d+: ", line)]
                for lang, r in runs.items()}
    assert prefixes["fr"] == prefixes["ro"] == prefixes["en"] and len(prefixes["en"]) >= 10
    english = messages_of(runs["en"].stdout)
    for lang in ("fr", "ro"):
        translated = messages_of(runs[lang].stdout)
        assert len(translated) == len(english)
        same = [t for t, e in zip(translated, english) if t == e]
        assert same == [], f"{lang}: left in English: {same}"
    assert re.search(r"^\d+ erreurs, \d+ avertissements", runs["fr"].stdout, re.M)
    assert re.search(r"^\d+ erori, \d+ avertismente", runs["ro"].stdout, re.M)


def test_each_language_is_the_one_the_identifier_hears(site):
    """What the editor reads, paths and quoted values aside, is French (or Romanian) to a language identifier."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(["en", "fr", "ro"])
    ten_mistakes(site)
    for lang in ("en", "fr", "ro"):
        text = " ".join(messages_of(run(site, lang, "check").stdout))
        words = re.sub(r"`[^`]*`|'[^']*'|\"[^\"]*\"|\S*[/.]\S*|\d+", " ", text)
        assert identifier.classify(words)[0] == lang, words


@pytest.mark.parametrize("lang, words", [("fr", ("utilisation", "afficher ce message d’aide")),
                                         ("ro", ("utilizare", "afișează acest mesaj de ajutor"))])
def test_help_and_argparse_errors_are_translated(site, lang, words):
    helped = run(site, lang, "--help")
    assert helped.returncode == 0 and all(word in helped.stdout for word in words)
    assert "show this help" not in helped.stdout and "usage:" not in helped.stdout
    wrong = run(site, lang, "build", "--nope")
    assert wrong.returncode == 2 and {"fr": "erreur", "ro": "eroare"}[lang] in wrong.stderr


def test_plurals_follow_cldr():
    counts = [nmsg("{n} error", "{n} errors", n) for n in (1, 2, 20, 101)]
    assert [shown(c, catalog("ro")) for c in counts] == ["1 eroare", "2 erori", "20 de erori", "101 erori"]
    assert [shown(c, catalog("fr")) for c in counts[:2]] == ["1 erreur", "2 erreurs"]
    assert [str(c) for c in counts[:2]] == ["1 error", "2 errors"]


def test_which_language_as_gettext_reads_the_locale():
    assert editor_language({"LANGUAGE": "ro:fr", "LANG": "fr_FR.UTF-8"}) == "ro"
    assert editor_language({"LC_ALL": "fr_FR.UTF-8", "LANG": "ro_RO.UTF-8"}) == "fr"
    assert editor_language({"LC_MESSAGES": "ro_RO", "LANG": "C"}) == "ro"
    assert editor_language({"LANG": "C.UTF-8"}) == editor_language({}) == editor_language({"LANG": "de_DE"}) == "en"


def test_the_preview_error_page_speaks_the_page_s_language():
    problem = Problem("content/pages/index.ro.md", 4, msg("the front matter is not closed: add a `---` line after it"))
    page = error_page([problem], "ro").decode()
    assert "Site-ul nu poate fi construit" in page and "front matter is not closed" not in page
    assert shown(problem.message, catalog("ro")) in page


def catalog_entries(lang: str):
    return [m for m in po(lang) if m.id]


def test_no_message_of_the_code_is_missing_from_a_catalog():
    wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in extracted() if m.id}
    for lang in LANGUAGES:
        have = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog_entries(lang)}
        assert wanted - have == set(), lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_entry_is_translated_not_fuzzy_with_the_same_placeholders(lang):
    placeholder = re.compile(r"(?<!\{)\{[a-z_]*(?:![rs])?(?::[^}]*)?\}(?!\})|%\([a-z_]+\)[sdr]|%[sdr]")
    for message in catalog_entries(lang):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert "fuzzy" not in message.flags, message.id
        assert all(strings), f"untranslated: {message.id!r}"
        expected = sorted(set(placeholder.findall(ids[-1])) | set(placeholder.findall(ids[0])))
        for text in strings:
            assert sorted(set(placeholder.findall(text))) == expected or (
                len(ids) > 1 and set(placeholder.findall(text)) <= set(expected)), (message.id, text)


def prose(text: str) -> str:
    """A translation without what is code or a value: `...`, {...}, %(...)s."""
    return re.sub(r"`[^`]*`|\{[^}]*\}|%\([^)]*\)[a-z]|%[a-z]|\S*://\S*", "x", text)


def test_french_typography_in_every_entry():
    for message in catalog_entries("fr"):
        for text in (message.string if isinstance(message.string, tuple) else (message.string,)):
            words = prose(text)
            assert not re.search(r"(?<![\u00a0\u202f])[:;!?](\s|$)", words), f"no no-break space before a sign: {text!r}"
            assert "'" not in re.sub(r"'[^' ]*'", "", words), f"straight apostrophe: {text!r}"
            assert not re.search(r"«(?!\u202f)|(?<!\u202f)»", words), f"guillemets without narrow spaces: {text!r}"


def test_romanian_typography_in_every_entry():
    for message in catalog_entries("ro"):
        for text in (message.string if isinstance(message.string, tuple) else (message.string,)):
            assert not re.search("[şţŞŢ]", text), f"cedilla: {text!r}"
            assert not re.search(r"«|»", prose(text)), f"French quotes in Romanian: {text!r}"


def test_the_compiled_catalogs_are_never_stale(tmp_path, monkeypatch):
    """Compiled at first use, under the hash of the .po: a changed .po is compiled again, never read old."""
    from sitegen import messages
    for lang in LANGUAGES:
        for old in (LOCALE_DIR / lang / "LC_MESSAGES").glob("sitegen-*.mo"):
            old.unlink()
        messages._catalog.cache_clear()
        assert shown(msg("the file is empty: write its content, or delete it"), catalog(lang)) != \
            "the file is empty: write its content, or delete it"
        assert len(list((LOCALE_DIR / lang / "LC_MESSAGES").glob("sitegen-*.mo"))) == 1
