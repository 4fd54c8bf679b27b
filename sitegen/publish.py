"""The files crawlers, feed readers and hosts read, made from the pages built: sitemap, robots.txt, feeds."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from urllib.parse import urljoin, urlsplit

from .config import SiteConfig
from .model import NEWS_ITEM, NEWS_LIST, PageModel
from .security import headers_file
from .urls import HEADERS_ROUTE, ROBOTS_ROUTE, SITEMAP_ROUTE, absolute, feed_route

FEED_SIZE = 20   # the newest news items in a feed; the site map and the news list hold the rest


@dataclass(frozen=True)
class SitemapEntry:
    loc: str
    lastmod: str
    # (hreflang, href) of every translation, itself included, then x-default: pairs, not records, as
    # thousands of them go from process to process at each build
    alternates: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    url: str
    published: str     # RFC 3339, from the content's dates
    updated: str
    summary: str
    content: str       # the page's HTML body


@dataclass(frozen=True)
class Feed:
    lang: str
    id: str
    title: str
    subtitle: str
    self_url: str
    html_url: str
    base_url: str
    updated: str
    author: str
    icon: str
    entries: tuple[FeedEntry, ...]


@dataclass(frozen=True)
class PageFacts:
    """What sitemap.xml and the feeds need of one page built, kept while the page itself is let go (a
    large site's pages are never all in memory)."""
    lang: str
    route: str
    updated: dt.date | None
    sitemap: SitemapEntry | None       # None when the page is not for crawlers (404)
    feed_page: PageModel | None = None  # only a feed's pages: the first news list page, the newest news items


def page_facts(model: PageModel, feed_from: str) -> PageFacts:
    """`model` as publishing needs it; `feed_from` is the date from which a news item of its language may
    be in the feed (its newest FEED_SIZE), so that only those keep their body."""
    content = model.content
    is_feed_news = model.kind == NEWS_ITEM and content.date and content.date.iso >= feed_from
    is_news_list = model.kind == NEWS_LIST and content.page == 1
    feed_page = None
    if is_feed_news:
        feed_page = replace(model, breadcrumb=(), switch=(), content=replace(content, body=str(content.body)))
    elif is_news_list:
        feed_page = replace(model, breadcrumb=(), switch=())
    return PageFacts(model.lang, model.route, model.updated, _sitemap_entry(model) if model.is_indexed else None,
                     feed_page)


def publishing_files(config: SiteConfig, pages: list[PageFacts],
                     policy: str) -> tuple[dict[str, bytes], list[tuple[str, str, dict]]]:
    """robots.txt and _headers as {output path: bytes}, and sitemap.xml and the feeds as (output path,
    template, context) to render."""
    static = {ROBOTS_ROUTE: robots_txt(config), HEADERS_ROUTE: headers_file(config, policy)}
    jobs = [(SITEMAP_ROUTE, "sitemap.xml", {"entries": sitemap_entries(pages)})]
    jobs += [(feed_route(config, feed.lang), "feed.xml", {"feed": feed}) for feed in build_feeds(config, pages)]
    return static, jobs


def robots_txt(config: SiteConfig) -> bytes:
    return ("# Every page may be crawled; the sitemap lists them all, with their translations.\n"
            f"User-agent: *\nDisallow:\n\nSitemap: {absolute(config, SITEMAP_ROUTE)}\n").encode("utf-8")


def _sitemap_entry(model: PageModel) -> SitemapEntry:
    alternates = tuple((a.lang, a.absolute_url) for a in model.alternates)
    return SitemapEntry(model.canonical, model.updated.isoformat() if model.updated else "",
                        alternates + (("x-default", model.x_default),))


def sitemap_entries(pages: list[PageFacts]) -> tuple[SitemapEntry, ...]:
    """One entry per indexed page, with its translations (reciprocal: each page of a group lists the group);
    a page with no date of its own takes the site's newest."""
    indexed = sorted((p for p in pages if p.sitemap), key=lambda p: p.route)
    newest = max((p.sitemap.lastmod for p in indexed), default="")
    return tuple(p.sitemap if p.sitemap.lastmod else replace(p.sitemap, lastmod=newest) for p in indexed)


def build_feeds(config: SiteConfig, pages: list[PageFacts]) -> tuple[Feed, ...]:
    """The Atom feed of each language: its newest news items, every date taken from the content."""
    feeds = []
    for lang in config.codes:
        kept = [p.feed_page for p in pages if p.lang == lang and p.feed_page]
        news_list = next(m for m in kept if m.kind == NEWS_LIST)
        items = sorted((m for m in kept if m.kind == NEWS_ITEM),
                       key=lambda m: (m.content.date.iso, m.route), reverse=True)[:FEED_SIZE]
        entries = tuple(_feed_entry(config, m) for m in items)
        newest = max((p.updated for p in pages if p.lang == lang and p.updated), default=dt.date(1970, 1, 1))
        chrome = news_list.chrome
        feeds.append(Feed(
            lang=lang, id=absolute(config, feed_route(config, lang)),
            title=f"{news_list.title} – {chrome.site_title}", subtitle=news_list.description,
            self_url=absolute(config, feed_route(config, lang)), html_url=news_list.canonical,
            base_url=config.base_url, updated=max((e.updated for e in entries), default=rfc3339(newest)),
            author=chrome.embassy, icon=urljoin(config.base_url, chrome.favicon) if chrome.favicon else "",
            entries=entries))
    return tuple(feeds)


def _feed_entry(config: SiteConfig, model: PageModel) -> FeedEntry:
    published = dt.date.fromisoformat(model.content.date.iso)
    return FeedEntry(id=entry_id(config, model, published), title=model.title, url=model.canonical,
                     published=rfc3339(published), updated=rfc3339(max(model.updated or published, published)),
                     summary=model.description, content=model.content.body)


def entry_id(config: SiteConfig, model: PageModel, published: dt.date) -> str:
    """A tag: URI (RFC 4151) from the site's address, the publication date and the source file's name: it stays
    the same from build to build, and when the title, the slug or the section's URL name changes."""
    key = model.source.rsplit("/", 1)[-1].removesuffix(".md").removesuffix(f".{model.lang}")
    return f"tag:{urlsplit(config.base_url).hostname},{published.isoformat()}:{config.base_path}{model.lang}/{key}"


def rfc3339(date: dt.date) -> str:
    """A content date as an RFC 3339 timestamp: midnight UTC of that day."""
    return f"{date.isoformat()}T00:00:00Z"
