"""Pages and news items: file names and front matter parsed and checked into Document records."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from .errors import Problem
from .messages import msg, nmsg
from .load import SourceFile
from .markup import LinkRef, find_links
from .schema import check_mapping, parse_date
from .translations.facts import TextFacts, document_facts
from .yamlfile import line_of, parse_yaml

PAGE_SPEC = {"title": ("text", True), "description": ("text", True), "slug": ("slug", False),
             "updated": ("date", True), "document": ("text", False), "draft": ("bool", False),
             "accessible_version_of": ("text", False), "original": ("text", False)}
NEWS_SPEC = {"title": ("text", True), "date": ("date", True), "summary": ("text", True),
             "slug": ("slug", False), "updated": ("date", False), "draft": ("bool", False),
             "original": ("text", False)}

# The service page, each language's home (/<lang>/): the page whose key (file name) is this,
# content/pages/index.<lang>.md. Defined here only: a parsed page is it when Document.is_service_page,
# service_page_source() names its file, and a file name is compared with SERVICE_PAGE itself.
SERVICE_PAGE = "index"

PAGE_NAME = re.compile(r"^(?P<key>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>[^.]+)\.md$")
NEWS_NAME = re.compile(r"^(?P<key>(?P<date>\d{4}-\d{2}-\d{2})-(?P<name>[a-z0-9]+(?:-[a-z0-9]+)*))"
                       r"\.(?P<lang>[^.]+)\.md$")


@dataclass(frozen=True)
class Document:
    """A page or a news item in one language."""
    kind: str              # "page" or "news"
    key: str               # translation key: the file name without language and extension
    lang: str
    source: str            # path from the site root
    title: str
    summary: str           # a page's description, a news item's summary
    slug: str              # "" for the service page (SERVICE_PAGE)
    date: dt.date | None   # news items only
    updated: dt.date       # last modification (a news item's date unless given)
    draft: bool
    document: str          # a file of content/files/ offered for download, or ""
    body_digest: str       # SHA-256 of the Markdown body: the body itself is read again when rendered
    body_line: int         # the line of the body's first line in the source file
    links: tuple[LinkRef, ...]  # the body's link and image targets, with their lines
    accessible_version_of: str = ""  # a file of content/files/ this page gives as HTML (RGAA 13.3)
    original: str = ""     # `original: ro`: the language this page was written in first ("": the site's first)
    facts: TextFacts = TextFacts("")  # its blocks' signature and text in another language (translations/)
    lines: tuple[tuple[str, int], ...] = ()  # (field, its line in the front matter) of each field given

    def line_of(self, field: str) -> int:
        """The line of a front matter field, or 1 (the file name) when the field is not written."""
        return next((line for name, line in self.lines if name == field), 1)

    @property
    def is_news(self) -> bool:
        return self.kind == "news"

    @property
    def is_service_page(self) -> bool:
        """The service page of its language: its home (SERVICE_PAGE)."""
        return self.kind == "page" and self.key == SERVICE_PAGE


def service_page_source(lang: str) -> str:
    """The file of the service page in a language, from the site's root."""
    return f"content/pages/{SERVICE_PAGE}.{lang}.md"


def split_front_matter(text: str, path: str) -> tuple[dict | None, str, int, list[Problem]]:
    """Split `---` front matter from the Markdown body: (front matter, body, body's first line, problems)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, "", 1, [Problem(path, 1, msg("the file must start with a `---` line, then the front matter"
                                                   " (`title: ...`), then another `---` line"))]
    end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), None)
    if end is None:
        return None, "", 1, [Problem(path, 1, msg("the front matter is not closed: add a `---` line after it"))]
    meta, problems = parse_yaml("\n".join(lines[1:end]), path, first_line=2)
    if not problems and not isinstance(meta, dict):
        problems = [Problem(path, 2, msg("the front matter must be `field: value` lines (`title: ...`, ...)"))]
    return (meta if not problems else None), body_of(text, end + 2), end + 2, problems


def body_of(text: str, body_line: int) -> str:
    """A page file's Markdown body: its lines from `body_line` on (the text is cut there only: this runs
    for every file parsed and every body rendered)."""
    parts = text.split("\n", body_line - 1)
    return parts[-1] if len(parts) == body_line else ""


def body_digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def parse_document(source: SourceFile, kind: str, codes: tuple[str, ...]) -> tuple[Document | None, list[Problem]]:
    """Parse one page or news file into a Document; any problem means no Document."""
    name = source.path.rsplit("/", 1)[-1]
    match = (NEWS_NAME if kind == "news" else PAGE_NAME).match(name)
    if not match:
        return None, [Problem(source.path, 1, _bad_name_message(kind, codes))]
    lang = match["lang"]
    if lang not in codes:
        return None, [Problem(source.path, 1, msg("unknown language suffix `.{lang}.md` (use one of: {suffixes})",
                                                  lang=lang, suffixes=", ".join(f".{c}.md" for c in codes)))]
    meta, body, body_line, problems = split_front_matter(source.text, source.path)
    if meta is None:
        return None, problems
    spec = NEWS_SPEC if kind == "news" else PAGE_SPEC
    problems = check_mapping(meta, spec, source.path, codes, msg("the front matter"), 2)
    if kind == "news" and not problems:
        problems += _check_news_date(meta, match["date"], source.path)
    if "original" in meta and meta["original"] not in codes:
        problems.append(Problem(source.path, line_of(meta, "original"), msg(
            "`original` {value} is not a language of the site: write the language this text was written in"
            " first (one of: {codes})", value=repr(meta["original"]), codes=", ".join(codes))))
    if problems:
        return None, problems
    return _document(kind, match, meta, source, body, body_line, codes), []


def _bad_name_message(kind: str, codes) -> str:
    example = "2016-11-08-reseau-unique" if kind == "news" else "mentions-legales"
    return msg("the file name must look like `{example}.{lang}.md` (lowercase letters, digits and hyphens,"
               " then the language)", example=example, lang=codes[0] if codes else "fr")


def _check_news_date(meta, file_date: str, path: str) -> list[Problem]:
    if parse_date(file_date) is None:
        return [Problem(path, 1, msg("the file name's date {date} is not a real date", date=file_date))]
    if str(meta["date"]) != file_date:
        return [Problem(path, line_of(meta, "date"),
                        msg("`date` {date} differs from the file name's date {file_date}: make them equal",
                            date=meta["date"], file_date=file_date))]
    return []


def _document(kind, match, meta, source: SourceFile, body: str, body_line: int, codes) -> Document:
    date = parse_date(meta["date"]) if kind == "news" else None
    default_slug = match["name"] if kind == "news" else ("" if match["key"] == SERVICE_PAGE else match["key"])
    return Document(
        kind=kind, key=match["key"], lang=match["lang"], source=source.path,
        title=meta["title"].strip(), summary=(meta.get("summary") or meta.get("description")).strip(),
        slug=meta.get("slug", default_slug), date=date,
        updated=parse_date(meta["updated"]) if "updated" in meta else date,
        draft=meta.get("draft", False), document=meta.get("document", ""),
        body_digest=body_digest(body), body_line=body_line, links=tuple(find_links(body, body_line)),
        accessible_version_of=meta.get("accessible_version_of", ""), original=meta.get("original", ""),
        facts=document_facts(meta, body, body_line, match["lang"], codes),
        lines=tuple(sorted(getattr(meta, "lines", {}).items())))


def find_duplicate_slugs(documents: list[Document]) -> list[Problem]:
    """Two documents of one kind and language with the same slug would write the same URL."""
    by_url: dict[tuple, list[Document]] = {}
    for doc in documents:
        by_url.setdefault((doc.kind, doc.lang, doc.slug), []).append(doc)
    problems = []
    for clashing in (group for group in by_url.values() if len(group) > 1):
        for doc in clashing:
            others = ", ".join(d.source for d in clashing if d is not doc)
            problems.append(Problem(doc.source, doc.line_of("slug"), msg(
                "slug {slug} is already used by {others}: give one of them another `slug:`", slug=repr(doc.slug),
                others=others)))
    return problems


def group_translations(documents) -> dict[tuple[str, str], dict[str, Document]]:
    """{(kind, key): {lang: document}}: the documents that are translations of each other."""
    by_key: dict[tuple[str, str], dict[str, Document]] = {}
    for doc in documents:
        by_key.setdefault((doc.kind, doc.key), {})[doc.lang] = doc
    return by_key


def find_missing_translations(documents: list[Document], codes: tuple[str, ...],
                              existing: frozenset = frozenset()) -> list[Problem]:
    """Every page and news item should exist in every language (a warning: the switcher copes). A twin
    in `existing` is there but did not parse: its own error says so."""
    by_key = group_translations(documents)
    problems = []
    for doc in documents:
        langs = by_key[(doc.kind, doc.key)].keys()
        for code in codes:
            twin = doc.source.rsplit(".", 2)[0] + f".{code}.md"
            if code not in langs and doc.lang == min(langs) and twin not in existing:
                problems.append(Problem(doc.source, 1, msg("no {code} translation: create {twin}", code=code,
                                                           twin=twin), "warning"))
    return problems


def translation_summary(documents, codes: tuple[str, ...]) -> str:
    """One line for `check`: how many pages and news items exist in every language."""
    by_key = group_translations(documents)
    complete = sum(1 for langs in by_key.values() if set(codes) <= langs.keys())
    missing = len(by_key) - complete
    done = nmsg("Translations: {complete} of {n} page or news item exists in every language ({languages})",
                "Translations: {complete} of {n} pages and news items exist in every language ({languages})",
                len(by_key), complete=complete, languages=", ".join(codes))
    if not missing:
        return done
    return nmsg("{done}; {n} lacks a translation (see the warnings above)",
                "{done}; {n} lack a translation (see the warnings above)", missing, done=done)
