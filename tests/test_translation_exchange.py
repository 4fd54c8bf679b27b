"""What a translator gets and gives back, as units (XLIFF aside): the units that need work, the targets written
back into the right files without churn, the records, and refusals that change nothing."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import edit
from sitegen.checking import translation_texts
from sitegen.pipeline import BuildRequest
from sitegen.translations.exchange import Unit, UnitFile, export_units, import_units
from sitegen.translations.tracking import track
from test_translations import INDEX_FR, INDEX_RO, NEWS, SENTENCE


def texts_of(root: Path):
    texts, _, _ = translation_texts(BuildRequest(root=root, cache=False))
    return texts


def write(root: Path, imported) -> None:
    for path, text in imported.files.items():
        (root / path).write_text(text, "utf-8")
    if imported.lock is not None:
        (root / "content/translations.lock").write_text(imported.lock, "utf-8")


def translated(files, state="translated", change=lambda u: u.target if u.target is not None else "RO " + u.source):
    return [UnitFile(f.original, f.source_lang, f.target_lang,
                     tuple(Unit(u.id, u.source, change(u), state, u.notes) for u in f.units)) for f in files]


def states(root: Path) -> dict[str, str]:
    return {s.key: s.state for s in track(texts_of(root))[0].states}


def test_by_default_only_what_needs_work_and_everything_with_all(site_copy):
    assert export_units(texts_of(site_copy), "ro") == []   # the real content is up to date
    everything = export_units(texts_of(site_copy), "ro", everything=True)
    assert len(everything) == 12 and all(u.state == "final" and u.target for f in everything for u in f.units)
    assert export_units(texts_of(site_copy), "ro", True) == everything   # the same ids, in the same order
    edit(site_copy, INDEX_FR, SENTENCE, "ce service compte trois officiers de liaison")
    [unit_file] = export_units(texts_of(site_copy), "ro")
    [unit] = unit_file.units
    assert unit_file.original == INDEX_FR and unit.state == "needs-review-translation"
    assert "compte trois" in unit.source and unit.target.startswith("Condus de un colonel")
    assert unit.notes[0] == f"{INDEX_FR}:12" and "comprend trois" in unit.notes[1]


def test_an_export_imported_unchanged_changes_no_file(site_copy):
    edit(site_copy, INDEX_FR, SENTENCE, "ce service compte trois officiers de liaison")
    texts = texts_of(site_copy)
    files = export_units(texts, "ro", everything=True)
    imported, problems = import_units(texts, files, "x.xlf")
    assert problems == [] and imported.files == {} and imported.lock is None
    assert imported.still_stale == 1   # the stale unit stays stale: its state is needs-review-translation


def test_a_stale_paragraph_imported_as_translated_is_up_to_date(site_copy):
    edit(site_copy, INDEX_FR, SENTENCE, "ce service compte trois officiers de liaison")
    texts = texts_of(site_copy)
    files = export_units(texts, "ro")
    imported, problems = import_units(texts, translated(files, change=lambda u: u.target.replace(
        "acest serviciu cuprinde", "acest serviciu numără")), "x.xlf")
    assert problems == [] and list(imported.files) == [INDEX_RO]
    before = (site_copy / INDEX_RO).read_text("utf-8").split("\n")
    write(site_copy, imported)
    after = (site_copy / INDEX_RO).read_text("utf-8").split("\n")
    assert [i for i, (a, b) in enumerate(zip(before, after)) if a != b] == [11] and len(before) == len(after)
    assert "acest serviciu numără trei" in after[11]
    assert states(site_copy)[INDEX_RO] == "up to date"


def test_data_texts_and_ui_strings_round_trip(site_copy):
    edit(site_copy, "content/data/missions.yaml", "Il facilite par ailleurs", "Il facilite également")
    edit(site_copy, "content/strings/fr.yaml", "back_to_top: Haut de page", "back_to_top: Retour en haut")
    texts = texts_of(site_copy)
    files = export_units(texts, "ro")
    assert sorted(f.original for f in files) == ["content/data/missions.yaml", "content/strings/fr.yaml"]
    missions = (site_copy / "content/data/missions.yaml").read_text("utf-8")
    imported, problems = import_units(texts, translated(files, change=lambda u: "Nou: " + u.target), "x.xlf")
    assert problems == []
    write(site_copy, imported)
    new = (site_copy / "content/data/missions.yaml").read_text("utf-8")
    changed = [(a, b) for a, b in zip(missions.split("\n"), new.split("\n")) if a != b]
    assert len(changed) == 1 and changed[0][1].endswith('ro: "Nou: Totodată, serviciul facilitează executarea'
                                                        ' mandatelor europene de arestare."')
    assert 'back_to_top: "Nou: Începutul paginii"' in (site_copy / "content/strings/ro.yaml").read_text("utf-8")
    assert set(states(site_copy).values()) == {"up to date"}


def test_a_missing_news_translation_is_created_as_a_draft(site_copy):
    (site_copy / f"{NEWS}.ro.md").unlink()
    texts = texts_of(site_copy)
    [unit_file] = [f for f in export_units(texts, "ro") if f.original == f"{NEWS}.fr.md"]
    assert all(u.target is None for u in unit_file.units)
    imported, problems = import_units(texts, translated([unit_file], change=lambda u: "Tradus: " + u.source),
                                      "x.xlf")
    assert problems == [] and list(imported.files) == [f"{NEWS}.ro.md"]
    write(site_copy, imported)
    text = (site_copy / f"{NEWS}.ro.md").read_text("utf-8")
    assert text.startswith('---\ntitle: "Tradus: La coopération institutionnelle')
    assert "\nslug: tradus-la-cooperation-institutionnelle" in text and "\ndraft: true\n---\n" in text
    assert "date: 2016-11-08" in text
    assert states(site_copy)[f"{NEWS}.ro.md"] == "up to date"


@pytest.mark.parametrize("wrong", ["id", "source", "file"])
def test_a_wrong_unit_refuses_the_whole_import(site_copy, wrong):
    edit(site_copy, INDEX_FR, SENTENCE, "ce service compte trois officiers de liaison")
    edit(site_copy, "content/data/missions.yaml", "Il facilite par ailleurs", "Il facilite également")
    texts = texts_of(site_copy)
    files = translated(export_units(texts, "ro"))
    first = files[0]
    unit = first.units[0]
    if wrong == "id":
        bad = Unit("b-000000000000", unit.source, unit.target, unit.state)
    elif wrong == "source":
        bad = Unit(unit.id, unit.source + " Encore une phrase.", unit.target, unit.state)
    else:
        files[0] = UnitFile("content/pages/nothing.fr.md", first.source_lang, first.target_lang, first.units)
        bad = unit
    files[0] = UnitFile(files[0].original, first.source_lang, first.target_lang, (bad, *first.units[1:]))
    imported, problems = import_units(texts, files, "x.xlf")
    assert imported is None and len(problems) == 1
    assert {"id": "no block of the original has this id", "source": "the original changed after the export",
            "file": "is not an original"}[wrong] in problems[0].message
