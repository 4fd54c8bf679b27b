"""Translations kept in step: records per block, stale and untranslated text found, `translation status/done`,
the visitors' notice, the `stale: error` policy. On copies of the real content."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import build_copy, edit, parse
from sitegen.errors import BuildFailed
from sitegen.checking import check_site
from sitegen.memo import BuildMemo
from sitegen.pipeline import BuildRequest
from sitegen.translations.blocks import fingerprint, markdown_blocks, normalize
from sitegen.translations.records import LOCK_FILE, parse_records

INDEX_FR, INDEX_RO = "content/pages/index.fr.md", "content/pages/index.ro.md"
NEWS = "content/news/2016-11-08-cooperation-institutionnelle-mai"
SENTENCE = "ce service comprend trois officiers de liaison"


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(root / "build.py"), *args], cwd=root, capture_output=True,
                          text=True, timeout=120)


def states(root: Path) -> dict[str, dict]:
    result = run(root, "translation", "status", "--json")
    assert result.returncode == 0, result.stderr
    return {f"{s['translation']}#{s['lang']}": s for s in json.loads(result.stdout)}


def state_of(root: Path, path: str, lang: str = "ro") -> dict:
    return states(root)[f"{path}#{lang}"]


def problems(root: Path):
    return check_site(BuildRequest(root=root, cache=False))[1]


def test_the_real_content_is_up_to_date_and_has_no_untranslated_text(site):
    found = states(site)
    assert len(found) >= 12   # 7 pages and news items, 3 data files, the UI strings, the config
    assert {s["state"] for s in found.values()} == {"up to date"}
    assert [str(p) for p in problems(site)] == []


def test_a_changed_sentence_makes_exactly_that_translation_stale_and_shows_the_change(site):
    edit(site, INDEX_FR, SENTENCE, "ce service compte trois officiers de liaison")
    found = states(site)
    stale = {key: s for key, s in found.items() if s["state"] != "up to date"}
    assert list(stale) == [f"{INDEX_RO}#ro"]
    state = stale[f"{INDEX_RO}#ro"]
    assert state["state"] == "stale" and state["source"] == INDEX_FR and state["source_updated"] == "2016-11-08"
    [change] = state["changed"]
    assert change["line"] == 12 and "comprend trois" in change["old"] and "compte trois" in change["new"]
    assert change["translation_line"] == 12 and "cuprinde trei ofițeri" in change["translation"]
    # check: a note on the translation's line to revise, then the word diff of the original's block.
    result = run(site, "check", "--strict")
    assert result.returncode == 0   # a note: reported, never a failure, even strict
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{INDEX_RO}:12: note: this translation is out of date: 1 of the 5 blocks")
    assert lines[1].strip() == f"{INDEX_FR}:12:"
    assert "service [-comprend-] trois" in lines[2] and "service {+compte+} trois" in lines[3]
    status = run(site, "translation", "status").stdout
    assert f"{INDEX_RO} <- {INDEX_FR}: stale: 1 of 5 blocks changed, original updated 2016-11-08" in status


def test_rewrapping_and_typing_variants_are_not_changes(site):
    text = (site / INDEX_FR).read_text("utf-8")
    rewrapped = (text.replace(SENTENCE, SENTENCE.replace(" trois ", "\ntrois   "))
                 .replace("l'Inspectorat", "l’Inspectorat").replace("liaison :", "liaison\u00a0:")
                 .replace("Moldavie, ce", "Moldavie, ce  "))
    (site / INDEX_FR).write_text(rewrapped, "utf-8")
    assert state_of(site, INDEX_RO)["state"] == "up to date"
    assert normalize("un *mot* l’ASI :") == normalize("un _mot_ l'ASI:") == normalize("un\n*mot*  l'ASI\u00a0:")


def test_a_moved_block_is_not_a_changed_block(site):
    path = site / f"{NEWS}.fr.md"
    lines = path.read_text("utf-8").split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("- le terrorisme"))
    last = next(i for i, line in enumerate(lines) if line.startswith("- la criminalité organisée"))
    lines[first], lines[last] = lines[last], lines[first]
    path.write_text("\n".join(lines), "utf-8")
    assert state_of(site, f"{NEWS}.ro.md")["state"] == "up to date"


def test_a_data_text_moved_in_its_list_is_not_a_change(site):
    """A menu entry added at the top of the footer moves every other label down its list: only the new one is
    a change."""
    edit(site, "site_config.yaml", "footer:\n", "footer:\n  - url: https://www.interieur.gouv.fr/\n    label:\n"
         "      fr: Ministère de l'Intérieur\n      ro: Ministerul de Interne\n")
    state = state_of(site, "site_config.yaml")
    assert state["state"] == "stale" and [c["new"] for c in state["changed"]] == ["Ministère de l'Intérieur"]


def test_done_records_a_translation_and_clears_it(site):
    edit(site, INDEX_FR, SENTENCE, "ce service compte trois officiers de liaison")
    before = (site / LOCK_FILE).read_text("utf-8")
    refused = run(site, "translation", "done", INDEX_FR)
    assert refused.returncode == 1 and f"{INDEX_FR}:1: this is an original" in refused.stderr
    assert (site / LOCK_FILE).read_text("utf-8") == before   # a refusal writes nothing
    done = run(site, "translation", "done", INDEX_RO)
    assert done.returncode == 0 and f"recorded {INDEX_RO}: follows {INDEX_FR}" in done.stdout
    assert state_of(site, INDEX_RO)["state"] == "up to date"
    assert "compte trois officiers" in (site / LOCK_FILE).read_text("utf-8")
    # Only that entry changed; the file stays sorted and stable: done again changes nothing.
    assert run(site, "translation", "done", "--all").returncode == 0
    after = (site / LOCK_FILE).read_text("utf-8")
    assert run(site, "translation", "done", "--all").returncode == 0
    assert (site / LOCK_FILE).read_text("utf-8") == after
    records, damaged = parse_records(after.encode("utf-8"))
    assert damaged == [] and list(records) == sorted(records)


def test_a_touch_to_the_translation_does_not_hide_that_it_is_stale(site):
    edit(site, INDEX_FR, SENTENCE, "ce service compte trois officiers de liaison")
    edit(site, INDEX_RO, "Condus de un colonel", "Condus de un  colonel")
    assert state_of(site, INDEX_RO)["state"] == "stale"


def test_data_texts_and_ui_strings_are_tracked_the_same_way(site):
    edit(site, "content/data/missions.yaml", "Il facilite par ailleurs", "Il facilite également")
    edit(site, "content/strings/fr.yaml", "back_to_top: Haut de page", "back_to_top: Retour en haut de page")
    found = states(site)
    missions, strings = found["content/data/missions.yaml#ro"], found["content/strings/ro.yaml#ro"]
    assert missions["state"] == strings["state"] == "stale"
    [change] = missions["changed"]
    assert "Il facilite également" in change["new"] and "Il facilite par ailleurs" in change["old"]
    ro_line = (site / "content/data/missions.yaml").read_text("utf-8").split("\n").index(
        next(line for line in (site / "content/data/missions.yaml").read_text("utf-8").split("\n")
             if "Totodată, serviciul facilitează" in line)) + 1
    assert missions["line"] == change["translation_line"] == ro_line
    [change] = strings["changed"]
    ro_strings = (site / "content/strings/ro.yaml").read_text("utf-8").split("\n")
    assert change["translation_line"] == next(i for i, line in enumerate(ro_strings, 1) if line.startswith("back_to_top:"))
    assert {key for key, s in found.items() if s["state"] != "up to date"} == {
        "content/data/missions.yaml#ro", "content/strings/ro.yaml#ro"}
    assert run(site, "translation", "done", "content/data/missions.yaml", "content/strings/ro.yaml").returncode == 0
    assert {s["state"] for s in states(site).values()} == {"up to date"}


def test_a_copy_without_git_behaves_the_same(site, tmp_path):
    """Records live in the content, not in git: a git clone (shallow or not) and a plain copy agree."""
    assert not (site / ".git").exists()
    edit(site, INDEX_FR, SENTENCE, "ce service compte trois officiers de liaison")
    plain = run(site, "translation", "status", "--json").stdout
    subprocess.run(["git", "init", "-q"], cwd=site, check=True)
    subprocess.run(["git", "-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "x", "--allow-empty"],
                   cwd=site, check=True)
    assert run(site, "translation", "status", "--json").stdout == plain


def test_a_lock_file_with_windows_line_ends_and_a_bom_reads_the_same(site):
    """A checkout on Windows (git's core.autocrlf) or an editor may save the lock file with \r\n and a BOM."""
    edit(site, INDEX_FR, SENTENCE, "ce service compte trois officiers de liaison")
    before = states(site)
    lock = site / LOCK_FILE
    lock.write_bytes(b"\xef\xbb\xbf" + lock.read_bytes().replace(b"\n", b"\r\n"))
    assert states(site) == before
    assert [str(p) for p in problems(site) if "damaged" in str(p)] == []


def test_a_one_off_build_lets_the_lock_file_go_once_tracked_and_the_preview_keeps_it(site, tmp_path):
    """A large site's lock file is tens of megabytes: a build's pages need only the states tracked from it."""
    edit(site, INDEX_FR, SENTENCE, "ce service compte trois officiers de liaison")
    output = build_copy(site, output=tmp_path / "built")
    assert parse_records.cache_info().currsize == 0
    assert parse(output / "ro" / "index.html").xpath('//main/*[@class="translation-notice"]')  # still stale
    build_copy(site, output=tmp_path / "preview", dev=True, drafts=True, memo=BuildMemo())
    assert parse_records.cache_info().currsize == 1   # the next preview build finds its records parsed


def test_a_romanian_original_makes_its_french_file_the_stale_one(site):
    edit(site, f"{NEWS}.ro.md", "date: 2016-11-08\n", "date: 2016-11-08\noriginal: ro\n")
    found = states(site)
    assert found[f"{NEWS}.fr.md#fr"]["state"] == "untracked"   # no record of it following the Romanian yet
    assert f"{NEWS}.ro.md#ro" not in found
    assert run(site, "translation", "done", f"{NEWS}.fr.md").returncode == 0
    edit(site, f"{NEWS}.ro.md", "Consiliere și formare", "Consiliere și formare profesională")
    state = states(site)[f"{NEWS}.fr.md#fr"]
    assert state["state"] == "stale" and state["source"] == f"{NEWS}.ro.md" and state["source_lang"] == "ro"
    fr_lines = (site / f"{NEWS}.fr.md").read_text("utf-8").split("\n")
    assert state["line"] == next(i for i, line in enumerate(fr_lines, 1) if line.startswith("## Conseil et"))


def test_pasted_french_text_and_a_copied_title_are_caught_on_their_line(site):
    french = (site / INDEX_FR).read_text("utf-8").split("\n")[7]
    ro_lines = (site / INDEX_RO).read_text("utf-8").split("\n")
    assert ro_lines[7].startswith("Atașatul de Securitate Internă (ASI) conduce")
    ro_lines[7] = french
    ro_lines[1] = "title: Attaché de Sécurité Intérieure"
    (site / INDEX_RO).write_text("\n".join(ro_lines), "utf-8")
    found = sorted((p.line, p.message) for p in problems(site) if p.path == INDEX_RO)
    assert found == [(2, f"`title` is the same as in {INDEX_FR}: translate it"),
                     (8, "this text is in French, not in Romanian: translate it")]
    assert all(p.severity == "warning" for p in problems(site) if p.path == INDEX_RO)
    assert state_of(site, INDEX_RO)["state"] == "untranslated"
    assert run(site, "check", "--strict").returncode == 1   # warnings: CI stops


def test_proper_nouns_and_short_labels_are_not_taken_for_the_other_language(site):
    edit(site, "content/strings/ro.yaml", "home: Acasă", "home: Contact")
    edit(site, INDEX_RO, "## Prezentarea", "## DCI MAI SSI Bucarest\n\n## Prezentarea")
    assert [str(p) for p in problems(site) if p.severity != "note"] == []


def test_a_stale_error_policy_stops_the_build(site):
    edit(site, INDEX_FR, SENTENCE, "ce service compte trois officiers de liaison")
    build_copy(site)   # the default policy: published, with a notice
    edit(site, "site_config.yaml", "news_per_page: 5", "news_per_page: 5\ntranslations:\n  stale: error")
    with pytest.raises(BuildFailed) as failure:
        build_copy(site)
    assert [(p.path, p.line) for p in failure.value.problems] == [(INDEX_RO, 12)]
    edit(site, "site_config.yaml", "stale: error", "stale: sometimes")
    wrong = [str(p) for p in problems(site) if p.path == "site_config.yaml"]
    assert wrong and "`translations` must be `{stale: notice}`" in wrong[0]


def test_the_notice_is_on_stale_pages_only_and_goes_when_done(site):
    output = build_copy(site)
    assert parse(output / "ro" / "index.html").find('.//div[@class="translation-notice"]') is None
    edit(site, INDEX_FR, SENTENCE, "ce service compte trois officiers de liaison")
    output = build_copy(site)
    notice = parse(output / "ro" / "index.html").find('.//main/div[@class="translation-notice"]')
    assert notice is not None and notice.get("role") == "note"
    assert "versiunea originală a fost modificată pe 8 noiembrie 2016" in notice.text_content()
    link = notice.find(".//a")
    assert (link.text, link.get("href"), link.get("hreflang")) == ("Citiți versiunea în limba franceză", "/fr/", "fr")
    assert parse(output / "fr" / "index.html").find('.//div[@class="translation-notice"]') is None
    assert run(site, "translation", "done", INDEX_RO).returncode == 0
    output = build_copy(site)
    assert parse(output / "ro" / "index.html").find('.//div[@class="translation-notice"]') is None


def test_blocks_follow_markdown_structure():
    body = ("Un paragraphe\nsur deux lignes.\n\n## Titre ##\n\n- un\n- deux\n  suite\n\n1. premier\n\n"
            "| a | b |\n|---|---|\n| c | d |\n\n> cité\n\n```\ncode\n```\n\nTitre setext\n---\n")
    blocks = markdown_blocks(body, 10)
    assert [(b.kind, b.text, b.line) for b in blocks] == [
        ("paragraph", "Un paragraphe sur deux lignes.", 10), ("h2", "Titre", 13), ("ul", "un", 15),
        ("ul", "deux suite", 16), ("ol", "premier", 19), ("row", "| a | b |", 21), ("row", "| c | d |", 23),
        ("quote", "cité", 25), ("code", "```\ncode\n```", 27), ("h2", "Titre setext", 31)]
    assert fingerprint("h2", "Titre") != fingerprint("h3", "Titre")


def test_a_damaged_record_is_reported_with_its_line(site):
    lock = site / LOCK_FILE
    lines = lock.read_text("utf-8").split("\n")
    broken = next(i for i, line in enumerate(lines) if line.startswith("original: "))
    lines[broken] = "origin: nothing"
    lock.write_text("\n".join(lines), "utf-8")
    found = [p for p in problems(site) if p.path == LOCK_FILE]
    assert [(p.line, p.is_error) for p in found] == [(broken, True)]


def test_status_works_while_other_files_have_errors_and_stops_on_an_unreadable_file(site):
    edit(site, INDEX_FR, "## Présentation", "[lien](2016-11-09-absent.fr.md)\n\n## Présentation")  # an error
    result = run(site, "translation", "status")
    assert result.returncode == 0 and f"{INDEX_RO} <- {INDEX_FR}: stale" in result.stdout
    (site / "content/news/2016-11-09-dossier.fr.md").mkdir()   # named as a news file, but no file to read
    result = run(site, "translation", "status")
    assert result.returncode == 1 and result.stderr.startswith("content/news/2016-11-09-dossier.fr.md:1: ")
