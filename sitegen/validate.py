"""From raw sources to one checked Site: every problem of every file collected together."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Callable

from .config import CONFIG_FILE, SECTIONS, SiteConfig, parse_config
from .content import (Document, body_of, find_duplicate_slugs, find_missing_translations, parse_document,
                      service_page_source)
from .data import SiteData, parse_data
from .errors import NOTE, WARNING, Problem
from .messages import msg
from .i18n import Strings, parse_strings
from .load import Asset, SourceFile, SourceRef, Sources
from .markup import find_costly_markdown, is_external, per_folder, source_target
from .proofread import find_invisible, proofread_markdown
from .sanitize import find_unsafe_markup
from .scaffold import find_placeholders
from .spelling import Speller, skipped_note, spell_markdown, spell_yaml
from .translations.tracking import Texts, TranslationReport, track
from .yamlfile import parse_yaml
from .urls import document_route, feed_route, home_route, route_of_path, section_route


@dataclass(frozen=True)
class Site:
    """Everything the build knows, checked: the input of the page models."""
    config: SiteConfig
    documents: tuple[Document, ...]
    data: SiteData
    strings: Strings
    files: tuple[Asset, ...]
    assets: tuple[Asset, ...]
    templates: dict
    translations: TranslationReport = TranslationReport()   # the state of every translation

    @cached_property
    def document_by_source(self) -> dict[str, Document]:
        """Documents by source path ("content/news/x.fr.md"), for resolving links in O(1)."""
        return {doc.source: doc for doc in self.documents}


Checked = tuple[Document | None, list[Problem]]
Reader = Callable[[SourceRef], tuple[SourceFile | None, list[Problem]]]   # load.read_source for one site
DataReader = Callable[[SourceRef], bytes | None]                          # load.read_source_data
FileChecker = Callable[[list[tuple[str, SourceRef]], tuple[str, ...], Reader], list[Checked]]


def check_files(files: list[tuple[str, SourceRef]], codes: tuple[str, ...], read: Reader,
                speller: Speller | None = None) -> list[Checked]:
    """Each (kind, file) read, parsed and checked alone: see `check_file`."""
    return [check_file(read(ref), kind, codes, speller) for kind, ref in files]


def check_file(read: tuple[SourceFile | None, list[Problem]], kind: str, codes: tuple[str, ...],
               speller: Speller | None = None) -> Checked:
    """One page or news file, as `read` gave it, parsed, with the problems found in it alone (reading,
    front matter, language, placeholders left by `new`, unsafe markup, spelling when a `speller` is given):
    what depends on nothing but its path and bytes (and the speller's identity)."""
    source, problems = read
    doc, found = parse_document(source, kind, codes) if source else (None, [])
    if doc is None:
        return None, problems + found
    problems += proofread_markdown(source.text, doc.lang, doc.source)
    problems += find_invisible(source.text, doc.source)
    problems += [] if doc.draft else find_placeholders(source.text, doc.source)
    body = body_of(source.text, doc.body_line)
    problems += [Problem(doc.source, line, message, WARNING)
                 for line, message in find_unsafe_markup(body, doc.body_line)]
    problems += [Problem(doc.source, line, message) for line, message in find_costly_markdown(body, doc.body_line)]
    if speller is not None:
        fields = {"title": doc.title, ("summary" if doc.is_news else "description"): doc.summary}
        spelt = spell_markdown(source.text, doc.lang, doc.source, doc.body_line, speller, doc.lines, fields)
        # A draft is being written (`new` gives the Romanian file the French title): told, never stopping.
        problems += [replace(p, severity=NOTE) for p in spelt] if doc.draft else spelt
    return doc, problems


def assemble_site(sources: Sources, read: Reader, base_url: str | None = None,
                  checker: FileChecker = check_files, speller: Speller | None = None,
                  read_data: DataReader | None = None) -> tuple[Site | None, list[Problem]]:
    """Parse and check all sources, the page and news files as `read` gives their text; the Site is None
    when any error was found. `base_url` overrides the config's before links are checked, since a
    site-absolute link may include its path. `checker` parses and checks the page and news files one by
    one (the build passes one that remembers the results). With a `speller`, the data texts and UI strings
    are spell-checked here (the page and news files by `checker`). `read_data` gives the lock file's
    bytes (load.read_source_data; else `read`'s text, encoded)."""
    config, documents, problems = _config_and_documents(sources, read, checker)
    problems += [p for f in (sources.config, *sources.data, *sources.strings) if f
                 for p in find_invisible(f.text, f.path)]
    if config is None:
        return None, problems
    config = config.with_base_url(base_url) if base_url else config
    codes = config.codes
    translations, found = track(tracked_texts(sources, config, documents, read, read_data))
    problems += found
    data, found = parse_data(sources.data, codes)
    strings, found_strings = parse_strings(sources.strings, codes)
    problems += found + found_strings
    problems += _spell_yaml_files(sources, codes, speller) if speller else []
    # Files that failed to parse still exist: links to them, twins and the service page are not reported twice.
    existing = {f.path for f in sources.pages + sources.news}
    problems += find_duplicate_slugs(documents) + find_missing_translations(documents, codes, frozenset(existing))
    problems += _check_service_pages(existing, documents, codes) + _check_nav_pages(config, documents)
    problems += _check_documents(documents, existing, config, sources.files)
    if any(p.is_error for p in problems):
        return None, problems
    site = Site(config, tuple(sorted(documents, key=lambda d: d.source)), data, strings,
                sources.files, sources.assets, sources.templates, translations)
    return site, problems


def _spell_yaml_files(sources: Sources, codes: tuple[str, ...], speller: Speller) -> list[Problem]:
    """Spelling of the data files' `{fr: ..., ro: ...}` texts and of each UI string table, and one note
    when some language could not be checked."""
    problems = []
    for source in sources.data + sources.strings:
        value, found = parse_yaml(source.text, source.path)
        table_lang = source.path.rsplit("/", 1)[-1].removesuffix(".yaml") if source in sources.strings else None
        problems += spell_yaml(value, codes, source.path, speller, table_lang) if not found else []
    return problems + skipped_note(speller, codes)


def _config_and_documents(sources: Sources, read: Reader, checker: FileChecker):
    """(config, the page and news files that parse, problems); the config None when it cannot be used."""
    if sources.config is None:
        return None, [], []
    config, problems = parse_config(sources.config.text, sources.config.path)
    if config is None:
        return None, [], problems
    documents = []
    files = [("page", source) for source in sources.pages] + [("news", source) for source in sources.news]
    for doc, found in checker(files, config.codes, read):
        problems += found
        documents += [doc] if doc else []
    return config, documents, problems


def translation_texts(sources: Sources, read: Reader, checker: FileChecker = check_files,
                      read_data: DataReader | None = None) -> tuple[Texts | None, list[Problem]]:
    """What the translations are tracked from, even while other files have errors (`translation status`,
    `done`): None only when the config cannot be read."""
    config, documents, problems = _config_and_documents(sources, read, checker)
    return (tracked_texts(sources, config, documents, read, read_data) if config else None), problems


def tracked_texts(sources: Sources, config: SiteConfig, documents: list[Document], read: Reader,
                  read_data: DataReader | None = None) -> Texts:
    """What translations/tracking.py looks at, from the loaded sources."""
    refs = {ref.path: ref for ref in sources.pages + sources.news}

    def read_text(path: str) -> str | None:
        source = read(refs[path])[0] if path in refs else None
        return source.text if source else None
    yaml_files = {f.path: f.text for f in (sources.config,) + sources.data + sources.strings if f}
    if read_data is None:
        def read_data(ref: SourceRef) -> bytes | None:
            source = read(ref)[0]
            return source.text.encode("utf-8") if source else None
    lock = read_data(sources.lock) if sources.lock else None
    return Texts(config.codes, tuple(documents), yaml_files, lock or b"", read_text, config.stale_translations)


def _check_service_pages(existing: set[str], documents: list[Document], codes) -> list[Problem]:
    """The service page is each language's home: it must exist, at /<lang>/, never as a draft."""
    problems = [Problem(service_page_source(code), 1, msg("the service page is missing in this language"))
                for code in codes if service_page_source(code) not in existing]
    for doc in (d for d in documents if d.is_service_page):
        if doc.slug or doc.draft:
            problems.append(Problem(doc.source, doc.line_of("slug" if doc.slug else "draft"), msg(
                "the service page is the language's home: remove its `slug` and `draft` fields")))
    return problems


def _check_nav_pages(config: SiteConfig, documents: list[Document]) -> list[Problem]:
    """Every `page:` of the menu and footer names a page that exists (a missing translation is a warning)."""
    pages = {d.key for d in documents if d.kind == "page"}
    return [Problem(CONFIG_FILE, item.line, msg("no page `{page}`: create content/pages/{page}.{lang}.md or fix"
                                                " the name", page=item.page, lang=config.default_language))
            for item in config.menu + config.footer if item.page and item.page not in pages]


def find_unpublished_links(site: "Site", today: dt.date, drafts: bool) -> list[Problem]:
    """Links of published pages (Markdown, menu, footer) to drafts or future news: they would lead nowhere."""
    def hidden(doc: Document) -> bool:
        return not is_published(doc, today, drafts)
    problems = []
    shown = [d for d in site.documents if not hidden(d)]
    # Nothing hidden (the usual case): no link can lead to an unpublished page.
    for doc in shown if len(shown) < len(site.documents) else ():
        for ref in doc.links:
            target = site.document_by_source.get(source_target(ref.target, doc.source))
            if not is_external(ref.target) and target is not None and hidden(target):
                problems.append(Problem(doc.source, ref.line, msg("link to {target}: that page is a draft or dated"
                                                                  " in the future, so it is not published",
                                                                  target=ref.target)))
    for item in (i for i in site.config.menu + site.config.footer if i.page):
        if any(hidden(d) for d in site.documents if d.kind == "page" and d.key == item.page):
            problems.append(Problem(CONFIG_FILE, item.line, msg("the menu or footer links the page `{page}`, which"
                                                                " is a draft: publish it or remove the link",
                                                                page=item.page)))
    return problems


def _check_documents(documents: list[Document], sources: set[str], config: SiteConfig,
                     files: tuple[Asset, ...]) -> list[Problem]:
    """Links and attached files of every page and news item."""
    routes = {document_route(config, d) for d in documents} | {home_route(c) for c in config.codes}
    routes |= {section_route(config, name, c) for name in SECTIONS for c in config.codes}
    routes |= {feed_route(config, c) for c in config.codes}
    file_names = {f.path for f in files}
    problems = _section_clashes(documents, config)
    verdict = per_folder(lambda target, source_path: _link_problem(target, source_path, sources, routes,
                                                                   file_names, config))
    for doc in documents:
        for ref in doc.links:
            wrong = verdict(ref.target, doc.source)
            if wrong:
                problems.append(Problem(doc.source, ref.line, wrong))
        if doc.document and doc.document not in file_names:
            problems.append(Problem(doc.source, doc.line_of("document"),
                                    msg("`document` {name} is not in content/files/", name=repr(doc.document))))
        if doc.accessible_version_of and doc.accessible_version_of not in file_names:
            problems.append(Problem(doc.source, doc.line_of("accessible_version_of"),
                                    msg("`accessible_version_of` {name} is not in content/files/",
                                        name=repr(doc.accessible_version_of))))
    return problems


SECTION_NAMES = {"news": msg("the news list"), "sitemap": msg("the site map")}


def _section_clashes(documents: list[Document], config: SiteConfig) -> list[Problem]:
    """A page whose address is a section's (the news list, the site map) would overwrite it."""
    sections = {section_route(config, name, c): SECTION_NAMES[name] for name in SECTIONS for c in config.codes}
    return [Problem(doc.source, doc.line_of("slug"), msg("slug {slug} is the address of {section} (site_config.yaml"
                                                         " `sections`): give the page another name or `slug:`",
                                                         slug=repr(doc.slug), section=sections[route]))
            for doc in documents if not doc.is_news and (route := document_route(config, doc)) in sections]


def _link_problem(target, source, sources, routes, file_names, config) -> str | None:
    if is_external(target) or target.startswith(("#", "mailto:")):
        return None
    path = target.split("#", 1)[0]
    if path.startswith("/"):
        route = route_of_path(config, path)
        if route in routes or route.rstrip("/") + "/" in routes or route.removeprefix("files/") in file_names:
            return None
        return msg("link to {target} leads to no page of this site", target=target)
    resolved = source_target(path, source)
    if resolved.endswith(".md"):
        return None if resolved in sources else msg("link to {target}: there is no {resolved}", target=target,
                                                    resolved=resolved)
    if resolved.startswith("content/files/") and resolved.removeprefix("content/files/") in file_names:
        return None
    return msg("link to {target} leads nowhere: link a page by its file (../news/2016-11-08-x.fr.md) or a file"
               " of content/files/ (../files/name.docx)", target=target)


def is_published(doc: Document, today: dt.date, drafts: bool) -> bool:
    """Drafts and future-dated news appear only in a build with drafts."""
    return drafts or not (doc.draft or (doc.date is not None and doc.date > today))
