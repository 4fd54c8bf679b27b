"""Every URL of the site, from one place: routes are site-relative ("fr/actualites/x/")."""
from __future__ import annotations

from .config import SiteConfig
from .content import Document


def home_route(lang: str) -> str:
    return f"{lang}/"


def news_list_route(config: SiteConfig, lang: str, page: int = 1) -> str:
    section = config.sections["news"][lang]
    return f"{lang}/{section}/" if page == 1 else f"{lang}/{section}/page/{page}/"


def document_route(config: SiteConfig, doc: Document) -> str:
    if doc.is_news:
        return f"{news_list_route(config, doc.lang)}{doc.slug}/"
    return f"{doc.lang}/{doc.slug}/" if doc.slug else home_route(doc.lang)


def file_route(name: str) -> str:
    return f"files/{name}"


def link(config: SiteConfig, route: str) -> str:
    """The URL to put in a page: absolute path under the base path, so it works from any page and 404."""
    return config.base_path + route


def absolute(config: SiteConfig, route: str) -> str:
    return config.base_url + route


def output_path(route: str) -> str:
    """The file that serves a route: "fr/" -> "fr/index.html"."""
    return route + "index.html" if route.endswith("/") or route == "" else route
