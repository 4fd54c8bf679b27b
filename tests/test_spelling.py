"""Spelling (sitegen/spelling.py): French and Romanian words outside the Hunspell dictionaries and the site's
word lists are warned about with their file, line and suggestions; code, addresses, link targets, file names
and HTML are not checked; results are cached by content; without a dictionary, one note."""
from __future__ import annotations

import os

import pytest

from conftest import edit
from sitegen import dictionaries as dictionary_files, spelling, validate
from sitegen.cli import main
from sitegen.spelling import LANGUAGES, find_dictionaries, words_of


@pytest.fixture(autouse=True)
def dictionaries_installed():
    """The tests need Debian's hunspell-fr, hunspell-ro and libenchant-2-2 (.ci/run installs them)."""
    found = find_dictionaries(tuple(LANGUAGES))
    if found.missing or not found.library:
        if os.environ.get("CI") == "true":
            pytest.fail("no Hunspell dictionaries under CI=true: apt-get install hunspell-fr hunspell-ro libenchant-2-2")
        pytest.skip("apt-get install hunspell-fr hunspell-ro libenchant-2-2 to run the spelling tests")


def check(site, capsys, *options) -> tuple[int, list[str]]:
    code = main(["check", *options], site)
    return code, capsys.readouterr().out.splitlines()


def spelling_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if " dictionary" in line and ": warning: " in line]


def test_a_misspelt_word_in_each_language_is_reported_with_its_line_and_suggestions(site_copy, capsys):
    edit(site_copy, "content/pages/index.ro.md", "raționaliza cooperarea", "raționaliza cooperrare")
    edit(site_copy, "content/pages/index.fr.md", "Dirigé par un colonel de gendarmerie", "Dirigé par un colonel de gendarmrie")
    edit(site_copy, "content/news/2016-11-08-cooperation-institutionnelle-mai.fr.md", "La coopération institutionnelle",
         "La coopération instituttionnelle")
    edit(site_copy, "content/data/contacts.yaml", 'ro: "Colonel de jandarmerie"', 'ro: "Colonel de jandarmrie"')
    edit(site_copy, "content/strings/fr.yaml", "skip_to_content: Aller au contenu", "skip_to_content: Aller au contennu")
    code, lines = check(site_copy, capsys, "--strict")
    assert code == 1
    found = spelling_lines(lines)
    assert found == [
        'content/data/contacts.yaml:11: warning: "jandarmrie" is not in the Romanian dictionary: did you mean'
        ' "jandarmerie", "jandarm"? (if it is right, add it to content/words/ro.txt)',
        'content/news/2016-11-08-cooperation-institutionnelle-mai.fr.md:2: warning: "instituttionnelle" is not in'
        ' the French dictionary: did you mean "institutionnelle"? (if it is right, add it to content/words/fr.txt)',
        'content/pages/index.fr.md:12: warning: "gendarmrie" is not in the French dictionary: did you mean'
        ' "gendarmerie", "gendarme"? (if it is right, add it to content/words/fr.txt)',
        'content/pages/index.ro.md:8: warning: "cooperrare" is not in the Romanian dictionary: did you mean'
        ' "cooperare", "cooperatoare", "cooperator"? (if it is right, add it to content/words/ro.txt)',
        'content/strings/fr.yaml:12: warning: "contennu" is not in the French dictionary: did you mean'
        ' "contenu"? (if it is right, add it to content/words/fr.txt)',
    ], found


def test_the_real_site_has_no_spelling_warning(site_copy, capsys):
    code, lines = check(site_copy, capsys, "--strict")
    assert code == 0 and spelling_lines(lines) == [] and "0 errors, 0 warnings" in lines, lines
    assert not any("spelling not checked" in line for line in lines)  # the dictionaries were really used


def test_code_addresses_link_targets_file_names_and_html_are_not_checked(site_copy, capsys):
    edit(site_copy, "content/pages/index.fr.md", "## ", "Voir `zorglubcode` et [la page zorglubbe](https://example.org/zorglubadresse),"
         " https://www.example.org/zorglubnu, zorglub@zorglubmail.fr, zorglubfichier.docx,"
         ' <abbr title="zorglubattribut">ASI</abbr>, [lien](../news/zorglubcible.fr.md).\n\n'
         "```\nzorglubbloc de code\n```\n\n## ")
    code, lines = check(site_copy, capsys)
    found = spelling_lines(lines)
    # Only the link text is prose: the control that the paragraph is checked at all.
    assert len(found) == 1 and '"zorglubbe"' in found[0], found


def test_a_word_added_to_the_word_list_in_one_line_stops_the_warning(site_copy, capsys):
    edit(site_copy, "content/pages/index.ro.md", "raționaliza cooperarea", "raționaliza Zorgluban")
    assert '"Zorgluban" is not in the Romanian dictionary' in "\n".join(check(site_copy, capsys)[1])
    words = site_copy / "content/words/ro.txt"
    words.write_text(words.read_text("utf-8") + "Zorgluban\n", "utf-8")
    code, lines = check(site_copy, capsys, "--strict")  # the cached results of before are not used
    assert code == 0 and spelling_lines(lines) == [], lines


def test_acronyms_in_capitals_are_checked_against_the_word_list(site_copy, capsys):
    edit(site_copy, "content/pages/index.fr.md", "(ASI)", "(ASI, XQZW)")
    found = spelling_lines(check(site_copy, capsys)[1])
    assert len(found) == 1 and '"XQZW" is not in the French dictionary' in found[0], found


def test_a_second_check_spells_no_unchanged_file_again(site_copy, capsys, monkeypatch):
    calls, opened = [], []
    real_spell, real_open = validate.spell_markdown, spelling._open_enchant
    monkeypatch.setattr(validate, "spell_markdown", lambda *a, **k: calls.append(a[2]) or real_spell(*a, **k))
    monkeypatch.setattr(spelling, "_open_enchant", lambda lang: opened.append(lang) or real_open(lang))
    assert check(site_copy, capsys)[0] == 0
    assert len(calls) == 14 and sorted(opened) == ["fr", "ro"]
    calls.clear(), opened.clear()
    assert check(site_copy, capsys)[0] == 0
    assert calls == [] and opened == []   # nothing spelt again, no dictionary opened
    edit(site_copy, "content/pages/index.ro.md", "raționaliza cooperarea", "raționaliza cooperrare")
    code, lines = check(site_copy, capsys)
    # Only the edited file is spelt again, and only its language's dictionary opened (for the new word).
    assert calls == ["content/pages/index.ro.md"] and opened == ["ro"] and len(spelling_lines(lines)) == 1


def test_without_a_dictionary_spelling_is_skipped_with_one_note(site_copy, capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(dictionary_files, "dictionary_dirs", lambda: (str(tmp_path / "nowhere"),))
    edit(site_copy, "content/pages/index.ro.md", "raționaliza cooperarea", "raționaliza cooperrare")
    code, lines = check(site_copy, capsys, "--strict")
    notes = [line for line in lines if ": note: " in line]
    assert code == 0 and spelling_lines(lines) == [] and notes == [
        "content/words/fr.txt:1: note: spelling not checked (fr, ro): no Hunspell dictionary is installed for it"
        " (Debian: apt-get install hunspell-fr hunspell-ro)"], lines
    assert main(["build"], site_copy) == 0 and (site_copy / "output/fr/index.html").exists()


def test_without_libenchant_spelling_is_skipped_and_nothing_is_cached(site_copy, capsys, monkeypatch):
    def missing(lang):
        raise ImportError("The 'enchant' C library was not found")
    edit(site_copy, "content/pages/index.ro.md", "raționaliza cooperarea", "raționaliza cooperrare")
    real_open = spelling._open_enchant
    monkeypatch.setattr(spelling, "_open_enchant", missing)
    code, lines = check(site_copy, capsys, "--strict")
    assert code == 0 and spelling_lines(lines) == [], lines
    assert [line for line in lines if ": note: " in line] == [
        "content/words/fr.txt:1: note: spelling not checked (fr, ro): libenchant is not installed"
        " (Debian: apt-get install libenchant-2-2 hunspell-fr hunspell-ro)"]
    monkeypatch.setattr(spelling, "_open_enchant", real_open)  # installed since: the word is found at once
    assert '"cooperrare"' in "\n".join(spelling_lines(check(site_copy, capsys)[1]))


@pytest.mark.parametrize("text, words", [
    ("L’attaché d'ambassade, c’est-à-dire aujourd'hui", ["L’attaché", "d'ambassade", "c’est-à-dire", "aujourd'hui"]),
    ("En 2016, 3 officiers (A1) -- voilà", ["En", "officiers", "voilà"]),
    ("Ofițerul și-a făcut datoria în București", ["Ofițerul", "și-a", "făcut", "datoria", "în", "București"]),
    ("`code` <span class=\"x\">texte</span> https://a.fr/b c@d.ro fiche.docx {name} &nbsp;", ["texte"]),
])
def test_words_of_a_line(text, words):
    assert words_of(text) == words


# Lines with nothing to hide, with markup only, with a word of digits, @ or dots only, and with both: words_of
# leaves out of a line the alternatives it cannot match (speed); the words must be those the whole pattern leaves.
@pytest.mark.parametrize("text, words", [
    ("Le réseau unique de l’attaché, c’est-à-dire", ["Le", "réseau", "unique", "de", "l’attaché", "c’est-à-dire"]),
    ("Voir `build.py` et <b>le</b> [guide](docs/guide.md) sur www.asi.fr", ["Voir", "et", "le", "guide", "sur"]),
    ("Voir https://asi.fr/a, tel:+40 et {name} &amp; mailto:x", ["Voir", "et"]),
    ("[ref]: https://asi.fr/page titre", ["titre"]),
    ("Écrire à mailto:asi et voir https://asi.fr/page-info", ["Écrire", "et", "voir"]),
    ("Voir www.asi.fr/page-info et plus", ["Voir", "et", "plus"]),
    ("voir](page-info) suite", ["voir", "suite"]),
    ("Écrire à asi@ambafrance ou autre", ["Écrire", "ou", "autre"]),
    ("Le 08.11.2016 à 10h, écrire à asi@ambafrance.ro (fiche.docx, v2)", ["Le", "écrire"]),
    ("La fin. Le début.Puis l'accès", ["La", "fin", "Le", "l'accès"]),
    ("Le 2016-11-08, voir `fiche.docx` sur <https://a.fr> ou a@b.ro", ["Le", "voir", "sur", "ou"]),
    ("[2000-01-06-actualite-4](x.md) et www.a1.ro/b, A1@x", ["et"]),
])
def test_words_of_a_line_with_or_without_markup_and_numbers(text, words):
    assert words_of(text) == words
    everything = spelling._NOT_PROSE.sub(" ", text)   # every alternative tried at every position
    assert words_of(text) == [w for w in spelling._WORD.findall(everything) if len(w) > 1]


def test_a_cedilla_letter_is_left_to_proofreading(site_copy, capsys):
    edit(site_copy, "content/pages/index.ro.md", "raționaliza cooperarea", "raţionaliza cooperarea")
    lines = check(site_copy, capsys)[1]
    assert spelling_lines(lines) == [] and any("cedilla" in line for line in lines), lines


def speller_with(words: str, lang: str = "fr"):
    from sitegen.load import SourceFile
    return spelling.make_speller((SourceFile(f"content/words/{lang}.txt", words),))


@pytest.mark.parametrize("text, reported", [
    ("Dirigé par l’attaché, l'ambassadeur et qu'il soit franco-roumaine", []),  # capitals, elisions, hyphens
    ("Le DCI, la DCI et l'ASI", []),                                           # listed acronyms, elided too
    ("Le ZQX et ASX", ["ZQX", "ASX"]),                                         # acronyms not listed
    ("un cookie, un Cookie, des COOKIE", []),                                  # listed in lowercase
    ("Bucarest, BUCAREST mais bucarest", ["bucarest"]),                        # listed with a capital
    ("Voici un mott et un autre mott", ["mott"]),                              # once a line
])
def test_words_against_the_dictionary_and_the_list(text, reported):
    speller = speller_with("DCI\nASI  # an acronym\ncookie\nBucarest\n")
    found = spelling.spell_line(text, "fr", "content/pages/x.fr.md", 3, speller)
    assert [p.message.split('"')[1] for p in found] == reported
    assert all(p.line == 3 and p.severity == "warning" for p in found)


def test_a_line_of_words_already_found_right_and_one_not():
    speller = speller_with("")
    spell = lambda text: [p.message.split('"')[1] for p in spelling.spell_line(text, "fr", "x.fr.md", 1, speller)]
    assert spell("Voici un texte") == []              # judged, then found right at once
    assert spell("Voici un texte") == []
    assert spell("Voici un texte et un mott") == ["mott"]


def test_a_speller_closed_after_a_check_opens_its_dictionary_again_for_a_new_word():
    speller = speller_with("")
    assert speller.suggestions("mott", "fr")
    speller.close()   # a build lets the dictionaries go once the check is done
    assert speller.suggestions("texte", "fr") is None
    assert speller.suggestions("mmaison", "fr")


def test_a_drafts_misspelt_words_are_notes(site_copy, capsys):
    edit(site_copy, "content/pages/index.ro.md", "raționaliza cooperarea", "raționaliza cooperrare")
    edit(site_copy, "content/pages/index.ro.md", "updated:", "draft: true\nupdated:")
    code, lines = check(site_copy, capsys, "--strict")
    assert any(line.startswith('content/pages/index.ro.md:9: note: "cooperrare" is not in the Romanian') for line in lines)
    assert spelling_lines(lines) == []


def test_without_libenchant_on_the_machine_one_note_and_the_build_works(site_copy, capsys, monkeypatch):
    monkeypatch.setattr(dictionary_files, "LIBRARY_PATHS", ())
    monkeypatch.delenv("PYENCHANT_LIBRARY_PATH", raising=False)
    monkeypatch.setattr(spelling, "_open_enchant", lambda lang: pytest.fail("no dictionary is opened"))
    code, lines = check(site_copy, capsys, "--strict")
    assert code == 0 and [line for line in lines if ": note: " in line] == [
        "content/words/fr.txt:1: note: spelling not checked (fr, ro): libenchant is not installed"
        " (Debian: apt-get install libenchant-2-2 hunspell-fr hunspell-ro)"], lines
    assert main(["build"], site_copy) == 0


def test_words_with_digits_are_not_checked():
    assert words_of("[2000-01-06-actualite-4](x.md) COVID-19, A1, 3e étage") == ["étage"]


def test_the_words_judged_in_forked_processes_are_kept_too(site_copy, capsys, monkeypatch):
    from sitegen import parsed
    monkeypatch.setattr(parsed, "PARALLEL_FROM", 1)   # the files shared out between two processes
    assert check(site_copy, capsys)[0] == 0
    opened, real_open = [], spelling._open_enchant
    monkeypatch.setattr(spelling, "_open_enchant", lambda lang: opened.append(lang) or real_open(lang))
    # index.ro.md (the sixth file) was checked by the second process: its words were sent back and stored.
    edit(site_copy, "content/pages/index.ro.md", "raționaliza cooperarea", "raționaliza  cooperarea")
    assert check(site_copy, capsys)[0] == 0 and opened == []
