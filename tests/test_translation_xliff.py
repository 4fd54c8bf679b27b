"""`translation export` / `import` for real: XLIFF files of the real site, valid against the strict XLIFF 1.2
schema, read the same by translate-toolkit, filled in as a translator would and imported back; every refusal
changes no file."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
from lxml import etree

from conftest import build_copy, edit, parse, tree_bytes
from test_translations import INDEX_FR, INDEX_RO, NEWS, SENTENCE, run, states
from test_xliff import validate

NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}


def export(site: Path, tmp_path: Path, *options: str) -> tuple[Path, etree._Element]:
    target = tmp_path / "export.xlf"
    result = run(site, "translation", "export", "ro", "--output", str(target), *options)
    assert result.returncode == 0, result.stderr
    validate(target.read_bytes())   # every export: strict XLIFF 1.2
    return target, etree.parse(str(target)).getroot()


def content(site: Path) -> dict[str, bytes]:
    return {path: data for path, data in tree_bytes(site / "content").items()}


def fill(document: etree._Element, state: str = "translated", change=lambda text: text) -> None:
    """Fill in every unit as a translator would: the target made from the source's pieces when there is
    none (codes kept), or changed by `change`; the state set."""
    for unit in document.iterfind(".//x:trans-unit", NS):
        source, target = unit.find("x:source", NS), unit.find("x:target", NS)
        if target is None:
            target = etree.Element(f"{{{NS['x']}}}target")
            target.text, target[:] = source.text, [copy.deepcopy(c) for c in source]
            unit.insert(1, target)
        target.text = change(target.text or "")
        target.set("state", state)


def test_an_export_of_the_real_site_is_valid_and_read_the_same_by_translate_toolkit(site, tmp_path):
    path, document = export(site, tmp_path, "--all")
    files = document.findall("x:file", NS)
    units = document.findall(".//x:trans-unit", NS)
    assert len(files) == 12 and len(units) >= 150
    assert {f.get("target-language") for f in files} == {"ro"} and {f.get("source-language") for f in files} == {"fr"}
    assert all(u.find("x:target", NS).get("state") == "final" for u in units)
    ids = [u.get("id") for u in units]
    again, _ = export(site, tmp_path, "--all")
    assert again.read_bytes() == path.read_bytes()   # the same ids, the same bytes
    from translate.storage import xliff as toolkit   # a second, independent reader
    store = toolkit.xlifffile.parsefile(str(path))
    assert [u.getid().split("\x04")[-1] for u in store.units] == ids
    assert [u.xmlelement.find(f"{{{NS['x']}}}target").get("state") for u in store.units] == ["final"] * len(ids)
    # What a translator must not change is a code, never text: no .md path, no URL in any source.
    texts = " ".join("".join(u.find("x:source", NS).itertext()) for u in units)
    assert ".md" not in texts and "https://" not in texts
    linked = next(u for u in units if u.find("x:source/x:g", NS) is not None)
    source = etree.tostring(linked.find("x:source", NS), encoding="unicode")
    assert linked.find("x:source/x:g", NS).text == "page de l'attaché de sécurité intérieure"
    assert ".md" not in source and "(" not in source and "[" not in source


def test_export_then_import_unchanged_leaves_every_file_byte_for_byte(site, tmp_path):
    edit(site, INDEX_FR, SENTENCE, "ce service compte trois officiers de liaison")
    before = content(site)
    for options in ((), ("--all",)):
        path, _ = export(site, tmp_path, *options)
        result = run(site, "translation", "import", str(path))
        assert result.returncode == 0, result.stderr
        assert content(site) == before


def test_a_stale_paragraph_round_trips_to_up_to_date(site, tmp_path):
    edit(site, INDEX_FR, SENTENCE, "ce service compte trois officiers de liaison")
    path, document = export(site, tmp_path)
    [unit] = document.findall(".//x:trans-unit", NS)
    target = unit.find("x:target", NS)
    assert target.get("state") == "needs-review-translation" and target.text.startswith("Condus de un colonel")
    assert any("previous original" in note.text and "comprend trois" in note.text for note in unit.findall("x:note", NS))
    fill(document, change=lambda text: text.replace("acest serviciu cuprinde", "acest serviciu numără"))
    path.write_bytes(etree.tostring(document, xml_declaration=True, encoding="UTF-8"))
    result = run(site, "translation", "import", str(path))
    assert result.returncode == 0 and f"updated {INDEX_RO}" in result.stdout
    assert states(site)[f"{INDEX_RO}#ro"]["state"] == "up to date"
    output = build_copy(site)
    page = parse(output / "ro" / "index.html")
    assert "acest serviciu numără trei ofițeri" in page.find(".//main").text_content()
    assert page.find('.//div[@class="translation-notice"]') is None


def test_a_unit_left_for_review_is_applied_but_stays_stale(site, tmp_path):
    edit(site, INDEX_FR, SENTENCE, "ce service compte trois officiers de liaison")
    path, document = export(site, tmp_path)
    fill(document, state="needs-review-translation", change=lambda text: text + " Revizuit.")
    path.write_bytes(etree.tostring(document, xml_declaration=True, encoding="UTF-8"))
    result = run(site, "translation", "import", str(path))
    assert result.returncode == 0 and "1 still to review" in result.stdout
    assert "Revizuit." in (site / INDEX_RO).read_text("utf-8")
    assert states(site)[f"{INDEX_RO}#ro"]["state"] == "stale"


def test_every_target_filled_in_gives_the_expected_files_and_a_build_shows_them(site, tmp_path):
    (site / f"{NEWS}.ro.md").unlink()
    edit(site, "content/data/missions.yaml", "Il facilite par ailleurs", "Il facilite également")
    edit(site, "content/strings/fr.yaml", "back_to_top: Haut de page", "back_to_top: Retour en haut de page")
    path, document = export(site, tmp_path)
    originals = sorted(f.get("original") for f in document.findall("x:file", NS))
    assert originals == ["content/data/missions.yaml", f"{NEWS}.fr.md", "content/strings/fr.yaml"]
    fill(document, change=lambda text: "[RO] " + text if text else text)
    path.write_bytes(etree.tostring(document, xml_declaration=True, encoding="UTF-8"))
    result = run(site, "translation", "import", str(path))
    assert result.returncode == 0, result.stderr
    created = (site / f"{NEWS}.ro.md").read_text("utf-8")
    assert created.startswith('---\ntitle: "[RO] La coopération institutionnelle') and "\ndraft: true\n" in created
    # The link's code kept, leading now to the Romanian page (its text, inside the code, left as it was).
    assert "[page de l'attaché de sécurité intérieure](../pages/index.ro.md)" in created
    assert 'ro: "[RO] Totodată, serviciul facilitează' in (site / "content/data/missions.yaml").read_text("utf-8")
    assert 'back_to_top: "[RO] Începutul paginii"' in (site / "content/strings/ro.yaml").read_text("utf-8")
    assert {s["state"] for s in states(site).values()} == {"up to date"}
    output = build_copy(site, drafts=True)
    news = parse(output / "ro" / "noutati" / "ro-la-cooperation-institutionnelle-avec-le-ministere-roumain" / "index.html")
    assert news.findtext(".//h1").startswith("[RO] La coopération")
    assert parse(output / "ro" / "index.html").find('.//a[@href="#top"]').text == "[RO] Începutul paginii"


def refusals():
    """(what the translator's file does wrong, how to make it so, the words of the problem)."""
    def swap_codes(document):
        unit = next(u for u in document.iterfind(".//x:trans-unit", NS) if u.find("x:target/x:g", NS) is not None)
        for g in unit.findall("x:target/x:g", NS):
            g.set("id", {"1": "2", "2": "1"}.get(g.get("id"), "9"))

    def drop_code(document):
        unit = next(u for u in document.iterfind(".//x:trans-unit", NS) if u.find("x:target/x:g", NS) is not None)
        g = unit.find("x:target/x:g", NS)
        g.getparent().remove(g)

    return [
        ("malformed", lambda d: None, "not well-formed XML"),
        ("version", lambda d: d.set("version", "2.0"), "not 1.2"),
        ("language", lambda d: d.find("x:file", NS).set("target-language", "de"), "is not a language of this site"),
        ("file", lambda d: d.find("x:file", NS).set("original", "content/pages/nothing.fr.md"), "is not an original"),
        ("unit", lambda d: d.find(".//x:trans-unit", NS).set("id", "b-000000000000"), "no block of the original has this id"),
        ("source", lambda d: setattr(d.find(".//x:trans-unit/x:source", NS), "text", "Autre chose. "),
         "the original changed after the export"),
        ("codes", drop_code, "lacks the code(s)"),
        ("reordered", swap_codes, "code"),
    ]


@pytest.mark.parametrize("name, spoil, words", refusals(), ids=[r[0] for r in refusals()])
def test_each_refusal_names_the_unit_and_changes_no_file(site, tmp_path, name, spoil, words):
    path, document = export(site, tmp_path, "--all")
    fill(document, change=lambda text: text + " (tradus)")
    spoil(document)
    data = etree.tostring(document, xml_declaration=True, encoding="UTF-8")
    path.write_bytes(data[:-40] if name == "malformed" else data)
    before = content(site)
    result = run(site, "translation", "import", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{path}:") and words in first, result.stderr
    if name in ("unit", "source", "codes", "reordered"):
        assert "unit '" in first and ".fr.md" in first or ".yaml" in first   # the unit's id and its file
    assert content(site) == before   # nothing written, the records included
