"""The preview's answers without a server: files of output/, redirects, 404s, and the error page."""
from __future__ import annotations

import lxml.html
import pytest

from conftest import build_copy
from sitegen.errors import Problem
from sitegen.pipeline import BuildRequest
from sitegen.serve import Preview, is_safe_path, preview_folder, respond

BROKEN = (Problem("content/data/contacts.yaml", 6, "YAML does not parse, column 11: did not find expected ','"),
          Problem("content/pages/index.ro.md", 3, "`updated` must be a real date written YYYY-MM-DD"))


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    from conftest import copy_site
    root = copy_site(tmp_path_factory.mktemp("served"))
    output = build_copy(root, drafts=True)
    return Preview(BuildRequest(root=root, output=output, drafts=True, dev=True))


def stylesheet_url(preview) -> str:
    """The hashed stylesheet's address, as the pages name it."""
    return "/" + next(preview.output.glob("assets/site.*.css")).relative_to(preview.output).as_posix()


def test_pages_folders_and_assets_are_served(preview):
    home = respond("GET", "/fr/", preview)
    assert home.status == "200 OK" and home.content_type == "text/html; charset=utf-8"
    assert home.body == (preview.output / "fr/index.html").read_bytes()
    assert respond("GET", stylesheet_url(preview), preview).content_type.startswith("text/css")
    redirect = respond("GET", "/fr", preview)
    assert redirect.status.startswith("301") and redirect.location == "/fr/"


@pytest.mark.parametrize("path", ["/..", "/../site_config.yaml", "/fr/../../x", "/./fr/", "/fr\\..\\x", "/a\0b",
                                  "relative", "/nope/", "/fr/nope.html"])
def test_unsafe_and_unknown_paths_are_404(preview, path):
    assert respond("GET", path, preview).status == "404 Not Found"


def test_a_symbolic_link_in_output_leads_nowhere(preview, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (preview.output / "leak.txt").symlink_to(secret)
    try:
        assert respond("GET", "/leak.txt", preview).status == "404 Not Found"
    finally:
        (preview.output / "leak.txt").unlink()


def test_only_get_and_head(preview):
    assert respond("POST", "/fr/", preview).status.startswith("405")


def test_safe_paths():
    assert is_safe_path("/fr/actualites/x/") and is_safe_path("/")
    assert not is_safe_path("/fr/..") and not is_safe_path("/fr/./") and not is_safe_path("fr/")


@pytest.mark.parametrize("path, lang, heading", [
    ("/fr/", "fr", "Le site ne peut pas être construit"),
    ("/ro/noutati/", "ro", "Site-ul nu poate fi construit"),
    ("/", "fr", "Le site ne peut pas être construit"),
])
def test_a_broken_build_shows_every_problem_in_the_page_language(tmp_path, path, lang, heading):
    preview = Preview(BuildRequest(root=tmp_path, output=tmp_path / "output"))
    preview.problems = BROKEN
    response = respond("GET", path, preview)
    assert response.status.startswith("500")
    page = lxml.html.fromstring(response.body)
    assert page.get("lang") == lang and page.findtext(".//h1") == heading
    rows = [[cell.text_content() for cell in row.findall("td")] for row in page.findall(".//tbody/tr")]
    assert rows == [[p.path, str(p.line), p.message] for p in BROKEN]
    assert b"</head>" in response.body  # where livereload adds its script, so the page comes back


def test_assets_are_still_served_while_the_build_is_broken(preview):
    broken = Preview(preview.request)
    broken.problems = BROKEN
    assert respond("GET", stylesheet_url(preview), broken).status == "200 OK"


def test_the_preview_has_a_folder_of_its_own_never_output(tmp_path, site_copy):
    assert preview_folder(site_copy) == site_copy / ".cache/preview"
    assert preview_folder(tmp_path) == tmp_path / ".cache/preview"  # no config yet: still somewhere to serve from


def test_a_rebuild_remembers_problems_and_forgets_them_once_fixed(site_copy, capsys):
    preview = Preview(BuildRequest(root=site_copy, output=site_copy / "output", drafts=True, dev=True))
    config = site_copy / "site_config.yaml"
    good = config.read_text("utf-8")
    config.write_text(good.replace("news_per_page: 5", "news_per_page: [5"), "utf-8")
    preview.rebuild()
    assert [p.path for p in preview.problems] == ["site_config.yaml"]
    assert "site_config.yaml:" in capsys.readouterr().out and not (site_copy / "output").exists()
    config.write_text(good, "utf-8")
    preview.rebuild()
    assert preview.problems == () and (site_copy / "output/fr/index.html").is_file()
    assert respond("GET", "/ro/", preview).status == "200 OK"
