"""`build.py check`: everything reported at once, nothing written, warnings fatal only with --strict; and
the language proofreading behind its warnings."""
from __future__ import annotations

import pytest

from sitegen.cli import main
from sitegen.proofread import fix_text, proofread_line, proofread_markdown

PATH = "content/pages/x.fr.md"


def test_check_writes_nothing_and_reports_translations(site_copy, capsys):
    (site_copy / "content/news/2016-11-08-reseau-unique-securite-interieure.ro.md").unlink()
    assert main(["check"], site_copy) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("content/news/2016-11-08-reseau-unique-securite-interieure.fr.md:1: warning: no ro"
                      " translation: create content/news/2016-11-08-reseau-unique-securite-interieure.ro.md")
    assert out[-2:] == ["0 errors, 1 warning",
                        "Translations: 6 of 7 pages and news items exist in every language (fr, ro); 1 lacks a translation"
                        " (see the warnings above)"]
    assert main(["check", "--strict"], site_copy) == 1
    assert not (site_copy / "output").exists()


def test_the_real_content_passes_strict_check(site_copy, capsys):
    assert main(["check", "--strict"], site_copy) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().out


@pytest.mark.parametrize("text", [
    "Le service comprend\u00a0: deux volets\u202f; voilà\u202f!",     # the right spaces
    "Le service comprend: deux volets; voilà!",                        # none: typography adds them
    "Voir https://www.interieur.gouv.fr/?a=1 : ici",                   # only the address is skipped...
    "Horaires 10:30 et `a ; b` en code, [lien](x.md?a=1 ; b)",
    "title: Titre",                                                    # a YAML key
    "| :--- | ---: |",                                                 # a Markdown table's alignment
    ": une définition",
])
def test_french_text_without_plain_spaces_before_signs_passes(text):
    expected = 1 if "ici" in text else 0
    assert len(proofread_line(text, "fr", PATH, 1)) == expected


@pytest.mark.parametrize("text, sign, fixed", [
    ("Trois cadres :", ":", "Trois cadres\u00a0:"),
    ("Pourquoi ? Parce que.", "?", "Pourquoi\u202f? Parce que."),
    ("- le terrorisme ;", ";", "- le terrorisme\u202f;"),
    ("« Attention ! »", "!", "« Attention\u202f! »"),
    ("**Mandats** : il facilite", ":", "**Mandats**\u00a0: il facilite"),
])
def test_plain_spaces_before_signs_are_found_and_fixed(text, sign, fixed):
    [problem] = proofread_line(text, "fr", PATH, 7)
    assert problem.line == 7 and not problem.is_error and f'before "{sign}"' in problem.message
    assert fix_text(text, "fr") == fixed and not proofread_line(fixed, "fr", PATH, 7)


def test_romanian_cedillas_name_the_fix():
    [problem] = proofread_line("Ştiri şi ţări", "ro", PATH, 3)
    assert "Ş -> Ș, ş -> ș, ţ -> ț" in problem.message
    assert fix_text("Ştiri şi ţări", "ro") == "Știri și țări"
    assert not proofread_line("Știri și țări", "ro", PATH, 3)
    assert not proofread_line("Trois cadres :", "ro", PATH, 3)  # French rules for French text only


def test_code_blocks_are_not_proofread():
    text = "---\ntitle: Essai\n---\n```\nx = a ; b\n```\nFin :\n"
    assert [p.line for p in proofread_markdown(text, "fr", PATH)] == [7]
