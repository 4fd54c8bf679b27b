"""Property: whatever text or bytes an editor saves, the loaders give a clean result or Problems, never an
exception (front matter, YAML, data files, config, UI strings, whole pages)."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from sitegen.config import parse_config
from sitegen.content import parse_document, split_front_matter
from sitegen.data import DATA_FILES, parse_data
from sitegen.errors import Problem
from sitegen.i18n import parse_strings
from sitegen.load import SourceFile, decode_source
from sitegen.yamlfile import parse_yaml

CODES = ("fr", "ro")
PROPERTY = settings(max_examples=300, deadline=None, database=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])

# Pieces of YAML and front matter that editors (and their typos) put together.
FRAGMENTS = ["---", "\n", "  ", "\t", ": ", ":", "- ", "title", "date", "fr", "ro", "contacts", "links", "sides",
             "id", "role", "url", "points", "intro", "2016-11-08", "2016-02-30", "true", "~", "null", "[", "]",
             "{", "}", "'", '"', "#", "&a ", "*a", "!!binary ", "!!python/object:os.system ", "? ", "|", ">",
             "%YAML 1.2", "<<: *a", "ş", "é", "\u00a0", "\ufeff", "\x00", "\r\n", "https://x.ro/", "1e9", "-1"]
yaml_like = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=60).map("".join)
any_text = st.text(max_size=400) | yaml_like
KEYS = ["title", "date", "summary", "description", "updated", "slug", "document", "draft", "author", "fr", "1"]
VALUES = ["Titre", "2016-11-08", "2016-02-30", "2016-11-08T10:00:00", "08/11/2016", "99999-01-01", "[1, 2]",
          "{fr: a}", "", "~", "true", "yes", "12", "../etc", "a b", "'x'", '"\\u00e9"', "|\n  deux\n  lignes"]
front_matter = st.dictionaries(st.sampled_from(KEYS), st.sampled_from(VALUES) | st.text(max_size=10), max_size=8).map(
    lambda rows: "---\n" + "".join(f"{k}: {v}\n" for k, v in rows.items()) + "---\nTexte [lien](../x.fr.md).\n")
REAL = {name: (ROOT / f"content/data/{name}.yaml").read_text("utf-8") for name in DATA_FILES}
REAL_CONFIG = (ROOT / "site_config.yaml").read_text("utf-8")
REAL_PAGE = (ROOT / "content/pages/index.fr.md").read_text("utf-8")


def is_clean(result, problems) -> bool:
    return all(isinstance(p, Problem) and p.line >= 1 and p.message for p in problems) and (
        result is not None or any(p.is_error for p in problems))


def mutated(text: str):
    """The real file with a slice replaced by arbitrary text: near-valid input, where parsers are weakest."""
    return st.tuples(st.integers(0, len(text)), st.integers(0, 40), any_text).map(
        lambda cut: text[: cut[0]] + cut[2] + text[cut[0] + cut[1]:])


@PROPERTY
@given(any_text | front_matter)
def test_front_matter_splits_or_says_why(text):
    meta, body, body_line, problems = split_front_matter(text, "content/pages/x.fr.md")
    assert (meta is None) == bool(problems)
    assert all(isinstance(p, Problem) for p in problems) and body_line >= 1


@PROPERTY
@given(any_text)
def test_yaml_parses_or_says_why(text):
    value, problems = parse_yaml(text, "x.yaml")
    assert problems == [] or (value is None and len(problems) == 1 and problems[0].line >= 1)


@PROPERTY
@given(st.sampled_from(sorted(DATA_FILES)), any_text | mutated(REAL["contacts"]) | mutated(REAL["missions"]))
def test_data_files_parse_or_say_why(name, text):
    files = tuple(SourceFile(f"content/data/{n}.yaml", text if n == name else REAL[n]) for n in DATA_FILES)
    assert is_clean(*parse_data(files, CODES))


@PROPERTY
@given(any_text | mutated(REAL_CONFIG))
def test_config_parses_or_says_why(text):
    assert is_clean(*parse_config(text))


@PROPERTY
@given(any_text)
def test_strings_parse_or_say_why(text):
    files = (SourceFile("content/strings/fr.yaml", text), SourceFile("content/strings/ro.yaml", "home: Acasă\n"))
    assert is_clean(*parse_strings(files, CODES))


@PROPERTY
@given(front_matter, st.sampled_from(["content/pages/x.fr.md", "content/news/2016-11-08-x.ro.md"]))
def test_any_front_matter_gives_a_document_or_problems(text, path):
    kind = "news" if "/news/" in path else "page"
    assert is_clean(*parse_document(SourceFile(path, text), kind, CODES))


@PROPERTY
@given(st.binary(max_size=300) | (any_text | front_matter | mutated(REAL_PAGE)).map(
    lambda t: t.encode("utf-8", "surrogatepass")),
       st.sampled_from(["content/pages/x.fr.md", "content/news/2016-11-08-x.ro.md", "content/pages/x.de.md"]))
def test_any_bytes_give_a_document_or_problems(data, path):
    source, problems = decode_source(path, data)
    if source is None:
        assert len(problems) == 1 and problems[0].is_error
        return
    kind = "news" if "/news/" in path else "page"
    assert is_clean(*parse_document(source, kind, CODES))
