"""The site's settings: site_config.yaml parsed and checked into a frozen SiteConfig."""
from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from .errors import Problem
from .load import CONFIG_FILE
from .messages import msg
from .proofread import proofread_yaml
from .schema import check_mapping, is_safe_slug
from .yamlfile import line_of, parse_yaml


@dataclass(frozen=True)
class Language:
    code: str
    name: str      # the language's own name ("Română"), shown in the switcher
    locale: str    # CLDR locale for Babel


@dataclass(frozen=True)
class NavLink:
    """A menu or footer entry: a page by name, a section by name, or an external URL."""
    label: dict
    page: str = ""
    section: str = ""
    url: str = ""
    line: int = 1      # in site_config.yaml, to report a page that does not exist


@dataclass(frozen=True)
class SiteConfig:
    base_url: str                  # absolute, ends with "/"
    languages: tuple[Language, ...]  # the default language first
    title: dict
    embassy: dict
    sections: dict                 # {"news": {"fr": "actualites", "ro": "noutati"}, "sitemap": {...}}
    menu: tuple[NavLink, ...]
    footer: tuple[NavLink, ...]
    output_dir: str
    news_per_page: int
    stale_translations: str = "notice"   # "notice": published with a notice to visitors; "error": refused

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    @property
    def default_language(self) -> str:
        return self.languages[0].code

    @property
    def base_path(self) -> str:
        """The path part of base_url ("/" or "/asi/"): every internal link starts with it."""
        return urlsplit(self.base_url).path or "/"

    def language(self, code: str) -> Language:
        return next(lang for lang in self.languages if lang.code == code)

    def with_base_url(self, base_url: str) -> "SiteConfig":
        return replace(self, base_url=normalize_base_url(base_url))


TOP_SPEC = {
    "base_url": ("url", True), "default_language": ("text", True), "languages": ("any", True),
    "title": ("localized", True), "embassy": ("localized", True), "sections": ("any", True),
    "menu": ("list", True), "footer": ("list", True), "output_dir": ("text", True),
    "news_per_page": ("count", True), "translations": ("any", False),
}
STALE_POLICIES = ("notice", "error")
LANGUAGE_SPEC = {"name": ("text", True), "locale": ("text", True)}
LINK_SPEC = {"label": ("localized", True), "page": ("text", False), "section": ("text", False),
             "url": ("url", False)}
SECTIONS = ("news", "sitemap")


def normalize_base_url(url: str) -> str:
    return url.rstrip("/") + "/"  # "https://x.github.io/repo" and "…/repo//" both mean "…/repo/"


def parse_config(text: str, path: str = CONFIG_FILE) -> tuple[SiteConfig | None, list[Problem]]:
    """Parse and check site_config.yaml; return the config (None on error) and the problems."""
    data, problems = parse_yaml(text, path)
    if problems:
        return None, problems
    if not isinstance(data, dict):
        return None, [Problem(path, 1, msg("site_config.yaml must be a mapping of `setting: value` lines"))]
    languages, problems = _languages(data, path)
    codes = tuple(lang.code for lang in languages)
    problems += check_mapping(data, TOP_SPEC, path, codes, "site_config.yaml")
    problems += _check_sections(data.get("sections"), codes, path, line_of(data, "sections"))
    problems += _check_translations(data.get("translations"), path, line_of(data, "translations"))
    for key in ("menu", "footer"):
        for item, line in zip(data.get(key) or [], getattr(data.get(key), "lines", [])):
            problems += _check_link(item, codes, path, line, key)
    if problems:
        return None, problems
    return _build_config(data, languages), proofread_yaml(data, codes, path)


def _languages(data, path) -> tuple[tuple[Language, ...], list[Problem]]:
    raw = data.get("languages")
    if raw is None:
        return (), []  # check_mapping reports the missing key
    if not isinstance(raw, dict) or not raw:
        return (), [Problem(path, line_of(data, "languages"),
                            msg("`languages` must map each language code to its `name` and `locale`"))]
    problems, languages = [], []
    for code, spec in raw.items():
        line = line_of(raw, code)
        found = check_mapping(spec, LANGUAGE_SPEC, path, (), msg("language `{code}`", code=code), line)
        if not (isinstance(code, str) and code.isalpha() and code.islower()):
            found.append(Problem(path, line, msg("language code {code!r} must be lowercase letters (e.g. fr)",
                                                 code=repr(code))))
        problems += found
        if not found:
            languages.append(Language(code, spec["name"], spec["locale"]))
    default = data.get("default_language")
    if default not in {lang.code for lang in languages} and not problems:
        problems.append(Problem(path, line_of(data, "default_language"),
                                msg("default_language {default} is not one of the languages", default=repr(default))))
    languages.sort(key=lambda lang: lang.code != default)  # stable: default first, then file order
    return tuple(languages), problems


def _check_sections(sections, codes, path, line) -> list[Problem]:
    if sections is None:
        return []  # check_mapping reports the missing key
    if not isinstance(sections, dict):
        return [Problem(path, line, msg("`sections` must map {names} to its URL name per language",
                                        names=", ".join(f"`{name}`" for name in SECTIONS)))]
    problems = check_mapping(sections, {name: ("localized", True) for name in SECTIONS},
                             path, codes, msg("`sections`"), line)
    for name in SECTIONS:
        for code in codes:
            value = sections.get(name, {}).get(code) if isinstance(sections.get(name), dict) else None
            if value is not None and not is_safe_slug(value):
                problems.append(Problem(path, line_of(sections, name, line),
                                        msg("section name {value} is not a safe URL slug", value=repr(value))))
    for code in codes:
        names = [sections[n].get(code) for n in SECTIONS if isinstance(sections.get(n), dict)]
        names = [n for n in names if n]
        if len(set(names)) < len(names):
            problems.append(Problem(path, line, msg("two sections have the same URL name in {code}: give each its"
                                                    " own", code=code)))
    return problems


def _check_translations(policy, path, line) -> list[Problem]:
    """`translations: {stale: notice}` (stale translations published with a notice) or `{stale: error}`."""
    if policy is None:
        return []
    if not isinstance(policy, dict) or set(policy) - {"stale"} or policy.get("stale") not in STALE_POLICIES:
        return [Problem(path, line_of(policy, "stale", line) if isinstance(policy, dict) else line,
                        msg("`translations` must be `{{stale: notice}}` (a stale translation is published with"
                            " a notice) or `{{stale: error}}` (it stops the build)"))]
    return []


def _check_link(item, codes, path, line, where) -> list[Problem]:
    problems = check_mapping(item, LINK_SPEC, path, codes, msg("a `{where}` entry", where=where), line)
    if isinstance(item, dict) and sum(bool(item.get(k)) for k in ("page", "section", "url")) != 1:
        problems.append(Problem(path, line, msg("a `{where}` entry needs exactly one of page, section or url",
                                                where=where)))
    if isinstance(item, dict) and item.get("section") and item["section"] not in SECTIONS:
        problems.append(Problem(path, line, msg("unknown section {section} (known: {known})",
                                                section=repr(item["section"]), known=", ".join(SECTIONS))))
    return problems


def _build_config(data, languages) -> SiteConfig:
    codes = tuple(lang.code for lang in languages)

    def localized(value):
        return {code: value for code in codes} if isinstance(value, str) else dict(value)

    def links(items):
        return tuple(NavLink(localized(i["label"]), i.get("page", ""), i.get("section", ""), i.get("url", ""),
                             line) for i, line in zip(items, items.lines))

    return SiteConfig(
        base_url=normalize_base_url(data["base_url"]), languages=languages,
        title=localized(data["title"]), embassy=localized(data["embassy"]),
        sections={name: localized(data["sections"][name]) for name in SECTIONS},
        menu=links(data["menu"]), footer=links(data["footer"]),
        output_dir=data["output_dir"], news_per_page=data["news_per_page"],
        stale_translations=(data.get("translations") or {}).get("stale", "notice"))
