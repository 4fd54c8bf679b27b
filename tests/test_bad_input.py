"""Bad input, one small change at a time to a copy of the real content: exit 1, `file:line: message`,
output/ untouched, never a traceback."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, build_copy, tree_bytes
from sitegen.cli import main

NEWS = "content/news"
PAGE_FR = "content/pages/index.fr.md"
PAGE_RO = "content/pages/index.ro.md"
CONFIG = "site_config.yaml"
STRINGS_RO = "content/strings/ro.yaml"
CONTACTS = "content/data/contacts.yaml"
MISSIONS = "content/data/missions.yaml"
LINKS = "content/data/links.yaml"


def first_news(root: Path, lang: str = "fr") -> str:
    return sorted((root / NEWS).glob(f"*.{lang}.md"))[0].relative_to(root).as_posix()


# Each case: (id, change, file the message names, line or the text whose line it is, words of the message).
# A change is a function of the site root that edits one thing.
def replace(path, old, new, count=1):
    def change(root: Path) -> str:
        target = root / (path(root) if callable(path) else path)
        text = target.read_text("utf-8")
        assert old in text, f"{old!r} not in {target}"
        target.write_text(text.replace(old, new, count), "utf-8")
        return target.relative_to(root).as_posix()
    return change


def write(path, content):
    def change(root: Path) -> str:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path
    return change


def delete(path):
    def change(root: Path) -> str:
        (root / path).unlink()
        return path
    return change


def symlink(path, target):
    def change(root: Path) -> str:
        (root / path).symlink_to(target)
        return path
    return change


def fifo(path):
    def change(root: Path) -> str:
        os.mkfifo(root / path)
        return path
    return change


def duplicate_slug(root: Path) -> str:
    """A new French news item that takes the slug of an existing one."""
    slug = first_news(root).rsplit("/", 1)[-1][len("2016-11-08-"):-len(".fr.md")]
    text = NEWS_OK.replace("2016-11-01", "1999-01-01").replace("---\nTexte", f"slug: {slug}\n---\nTexte")
    return write(f"{NEWS}/1999-01-01-copie.fr.md", text)(root)


NEWS_OK = "---\ntitle: Essai\ndate: 2016-11-01\nsummary: Un essai.\n---\nTexte.\n"

CASES = [
    ("config-yaml", replace(CONFIG, "news_per_page: 5", "news_per_page: [5"), CONFIG, "news_per_page", "YAML does not parse"),
    ("config-unknown-key", replace(CONFIG, "news_per_page: 5", "news_per_page: 5\ncolour: blue"), CONFIG, "colour:", "unknown field `colour`"),
    ("config-missing-key", replace(CONFIG, "news_per_page: 5\n", ""), CONFIG, "base_url:", "no `news_per_page`"),
    ("config-bad-count", replace(CONFIG, "news_per_page: 5", "news_per_page: five"), CONFIG, "news_per_page", "whole number"),
    ("config-bad-default", replace(CONFIG, "default_language: fr", "default_language: de"), CONFIG, "default_language", "not one of the languages"),
    ("config-bad-section-slug", replace(CONFIG, "fr: actualites", "fr: actualités récentes"), CONFIG, "  news:", "not a safe URL slug"),
    ("config-menu-unknown-page-target", replace(CONFIG, "  - section: news", "  - section: blog"), CONFIG, "- section: blog", "unknown section"),
    ("page-front-matter-yaml", replace(PAGE_FR, "updated: 2016-11-08", "updated: [2016"), PAGE_FR, "updated:", "YAML does not parse"),
    ("page-front-matter-not-mapping", replace(PAGE_FR, "title: Attaché", "- Attaché", ), PAGE_FR, 2, "YAML does not parse"),
    ("page-no-front-matter", replace(PAGE_FR, "---\n", "", 1), PAGE_FR, 1, "must start with a `---` line"),
    ("page-unclosed-front-matter", write("content/pages/essai.fr.md", "---\ntitle: Essai\n"), "content/pages/essai.fr.md", 1, "not closed"),
    ("page-missing-title", replace(PAGE_FR, "title: Attaché de Sécurité Intérieure\n", ""), PAGE_FR, 2, "no `title` (required)"),
    ("page-bad-date", replace(PAGE_FR, "updated: 2016-11-08", "updated: 2016-02-30"), PAGE_FR, "updated:", "real date"),
    ("page-date-format", replace(PAGE_FR, "updated: 2016-11-08", "updated: 08/11/2016"), PAGE_FR, "updated:", "YYYY-MM-DD"),
    ("page-wrong-type", replace(PAGE_FR, "title: Attaché de Sécurité Intérieure", "title: [1, 2]"), PAGE_FR, "title:", "non-empty text"),
    ("page-unknown-field", replace(PAGE_FR, "updated: 2016-11-08", "updated: 2016-11-08\nauthor: moi"), PAGE_FR, "author:", "unknown field `author`"),
    ("page-unknown-language", write("content/pages/essai.de.md", NEWS_OK), "content/pages/essai.de.md", 1, "unknown language suffix `.de.md`"),
    ("page-bad-file-name", write("content/pages/Essai Page.fr.md", NEWS_OK), "content/pages/Essai Page.fr.md", 1, "file name must look like"),
    ("page-missing-document", replace(PAGE_FR, "document: fiche-information-asi.docx", "document: absent.docx"), PAGE_FR, "document:", "not in content/files/"),
    ("page-unsafe-slug-dots", replace(PAGE_RO, "updated: 2016-11-08", "updated: 2016-11-08\nslug: ../etc"), PAGE_RO, "slug:", "not a safe URL slug"),
    ("page-unsafe-slug-space", replace(PAGE_RO, "updated: 2016-11-08", "updated: 2016-11-08\nslug: a b"), PAGE_RO, "slug:", "not a safe URL slug"),
    ("page-dead-source-link", replace(PAGE_FR, "## Présentation", "[voir](../news/2099-01-01-rien.fr.md)\n\n## Présentation"), PAGE_FR, "[voir]", "there is no content/news/2099-01-01-rien.fr.md"),
    ("page-dead-site-link", replace(PAGE_FR, "## Présentation", "[voir](/fr/nulle-part/)\n\n## Présentation"), PAGE_FR, "[voir]", "leads to no page"),
    ("page-missing-image", replace(PAGE_FR, "## Présentation", "![logo](../files/logo.png)\n\n## Présentation"), PAGE_FR, "![logo]", "leads nowhere"),
    ("service-page-missing", delete(PAGE_RO), PAGE_RO, 1, "service page is missing"),
    ("news-bad-date-in-name", write(f"{NEWS}/2016-02-30-essai.fr.md", NEWS_OK.replace("2016-11-01", "2016-02-30")), f"{NEWS}/2016-02-30-essai.fr.md", "date:", "real date"),
    ("news-date-differs", write(f"{NEWS}/2016-11-02-essai.fr.md", NEWS_OK), f"{NEWS}/2016-11-02-essai.fr.md", "date:", "differs from the file name"),
    ("news-missing-summary", write(f"{NEWS}/2016-11-01-essai.fr.md", NEWS_OK.replace("summary: Un essai.\n", "")), f"{NEWS}/2016-11-01-essai.fr.md", 2, "no `summary`"),
    ("news-draft-not-bool", write(f"{NEWS}/2016-11-01-essai.fr.md", NEWS_OK.replace("---\nT", "draft: peut-être\n---\nT")), f"{NEWS}/2016-11-01-essai.fr.md", "draft:", "true or false"),
    ("news-duplicate-slug", lambda root: duplicate_slug(root), f"{NEWS}/1999-01-01-copie.fr.md", "slug:", "already used by"),
    # Every problem points at the line to change: the tab's own line, the bad indentation, the field's line.
    ("front-matter-tab", replace(first_news, "\nsummary:", "\n\tsummary:"), first_news, "\tsummary:", "a tab character here"),
    ("data-tab", replace(CONTACTS, "    role:", "\t  role:", 1), CONTACTS, "\t  role:", "a tab character here"),
    ("config-tab", replace(CONFIG, "news_per_page: 5", "news_per_page:\n\t5"), CONFIG, "\t5", "a tab character here"),
    ("front-matter-indented-field", replace(first_news, "\nsummary:", "\n  summary:"), first_news, "  summary:", "YAML does not parse"),
    ("front-matter-list-item", replace(first_news, "\nsummary:", "\n- summary:"), first_news, "- summary:", "YAML does not parse"),
    ("front-matter-no-colon", replace(first_news, "\ndate: ", "\ndate "), first_news, "date 20", "YAML does not parse"),
    ("page-duplicate-key", replace(PAGE_FR, "updated: 2016-11-08", "updated: 2016-11-08\ntitle: Encore"), PAGE_FR, "title: Encore", "appears twice"),
    ("service-page-slug", replace(PAGE_FR, "updated: 2016-11-08", "updated: 2016-11-08\nslug: accueil"), PAGE_FR, "slug: accueil", "remove its `slug`"),
    ("service-page-draft", replace(PAGE_FR, "updated: 2016-11-08", "updated: 2016-11-08\ndraft: true"), PAGE_FR, "draft: true", "remove its `slug`"),
    ("page-slug-of-news-list", replace("content/pages/mentions-legales.fr.md", "updated:", "slug: actualites\nupdated:"), "content/pages/mentions-legales.fr.md", "slug: actualites", "address of the news list"),
    ("page-missing-accessible-file", replace("content/pages/fiche-information.fr.md", "accessible_version_of: fiche-information-asi.docx", "accessible_version_of: absente.docx"), "content/pages/fiche-information.fr.md", "accessible_version_of:", "not in content/files/"),
    ("strings-missing-key", replace(STRINGS_RO, "back_to_top: Începutul paginii\n", ""), STRINGS_RO, 1, "UI string `back_to_top` is missing"),
    ("strings-yaml", replace(STRINGS_RO, "home: Acasă", "home: 'Acasă"), STRINGS_RO, "home:", "YAML does not parse"),
    ("contacts-missing-role", replace(CONTACTS, "    role:", "    rôle:", 1), CONTACTS, "rôle:", "unknown field `rôle`"),
    ("contacts-missing-translation", replace(CONTACTS, "  ro: ", "  rx: ", 1), CONTACTS, "intro:", "no translation in ro"),
    ("missions-no-sides", replace(MISSIONS, "sides:", "volets:"), MISSIONS, "volets:", "unknown field `volets`"),
    ("links-duplicate-key", replace(LINKS, "  - url: https://www.interieur.gouv.fr/", "  - url: https://www.interieur.gouv.fr/\n    url: https://example.org/"), LINKS, "url: https://example.org/", "appears twice"),
    ("front-matter-alias", replace(PAGE_FR, "updated: 2016-11-08", "updated: &d 2016-11-08\nslug: *d"), PAGE_FR, "slug: *d", "aliases"),
    ("links-bad-url", replace(LINKS, "url: https://www.interieur.gouv.fr/", "url: www.interieur.gouv.fr"), LINKS, "url: www.interieur", "https://"),
    ("data-file-missing", delete(LINKS), LINKS, 1, "data file is missing"),
    ("not-utf8", write(f"{NEWS}/2016-11-01-essai.fr.md", NEWS_OK.encode("latin-1", "replace").replace(b"Un essai", b"Un \xe9t\xe9")), f"{NEWS}/2016-11-01-essai.fr.md", 4, "not UTF-8"),
    ("empty-file", write(f"{NEWS}/2016-11-01-essai.fr.md", ""), f"{NEWS}/2016-11-01-essai.fr.md", 1, "empty"),
    ("huge-file", write(f"{NEWS}/2016-11-01-essai.fr.md", NEWS_OK + "x" * 10_000_000), f"{NEWS}/2016-11-01-essai.fr.md", 1, "too large"),
    ("symlink-loop", symlink(f"{NEWS}/2016-11-01-boucle.fr.md", "2016-11-01-boucle.fr.md"), f"{NEWS}/2016-11-01-boucle.fr.md", 1, "round in a circle"),
    ("folder-named-like-a-file", write(f"{NEWS}/2016-11-01-dossier.fr.md/lisez-moi.txt", "x"), f"{NEWS}/2016-11-01-dossier.fr.md", 1, "not a file"),
    ("named-pipe", fifo(f"{NEWS}/2016-11-01-tube.fr.md"), f"{NEWS}/2016-11-01-tube.fr.md", 1, "not a file"),
    ("symlink-folder-outside", symlink(f"{NEWS}/archives", "/etc"), f"{NEWS}/archives", 1, "symbolic link to a folder points outside content/"),
    ("symlink-folder-outside-files", symlink("content/files/partage", "/usr/share"), "content/files/partage", 1, "points outside content/"),
    ("symlink-folder-loop", symlink(f"{NEWS}/boucle", "boucle"), f"{NEWS}/boucle", 1, "round in a circle"),
    ("symlink-outside", symlink(f"{NEWS}/2016-11-01-essai.fr.md", "/etc/hostname"), f"{NEWS}/2016-11-01-essai.fr.md", 1, "points outside content/"),
    ("news-nested-too-deeply", write(f"{NEWS}/2016-11-01-essai.fr.md", NEWS_OK + "\n" + "".join(f"{'    ' * i}- x\n" for i in range(300))), f"{NEWS}/2016-11-01-essai.fr.md", 8 + 299, "nested too deeply"),
    ("page-takes-news-list-address", write("content/pages/actualites.fr.md", NEWS_OK.replace("date: 2016-11-01\nsummary", "description: x\nupdated: 2016-11-01\nsummary").replace("summary: Un essai.\n", "")), "content/pages/actualites.fr.md", 1, "address of the news list"),
    # Characters no one sees: bidirectional controls and control characters are errors...
    ("bidi-override-title", replace(PAGE_FR, "title: Attaché", "title: \u202eAttaché"), PAGE_FR, "title:", "U+202E (right-to-left override)"),
    ("bidi-isolate-body", replace(first_news, "\n---\n", "\n---\nTexte \u2066isolé\u2069.\n", 1), first_news, "isolé", "U+2066 (left-to-right isolate)"),
    ("bidi-in-data", replace(CONTACTS, "  fr: ", "  fr: \u202d", 1), CONTACTS, "\u202d", "U+202D"),
    ("nul-in-body", replace(PAGE_FR, "## Présentation", "Texte\x00 collé.\n\n## Présentation"), PAGE_FR, "Texte\x00", "control character U+0000"),
    ("escape-in-config", replace(CONFIG, "fr: Le service", "fr: Le\x1b service"), CONFIG, "\x1b", "control character U+001B"),
    # With --strict (as CI runs), warnings stop the build too.
    ("strict-cedilla-body", replace(PAGE_RO, "## Prezentare", "Cooperare şi ţintă.\n\n## Prezentare"), PAGE_RO, "Cooperare şi", "ş -> ș, ţ -> ț", "--strict"),
    ("strict-cedilla-title", replace(PAGE_RO, "title: Atașatul", "title: Ataşatul"), PAGE_RO, "title:", "ş -> ș", "--strict"),
    ("strict-cedilla-data", replace(MISSIONS, 'ro: "Misiunea', 'ro: "Ţara Misiunea'), MISSIONS, "Ţara",  "Ţ -> Ț", "--strict"),
    ("strict-cedilla-strings", replace(STRINGS_RO, "home: Acasă", "home: Acasă şi"), STRINGS_RO, "home:", "ş -> ș", "--strict"),
    ("strict-french-colon", replace(PAGE_FR, "## Présentation", "Le service comprend :\n\n## Présentation"), PAGE_FR, "comprend :", 'plain space before ":"', "--strict"),
    ("strict-french-question", replace(first_news, "summary: ", "summary: Pourquoi ? "), first_news, "summary:", 'write "Pourquoi?"', "--strict"),
    ("strict-french-semicolon-data", replace(CONTACTS, "  fr: ", "  fr: a ; b ", 1), CONTACTS, "  fr: a ;", 'before ";"', "--strict"),
    ("strict-french-config", replace(CONFIG, "fr: Le service", "fr: Le service !"), CONFIG, "fr: Le service !", 'before "!"', "--strict"),
    # ... invisible ones are warnings.
    ("strict-zero-width-space", replace(PAGE_FR, "## Présentation", "Mot\u200bcollé.\n\n## Présentation"), PAGE_FR, "Mot\u200b", "U+200B (zero-width space)", "--strict"),
    ("strict-soft-hyphen-title", replace(first_news, "title: ", "title: Coopé\u00adration "), first_news, "title:", "U+00AD (soft hyphen)", "--strict"),
    ("strict-zero-width-joiner-strings", replace(STRINGS_RO, "home: Acasă", "home: Aca\u200dsă"), STRINGS_RO, "home:", "U+200D (zero-width joiner)", "--strict"),
    ("strict-word-joiner-data", replace(MISSIONS, 'ro: "Misiunea', 'ro: "Misiunea\u2060'), MISSIONS, "\u2060", "U+2060", "--strict"),
    ("strict-missing-translation", delete("content/pages/mentions-legales.ro.md"), "content/pages/mentions-legales.fr.md", 1, "no ro translation", "--strict"),
]


@pytest.mark.parametrize("case", [c for c in CASES if "--strict" in c[5:]], ids=lambda c: c[0])
def test_without_strict_a_warning_does_not_stop_the_build(case, site_copy, tmp_path, capsys):
    name, change, path, line, words, *flags = case
    change(site_copy)
    assert main(["build", "--output", str(tmp_path / "out")], site_copy) == 0
    err = capsys.readouterr().err
    assert "warning: " in err and words in err


def expected_line(root: Path, path: str, line) -> int:
    if isinstance(line, int):
        return line
    lines = (root / path).read_text("utf-8").split("\n")
    return next(number for number, text in enumerate(lines, 1) if line in text)


@pytest.fixture(scope="module")
def good_output(tmp_path_factory):
    """A built site whose output/ each failing build must leave byte for byte as it was."""
    from conftest import copy_site
    root = copy_site(tmp_path_factory.mktemp("good"))
    return root, build_copy(root)


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_bad_input_is_reported_with_file_and_line(case, site_copy, good_output, capsys):
    name, change, path, line, words, *flags = case
    _, output = good_output
    before = tree_bytes(output)
    change(site_copy)
    path = path(site_copy) if callable(path) else path
    line = expected_line(site_copy, path, line) if not isinstance(line, int) else line
    code = main(["build", *flags, "--output", str(output)], site_copy)
    err = capsys.readouterr().err
    assert code == 1, err
    assert f"{path}:{line}: " in err and words in err, err
    problem = next(row for row in err.splitlines() if row.startswith(f"{path}:{line}: "))
    assert words in problem, err
    assert "Traceback" not in err
    assert tree_bytes(output) == before


def test_all_problems_are_reported_together(site_copy, capsys):
    replace(PAGE_FR, "updated: 2016-11-08", "updated: 2016-02-30")(site_copy)
    replace(LINKS, "url: https://www.interieur.gouv.fr/", "url: nulle-part")(site_copy)
    assert main(["check"], site_copy) == 1
    out = capsys.readouterr().out
    assert f"{PAGE_FR}:" in out and f"{LINKS}:" in out
    assert out.strip().splitlines()[-1].startswith("2 errors")


def test_no_traceback_from_the_real_command(site_copy):
    replace(CONFIG, "news_per_page: 5", "news_per_page: [5")(site_copy)
    shutil.copy(ROOT / "build.py", site_copy / "build.py")
    (site_copy / "sitegen").symlink_to(ROOT / "sitegen")
    result = subprocess.run([sys.executable, str(site_copy / "build.py")], capture_output=True, text=True,
                            cwd=site_copy, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{CONFIG}:")
