"""Page models: what each output page shows, computed from the checked Site (pure, no I/O)."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from functools import partial
from typing import Callable, Iterator

from .config import NavLink, SiteConfig
from .content import Document, group_translations
from .i18n import file_label, format_date, language_name
from .markup import announce_external_links, is_external, per_folder, rewrite_links, source_target
from .schema import pick
from .security import content_security_policy
from .seo import ContactPoint, og_locale, organization_json_ld
from .translations.tracking import STALE
from .typography import typeset_text
from .urls import (NOT_FOUND_ROUTE, absolute, asset_route, document_route, feed_route, file_route, home_route,
                   link, news_list_route, output_path, route_of_path, section_route)
from .validate import Site, is_published

LATEST_NEWS_COUNT = 3


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    detail: str = ""    # shown beside the label, e.g. the address of an external site


@dataclass(frozen=True)
class Alternate:
    lang: str
    name: str             # the language's own name
    url: str              # in-page link
    absolute_url: str     # for <link rel="alternate">
    is_translation: bool  # False: no translation, the link goes to that language's home


@dataclass(frozen=True)
class Date:
    iso: str
    short: str
    long: str


@dataclass(frozen=True)
class Chrome:
    """What every page of one language shares: names, menu, footer, assets."""
    lang: str
    site_title: str
    embassy: str
    home_url: str
    menu: tuple[Link, ...]
    footer: tuple[Link, ...]
    stylesheet: str
    favicon: str
    feed: Link            # the language's Atom feed of news
    og_locales: dict      # {lang: Open Graph locale ("fr_FR")} of every language
    csp: str              # the Content-Security-Policy (in the model, so a cached page can never keep another)


@dataclass(frozen=True)
class TranslationNotice:
    """The notice at the top of a translation whose original changed since it was translated."""
    text: str           # what happened, with the original's date
    label: str          # the link to the original, naming its language in the page's language
    url: str            # "" when the original is not published
    lang: str           # the original's language (hreflang)


@dataclass(frozen=True)
class PageKind:
    """What a page is, and the template that shows it: a page's kind is told by this, never by the
    template's file name."""
    name: str
    template: str


SERVICE = PageKind("service", "service.html")        # the service page: each language's home
PAGE = PageKind("page", "page.html")                 # any other page of content/pages/
SHEET = PageKind("sheet", "sheet.html")              # a page giving a file of content/files/ as HTML
NEWS_ITEM = PageKind("news_item", "news_item.html")
NEWS_LIST = PageKind("news_list", "news_list.html")  # one page of a language's news list
SITE_MAP = PageKind("site_map", "site_map.html")
CHOOSER = PageKind("chooser", "chooser.html")        # the site's root: the language chooser
NOT_FOUND = PageKind("not_found", "not_found.html")  # 404.html
PAGE_KINDS = (SERVICE, PAGE, SHEET, NEWS_ITEM, NEWS_LIST, SITE_MAP, CHOOSER, NOT_FOUND)


@dataclass(frozen=True)
class PageModel:
    route: str
    kind: PageKind
    lang: str
    title: str
    description: str
    chrome: Chrome
    url: str
    canonical: str
    x_default: str                      # absolute URL for hreflang="x-default"
    alternates: tuple[Alternate, ...]   # the translations that exist, this page included
    switch: tuple[Alternate, ...]       # the other languages, as the switcher shows them
    breadcrumb: tuple[Link, ...]
    content: object = None              # the template's own record (ServiceContent, ...)
    updated: dt.date | None = None      # the newest date of what the page shows (sitemap's lastmod)
    source: str = ""                    # the content file the page comes from, if one
    notice: TranslationNotice | None = None  # a translation whose original changed since: said at the top

    @property
    def template(self) -> str:
        return self.kind.template

    @property
    def is_indexed(self) -> bool:
        """Pages with a canonical URL are for crawlers; the 404 page is not."""
        return bool(self.canonical)

    @property
    def output_path(self) -> str:
        return output_path(self.route)


@dataclass(frozen=True)
class NewsSummary:
    title: str
    url: str
    date: Date
    summary: str
    updated: dt.date


@dataclass(frozen=True)
class Download:
    label: str        # "Word - 866 ko"
    url: str
    name: str
    lang: str         # the document's language (the site's default: files are written in it),
                      # announced when it differs from the page's
    html_url: str = ""  # the page giving the same content as accessible HTML, if any (RGAA 13.3)


@dataclass(frozen=True)
class Contact:
    role: str
    details: tuple[tuple[str, str], ...]  # (label key, text) pairs, only those the data holds
    name: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class MissionSide:
    id: str
    title: str
    points: tuple[str, ...]


@dataclass(frozen=True)
class LazyHtml:
    """A body's HTML, made only when a template shows it (`|safe` calls `__html__`), so that an unchanged
    page never reads its body (a page's key holds its body's key: keys.page_key). `make` is a function: a
    LazyHtml cannot be pickled, and publish.page_facts turns a body into text before a page's facts leave
    its process."""
    body_key: str      # the cached body's key: its Markdown, language and renderer settings
    words: str         # the hidden words announcing an external link
    make: Callable[[], str] = field(compare=False, repr=False)

    def __html__(self) -> str:
        return self.make()

    def __str__(self) -> str:
        return self.make()


@dataclass(frozen=True)
class ArticleContent:
    body: str | LazyHtml
    updated: Date
    date: Date | None = None
    download: Download | None = None
    back: Link | None = None


@dataclass(frozen=True)
class ServiceFacts:
    """What the service page and its HTML information sheet both show, from the data files."""
    contacts_intro: str
    contacts: tuple[Contact, ...]
    missions_intro: str
    missions: tuple[MissionSide, ...]
    links: tuple[Link, ...]


@dataclass(frozen=True, kw_only=True)
class ServiceContent(ArticleContent):
    facts: ServiceFacts
    news: tuple[NewsSummary, ...]
    news_url: str
    structured_data: str   # JSON-LD describing the service, from the content's facts only


@dataclass(frozen=True, kw_only=True)
class SheetContent(ArticleContent):
    """A file's content as an HTML page: the page's own words, then what the file holds."""
    intro: str
    facts: ServiceFacts


@dataclass(frozen=True)
class NewsListContent:
    items: tuple[NewsSummary, ...]
    page: int
    pages: int
    previous_url: str = ""
    next_url: str = ""


@dataclass(frozen=True)
class Choice:
    """One language on the root page that lets visitors choose."""
    lang: str
    name: str
    title: str
    embassy: str
    url: str


@dataclass(frozen=True)
class SiteMapEntry:
    """A line of the HTML site map, with the pages below it (the news under "Actualités")."""
    link: Link
    children: tuple[Link, ...] = ()


@dataclass(frozen=True)
class NotFoundMessage:
    """The 404 page's text in one language: it speaks every language, since the URL tells none."""
    lang: str
    title: str
    text: str
    home: Link
    site_map: Link


@dataclass(frozen=True)
class BuildOptions:
    today: dt.date
    # A document's Markdown body as typeset HTML, links as written (the pipeline passes Bodies.html).
    render_body: Callable[[Document], str] = field(compare=False)
    drafts: bool = False
    # The cache key of a document's body (Bodies.key): with it, bodies are LazyHtml; without, text made at
    # once. A page reads its bodies only through render_body and body_key (keys.page_key records them).
    body_key: Callable[[Document], str] | None = field(default=None, compare=False)
    # A page or news file's state as a translation (Site.translations.state_of, through which the pipeline
    # learns what each page read: keys.py). Pages read the translations' states only through it.
    translation_state: Callable[[str], object] = field(default=lambda source: None, compare=False)
    assets: dict = field(default_factory=dict)  # {"site.css": "site.3f2a9c1b.css"}: published asset names
    csp: str = field(default_factory=content_security_policy)  # the published policy unless told otherwise


@dataclass(frozen=True)
class PlannedPage:
    """A page of the site before it is made: `page` names it (a document's source path, else its route: what
    `owns` is asked with), `make()` makes its model."""
    page: str
    make: Callable[[], PageModel]


def plan_pages(site: Site, options: BuildOptions,
               owns: Callable[[str], bool] = lambda page: True) -> Iterator[PlannedPage]:
    """Every page of the site, in every language, plus the language chooser at the root and the 404 page;
    with `owns`, only the pages it accepts (several processes share the pages out). Nothing is made until a
    page's `make()` is called: what a language's pages share (its chrome, its news summaries) is made with
    the first of them."""
    config = site.config
    published = [d for d in site.documents if is_published(d, options.today, options.drafts)]
    translations = group_translations(published)
    resolve = per_folder(lambda target, source_path: _resolve_link(site, source_path, target))
    news_pages = {code: _page_count(sum(1 for d in published if d.is_news and d.lang == code), config)
                  for code in config.codes}
    chromes: dict[str, Chrome] = {}
    summaries: dict[str, list[NewsSummary]] = {}

    def chrome_of(lang: str) -> Chrome:
        if lang not in chromes:
            chromes[lang] = _chrome(site, lang, options)
        return chromes[lang]

    def news_of(lang: str) -> list[NewsSummary]:  # for the news lists and the service page only
        if lang not in summaries:
            summaries[lang] = _news_summaries(config, [d for d in published if d.is_news and d.lang == lang])
        return summaries[lang]

    def document_page(doc: Document) -> PageModel:
        return _document_model(site, doc, chrome_of(doc.lang), translations, partial(news_of, doc.lang), options,
                               resolve)

    def news_list_page(lang: str, number: int) -> PageModel:
        return _news_list_model(site, chrome_of(lang), news_of(lang), news_pages, number)

    def site_map_page(lang: str) -> PageModel:
        return _site_map_model(site, chrome_of(lang), [d for d in published if d.lang == lang])

    if owns(""):
        yield PlannedPage("", lambda: _chooser(site, options, published))
    if owns(NOT_FOUND_ROUTE):
        yield PlannedPage(NOT_FOUND_ROUTE, lambda: _not_found(site, options))
    for lang in config.codes:
        yield from (PlannedPage(doc.source, partial(document_page, doc))
                    for doc in published if doc.lang == lang and owns(doc.source))
        yield from (PlannedPage(route, partial(news_list_page, lang, number))
                    for number in range(1, news_pages[lang] + 1)
                    if owns(route := news_list_route(config, lang, number)))
        if owns(route := section_route(config, "sitemap", lang)):
            yield PlannedPage(route, partial(site_map_page, lang))


def _date(date: dt.date, locale: str) -> Date:
    return Date(date.isoformat(), format_date(date, "short", locale), format_date(date, "long", locale))


def _chrome(site: Site, lang: str, options: BuildOptions) -> Chrome:
    config, assets = site.config, options.assets
    return Chrome(
        lang=lang, site_title=typeset_text(config.title[lang], lang),
        embassy=typeset_text(config.embassy[lang], lang), home_url=link(config, home_route(lang)),
        menu=tuple(_nav_link(site, item, lang) for item in config.menu),
        footer=tuple(_nav_link(site, item, lang) for item in config.footer),
        stylesheet=_asset_link(config, assets, "site.css"), favicon=_asset_link(config, assets, "favicon.svg"),
        feed=Link(_t(site, lang, "news_feed"), link(config, feed_route(config, lang))),
        og_locales={code: og_locale(config.language(code).locale) for code in config.codes}, csp=options.csp)


def _asset_link(config: SiteConfig, assets: dict, name: str) -> str:
    """The URL of an asset under its hashed name; "" when the site has no such asset."""
    return link(config, asset_route(assets[name])) if name in assets else ""


def _nav_link(site: Site, item: NavLink, lang: str) -> Link:
    config = site.config
    label = typeset_text(item.label[lang], lang)
    if item.url:
        return Link(label, item.url)
    if item.section:
        return Link(label, link(config, section_route(config, item.section, lang)))
    # The page in this language, else in another (validation made sure it exists in one).
    versions = sorted((d for d in site.documents if d.kind == "page" and d.key == item.page),
                      key=lambda d: d.lang != lang)
    return Link(label, link(config, document_route(config, versions[0])))


def _alternates(site: Site, routes: dict[str, str], lang: str) -> tuple[tuple, tuple]:
    """(alternates that exist, switcher entries for the other languages) from {lang: route}."""
    config = site.config
    entries = []
    for language in config.languages:
        route = routes.get(language.code)
        target = route if route is not None else home_route(language.code)
        entries.append(Alternate(language.code, language.name, link(config, target),
                                 absolute(config, target), route is not None))
    alternates = tuple(a for a in entries if a.is_translation)
    switch = tuple(a for a in entries if a.lang != lang)
    return alternates, switch


def _page(site: Site, chrome: Chrome, route: str, kind: PageKind, title: str, description: str,
          routes: dict[str, str], breadcrumb: tuple[Link, ...], content, *, updated: dt.date | None = None,
          source: str = "", notice: TranslationNotice | None = None) -> PageModel:
    config = site.config
    alternates, switch = _alternates(site, routes, chrome.lang)
    # Homes point x-default at the language chooser; other pages at their default-language version.
    is_home = routes.get(chrome.lang) in ("", home_route(chrome.lang))
    x_default = "" if is_home else routes.get(config.default_language, route)
    return PageModel(route=route, kind=kind, lang=chrome.lang, title=title,
                     description=description, chrome=chrome, url=link(config, route),
                     canonical=absolute(config, route), x_default=absolute(config, x_default),
                     alternates=alternates, switch=switch,
                     breadcrumb=breadcrumb, content=content, updated=updated, source=source, notice=notice)


def _t(site: Site, lang: str, key: str) -> str:
    return typeset_text(site.strings.get(lang, key), lang)


def _document_model(site, doc, chrome, translations, news: Callable[[], list], options, resolve) -> PageModel:
    config, lang = site.config, doc.lang
    routes = {code: document_route(config, twin) for code, twin in translations[(doc.kind, doc.key)].items()}
    locale = config.language(lang).locale
    updated = _date(doc.updated, locale)
    date = (updated if doc.date == doc.updated else _date(doc.date, locale)) if doc.date else None
    article = dict(body=_body_html(site, doc, options, resolve), updated=updated, date=date,
                   download=_download(site, doc, locale, options))
    home = Link(_t(site, lang, "home"), chrome.home_url)
    title = typeset_text(doc.title, lang)
    description = typeset_text(doc.summary, lang)
    about = dict(updated=doc.updated, source=doc.source,
                 notice=_translation_notice(site, doc, routes, locale, options))
    if doc.is_news:
        news_link = Link(_t(site, lang, "news"), link(config, news_list_route(config, lang)))
        content = ArticleContent(**article, back=news_link)
        crumbs = (home, news_link, Link(title, ""))
        return _page(site, chrome, routes[lang], NEWS_ITEM, title, description, routes, crumbs, content,
                     **about)
    if doc.accessible_version_of:
        content = _sheet_content(site, doc, locale, article, options, resolve)
        return _page(site, chrome, routes[lang], SHEET, title, description, routes,
                     (home, Link(title, "")), content, **about)
    if doc.is_service_page:
        organization = dict(name=title, description=description, url=absolute(config, routes[lang]),
                            parent=chrome.embassy)
        content = _service_content(site, lang, article, news(), organization)
        # The service page shows the latest news: it changes when they do.
        about["updated"] = max([doc.updated] + [item.updated for item in content.news])
        return _page(site, chrome, routes[lang], SERVICE, title, description, routes,
                     (Link(title, ""),), content, **about)
    content = ArticleContent(**article)
    return _page(site, chrome, routes[lang], PAGE, title, description, routes, (home, Link(title, "")),
                 content, **about)


def _translation_notice(site: Site, doc: Document, routes: dict[str, str], locale: str,
                        options: BuildOptions) -> TranslationNotice | None:
    """For a stale translation: when its original changed, and a link to it, in the page's language."""
    state = options.translation_state(doc.source)
    if state is None or state.state != STALE:
        return None
    original = state.source_lang
    date = format_date(state.source_updated, "long", locale) if state.source_updated else ""
    text = _t(site, doc.lang, "translation_outdated").replace("{date}", date)
    label = _t(site, doc.lang, "translation_original").replace("{language}", language_name(original, locale))
    url = link(site.config, routes[original]) if original in routes else ""
    return TranslationNotice(typeset_text(text, doc.lang), typeset_text(label, doc.lang), url, original)


def _sheet_content(site: Site, doc: Document, locale: str, article: dict, options: BuildOptions,
                   resolve) -> SheetContent:
    """The information sheet as HTML: it holds what the service page shows (text, contacts, mission, links)."""
    service = next(d for d in site.documents if d.is_service_page and d.lang == doc.lang)
    download = article["download"] or _file_download(site, doc.accessible_version_of, locale, doc.lang, options)
    return SheetContent(**dict(article, body=_body_html(site, service, options, resolve), download=download),
                        intro=article["body"], facts=_service_facts(site, doc.lang))


def _service_content(site: Site, lang: str, article: dict, news: list[NewsSummary],
                     organization: dict) -> ServiceContent:
    """The service page: the shared facts, the latest news, and JSON-LD of `organization` (name, url...)."""
    facts = _service_facts(site, lang)
    points = tuple(ContactPoint(c.role, c.phone, c.email) for c in facts.contacts if c.phone or c.email)
    return ServiceContent(
        **article, facts=facts, news=tuple(news[:LATEST_NEWS_COUNT]),
        news_url=link(site.config, news_list_route(site.config, lang)),
        structured_data=organization_json_ld(**organization, contact_points=points))


def _service_facts(site: Site, lang: str) -> ServiceFacts:
    data = site.data
    text = lambda value: typeset_text(pick(value, lang), lang)  # noqa: E731
    return ServiceFacts(
        contacts_intro=text(data.contacts.get("intro", "")),
        contacts=tuple(_contact(c, lang) for c in data.contacts["contacts"]),
        missions_intro=text(data.missions["intro"]),
        missions=tuple(MissionSide(s["id"], text(s["title"]), tuple(text(p) for p in s["points"]))
                       for s in data.missions["sides"]),
        links=tuple(Link(text(item["title"]), item["url"], _display_address(item["url"]))
                    for item in data.links["links"]))


def _display_address(url: str) -> str:
    """https://www.interieur.gouv.fr/ -> www.interieur.gouv.fr, as the embassy's page writes it."""
    return url.split("://", 1)[-1].rstrip("/")


def _contact(item: dict, lang: str) -> Contact:
    details = tuple((key, typeset_text(pick(item[key], lang), lang))
                    for key in ("rank", "remit", "posting", "accreditation") if key in item)
    return Contact(role=typeset_text(pick(item["role"], lang), lang), details=details,
                   name=item.get("name", ""), phone=item.get("phone", ""), email=item.get("email", ""))


def _download(site: Site, doc: Document, locale: str, options: BuildOptions) -> Download | None:
    return _file_download(site, doc.document, locale, doc.lang, options) if doc.document else None


def _file_download(site: Site, name: str, locale: str, lang: str, options: BuildOptions) -> Download:
    """A file of content/files/ with its computed label, and its HTML version in `lang` when one is built."""
    asset = next(a for a in site.files if a.path == name)
    html_version = next((d for d in site.documents if d.accessible_version_of == name and d.lang == lang
                         and is_published(d, options.today, options.drafts)), None)
    html_url = link(site.config, document_route(site.config, html_version)) if html_version else ""
    return Download(file_label(asset.path, len(asset.data), locale), link(site.config, file_route(asset.path)),
                    asset.path, site.config.default_language, html_url)


def _news_summaries(config: SiteConfig, items: list[Document]) -> list[NewsSummary]:
    locale = None
    newest_first = sorted(items, key=lambda d: (d.date, d.key), reverse=True)
    summaries = []
    for doc in newest_first:
        locale = locale or config.language(doc.lang).locale
        summaries.append(NewsSummary(typeset_text(doc.title, doc.lang), link(config, document_route(config, doc)),
                                     _date(doc.date, locale), typeset_text(doc.summary, doc.lang), doc.updated))
    return summaries


def _page_count(items: int, config: SiteConfig) -> int:
    return max(1, math.ceil(items / config.news_per_page))


def _news_list_model(site: Site, chrome: Chrome, news: list[NewsSummary], news_pages: dict,
                     number: int) -> PageModel:
    config, lang = site.config, chrome.lang
    per_page = config.news_per_page
    pages = news_pages[lang]
    title = _t(site, lang, "news")
    route = news_list_route(config, lang, number)
    previous_url = link(config, news_list_route(config, lang, number - 1)) if number > 1 else ""
    next_url = link(config, news_list_route(config, lang, number + 1)) if number < pages else ""
    content = NewsListContent(tuple(news[(number - 1) * per_page: number * per_page]), number, pages,
                              previous_url, next_url)
    # Page N of the list in another language is its alternate when that language has a page N.
    routes = {code: news_list_route(config, code, number) for code in config.codes if number <= news_pages[code]}
    crumbs = (Link(_t(site, lang, "home"), chrome.home_url), Link(title, ""))
    updated = max((item.updated for item in content.items), default=None)
    return _page(site, chrome, route, NEWS_LIST, title, _t(site, lang, "news_description"), routes, crumbs,
                 content, updated=updated)


def _site_map_model(site: Site, chrome: Chrome, documents: list[Document]) -> PageModel:
    """The HTML site map of one language's published `documents`: the service page, the other pages, then
    the news list with every news item, newest first."""
    config, lang = site.config, chrome.lang
    texts = sorted((d for d in documents if not d.is_news), key=lambda d: (not d.is_service_page, d.source))
    news = sorted((d for d in documents if d.is_news), key=lambda d: (d.date, d.key), reverse=True)
    entries = [SiteMapEntry(_document_link(config, d)) for d in texts]
    news_list = Link(_t(site, lang, "news"), link(config, news_list_route(config, lang)))
    entries.append(SiteMapEntry(news_list, tuple(_document_link(config, d) for d in news)))
    title = _t(site, lang, "site_map")
    routes = {code: section_route(config, "sitemap", code) for code in config.codes}
    crumbs = (Link(_t(site, lang, "home"), chrome.home_url), Link(title, ""))
    # Every page's date is at most its newest document's (the service page's: its latest news's).
    updated = max((d.updated for d in documents), default=None)
    return _page(site, chrome, routes[lang], SITE_MAP, title, _t(site, lang, "site_map_description"),
                 routes, crumbs, tuple(entries), updated=updated)


def _document_link(config: SiteConfig, doc: Document) -> Link:
    """A document's page as a link: its title (as its page shows it) and URL."""
    return Link(typeset_text(doc.title, doc.lang), link(config, document_route(config, doc)))


def _not_found(site: Site, options: BuildOptions) -> PageModel:
    """404.html at the root, in every language; its links start at the site's root, so it works at any depth."""
    config = site.config
    lang = config.default_language
    messages = tuple(NotFoundMessage(
        code, _t(site, code, "not_found"), _t(site, code, "not_found_text"),
        Link(_t(site, code, "home"), link(config, home_route(code))),
        Link(_t(site, code, "site_map"), link(config, section_route(config, "sitemap", code))))
        for code in config.codes)
    switch = tuple(Alternate(language.code, language.name, link(config, home_route(language.code)),
                             absolute(config, home_route(language.code)), True)
                   for language in config.languages if language.code != lang)
    return PageModel(route=NOT_FOUND_ROUTE, kind=NOT_FOUND, lang=lang,
                     title=" / ".join(m.title for m in messages), description=messages[0].text,
                     chrome=_chrome(site, lang, options), url=link(config, NOT_FOUND_ROUTE), canonical="",
                     x_default="", alternates=(), switch=switch, breadcrumb=(), content=messages)


def _chooser(site: Site, options: BuildOptions, published: list[Document]) -> PageModel:
    config = site.config
    lang = config.default_language
    chrome = _chrome(site, lang, options)
    routes = {code: home_route(code) for code in config.codes}
    choices = tuple(Choice(language.code, language.name, typeset_text(config.title[language.code], language.code),
                           typeset_text(config.embassy[language.code], language.code),
                           link(config, home_route(language.code)))
                    for language in config.languages)
    updated = max((d.updated for d in published if d.is_service_page), default=None)
    return _page(site, chrome, "", CHOOSER, chrome.site_title, _t(site, lang, "chooser_description"),
                 routes, (), choices, updated=updated)


def _body_html(site: Site, doc: Document, options: BuildOptions,
               resolve: Callable[[str, str], str | None]) -> str | LazyHtml:
    # Typography comes with the (cached) body; links depend on the whole site, so they are done each build.
    words = _t(site, doc.lang, "external_link")

    def make() -> str:
        html = rewrite_links(options.render_body(doc), lambda target: resolve(target, doc.source))
        return announce_external_links(html, words)
    if options.body_key is None:
        return make()
    return LazyHtml(options.body_key(doc), words, make)


def _resolve_link(site: Site, source_path: str, target: str) -> str | None:
    config = site.config
    if is_external(target) or target.startswith("#"):
        return None
    if target.startswith("/"):
        return link(config, route_of_path(config, target))
    path, _, anchor = target.partition("#")
    resolved = source_target(path, source_path)
    suffix = f"#{anchor}" if anchor else ""
    if resolved.startswith("content/files/"):
        return link(config, file_route(resolved.removeprefix("content/files/"))) + suffix
    twin = site.document_by_source.get(resolved)
    return link(config, document_route(config, twin)) + suffix if twin else None
