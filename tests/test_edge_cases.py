"""Cases found in review: links to unpublished pages, the service page's address, uneven translations,
template errors in partials, base paths, unwritable output, size rounding."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_copy, parse
from sitegen.cli import main
from sitegen.i18n import format_size


def run(root: Path, capsys, *args) -> tuple[int, str]:
    code = main(list(args), root)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def write_news(root: Path, day: str, name: str, lang: str, extra: str = "", body: str = "Texte.") -> Path:
    path = root / "content" / "news" / f"{day}-{name}.{lang}.md"
    slug = f"slug: {name}-{lang}\n" if lang == "ro" else ""
    path.write_text(f"---\ntitle: Essai {name}\ndate: {day}\nsummary: Essai.\n{slug}{extra}---\n{body}\n", "utf-8")
    return path


def test_a_link_to_a_draft_is_an_error_with_its_line_unless_drafts_are_built(site_copy, capsys, tmp_path):
    write_news(site_copy, "2016-01-01", "brouillon", "fr", "draft: true\n")
    write_news(site_copy, "2016-01-02", "lien", "fr", body="Voir\n[le brouillon](2016-01-01-brouillon.fr.md).")
    code, out = run(site_copy, capsys, "build", "--output", str(tmp_path / "out"))
    assert code == 1
    assert "content/news/2016-01-02-lien.fr.md:7: link to 2016-01-01-brouillon.fr.md: that page is a draft" in out
    code, out = run(site_copy, capsys, "build", "--drafts", "--output", str(tmp_path / "drafts"))
    assert code == 0, out


def test_a_footer_link_to_a_draft_or_to_no_page_is_an_error(site_copy, capsys):
    legal = site_copy / "content" / "pages" / "mentions-legales.fr.md"
    legal.write_text(legal.read_text("utf-8").replace("---\n", "---\ndraft: true\n", 1), "utf-8")
    code, out = run(site_copy, capsys, "check")
    config_lines = (site_copy / "site_config.yaml").read_text("utf-8").split("\n")
    line = config_lines.index("  - page: mentions-legales") + 1
    assert code == 1 and f"site_config.yaml:{line}: the menu or footer links the page `mentions-legales`" in out
    config = site_copy / "site_config.yaml"
    config.write_text(config.read_text("utf-8").replace("page: mentions-legales", "page: mention-legale"), "utf-8")
    code, out = run(site_copy, capsys, "check")
    assert code == 1 and f"site_config.yaml:{line}: no page `mention-legale`" in out


@pytest.mark.parametrize("field", ["slug: accueil", "draft: true"])
def test_the_service_page_stays_at_the_language_home(site_copy, capsys, field):
    page = site_copy / "content" / "pages" / "index.fr.md"
    page.write_text(page.read_text("utf-8").replace("---\n", f"---\n{field}\n", 1), "utf-8")
    code, out = run(site_copy, capsys, "check")
    assert code == 1 and "content/pages/index.fr.md:2: the service page is the language's home" in out


def test_uneven_news_lists_declare_only_pages_that_exist(site_copy):
    for day in range(1, 13):
        write_news(site_copy, f"2015-01-{day:02d}", f"essai-{day:02d}", "fr")
    output = build_copy(site_copy)
    last = sorted((output / "fr" / "actualites" / "page").glob("*/index.html"))[-1]
    page = parse(last)
    hreflangs = page.xpath("//head/link[@rel='alternate' and @hreflang]/@hreflang")
    assert "ro" not in hreflangs and "fr" in hreflangs
    assert page.xpath("//nav[contains(@class,'switcher')]//a/@href") == ["/ro/"]
    sitemap = (output / "sitemap.xml").read_text("utf-8")
    assert "/ro/noutati/page/" not in sitemap


def test_a_template_error_in_a_partial_names_the_partial(site_copy, capsys):
    footer = site_copy / "templates" / "partials" / "footer.html"
    footer.write_text(footer.read_text("utf-8").replace("{{ chrome.embassy }}", "{{ chrome.embasy }}", 1), "utf-8")
    line = next(n for n, text in enumerate(footer.read_text("utf-8").split("\n"), 1) if "embasy" in text)
    code, out = run(site_copy, capsys, "check", "--strict")
    assert code == 1
    assert f"templates/partials/footer.html:{line}: UndefinedError" in out and "embasy" in out
    assert "templates/page.html" not in out


def test_a_template_error_in_the_sitemap_names_its_line_and_writes_nothing(site_copy, capsys, tmp_path):
    """The sitemap and the feeds are rendered piece by piece (render.render_file): an error midway is reported
    like a page's, and nothing is written."""
    sitemap = site_copy / "templates" / "sitemap.xml"
    lines = sitemap.read_text("utf-8").split("\n")
    lines[2] += "{{ entry.nope.deeper }}"
    sitemap.write_text("\n".join(lines), "utf-8")
    code, out = run(site_copy, capsys, "build", "--output", str(tmp_path / "out"))
    assert code == 1
    assert "templates/sitemap.xml:3: UndefinedError" in out
    assert not (tmp_path / "out" / "sitemap.xml").exists() and not (tmp_path / "out" / "fr").exists()


def test_a_site_absolute_link_written_with_the_base_path_keeps_one(site_copy, tmp_path):
    write_news(site_copy, "2016-01-02", "lien", "fr", body="[Actualités](/asi/fr/actualites/) et [accueil](/fr/)")
    write_news(site_copy, "2016-01-02", "lien", "ro")
    output = build_copy(site_copy, base_url="https://example.org/asi/", output=tmp_path / "asi")
    hrefs = parse(output / "fr" / "actualites" / "lien" / "index.html").xpath("//main//p/a/@href")
    assert "/asi/fr/actualites/" in hrefs and "/asi/fr/" in hrefs
    assert not [h for h in hrefs if h.startswith("/asi/asi/")]


def test_an_output_that_cannot_be_written_is_a_clean_error(site_copy, capsys, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, out = run(site_copy, capsys, "build", "--output", str(blocker / "out"))
    assert code == 1 and "cannot write the output" in out and "Traceback" not in out


@pytest.mark.parametrize("size,fr,ro", [(999_400, "999\u202fko", "999 kB"), (999_600, "1\u202fMo", "1 MB"),
                                        (1_540_000, "1,5\u202fMo", "1,5 MB"), (300, "1\u202fko", "1 kB")])
def test_sizes_never_read_1000_ko(size, fr, ro):
    assert format_size(size, "fr").replace("\u00a0", "\u202f") == fr
    assert format_size(size, "ro").replace("\u00a0", " ") == ro


def test_the_file_listing_is_what_path_rglob_gives(tmp_path):
    """load._listing walks folders with os.scandir (thousands of files at each build): what Path.rglob
    gives, hidden names (any part) left out, in the same order, symbolic links to folders not followed."""
    from sitegen.load import _listing
    for name in ["b.md", "a.md", "a-b.md", "A.md", ".cache.md", "notes.txt", "sub/z.md", "sub/deeper/a.md",
                 "sub-2/a.md", ".hidden/x.md", "é.md", "folder.md/inner.md"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / "linked").symlink_to(tmp_path / "sub", target_is_directory=True)
    (tmp_path / "empty.md").mkdir()  # listed, as rglob lists it: reading it is then a problem
    expected = sorted((p for p in tmp_path.rglob("*.md") if not any(part.startswith(".") for part in
                       p.relative_to(tmp_path).parts)), key=lambda p: p.parts)
    problems = []
    assert _listing(tmp_path, tmp_path, ".md", problems) == [p.relative_to(tmp_path).as_posix() for p in expected]
    assert sorted((p.path, p.severity) for p in problems) == [(".cache.md", "note"), (".hidden", "note"),
                                                              ("linked", "note")]
    listed = _listing(tmp_path, tmp_path, ".md", [])
    assert "linked/z.md" not in listed and ".hidden/x.md" not in listed
    assert _listing(tmp_path, tmp_path / "absent", ".md", []) == [] and _listing(tmp_path, tmp_path / "a.md", ".md", []) == []
