"""Every URL of the site, from one place: routes are site-relative ("fr/actualites/x/")."""
from __future__ import annotations

from .config import SiteConfig
from .content import Document


# Files a host, a crawler or a browser looks for at the site's root.
NOT_FOUND_ROUTE = "404.html"
SITEMAP_ROUTE = "sitemap.xml"
ROBOTS_ROUTE = "robots.txt"
HEADERS_ROUTE = "_headers"


def home_route(lang: str) -> str:
    return f"{lang}/"


def section_route(config: SiteConfig, name: str, lang: str) -> str:
    """A section's page: the news list, the site map."""
    return f"{lang}/{config.sections[name][lang]}/"


def news_list_route(config: SiteConfig, lang: str, page: int = 1) -> str:
    first = section_route(config, "news", lang)
    return first if page == 1 else f"{first}page/{page}/"


def feed_route(config: SiteConfig, lang: str) -> str:
    return news_list_route(config, lang) + "feed.xml"


def document_route(config: SiteConfig, doc: Document) -> str:
    if doc.is_news:
        return f"{news_list_route(config, doc.lang)}{doc.slug}/"
    return f"{doc.lang}/{doc.slug}/" if doc.slug else home_route(doc.lang)


def file_route(name: str) -> str:
    return f"files/{name}"


def asset_route(name: str) -> str:
    return f"assets/{name}"


def link(config: SiteConfig, route: str) -> str:
    """The URL to put in a page: absolute path under the base path, so it works from any page and 404."""
    return config.base_path + route


def absolute(config: SiteConfig, route: str) -> str:
    return config.base_url + route


def output_path(route: str) -> str:
    """The file that serves a route: "fr/" -> "fr/index.html"."""
    return route + "index.html" if route.endswith("/") or route == "" else route


def route_of_path(config: SiteConfig, path: str) -> str:
    """The route a site-absolute link names: "/fr/x/" or, under a base path, "/asi/fr/x/" -> "fr/x/"."""
    return path.removeprefix(config.base_path) if path.startswith(config.base_path) else path.lstrip("/")
