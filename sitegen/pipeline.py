"""The one build function that the CLI, the dev server and the tests call: load, validate, model, render, write."""
from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, replace
from pathlib import Path

from .assets import fingerprint
from .errors import BuildFailed, Problem, errors_in
from .load import load_sources
from .markup import new_markdown, render_markdown
from .model import BuildOptions, build_models
from .publish import render_publishing
from .render import make_environment, render_pages
from .security import content_security_policy
from .urls import asset_route, file_route
from .validate import Site, assemble_site
from .write import WriteStats, write_site


@dataclass(frozen=True)
class BuildRequest:
    root: Path
    output: Path | None = None      # default: the config's output_dir below root
    base_url: str | None = None     # overrides site_config.yaml's base_url
    drafts: bool = False
    strict: bool = False
    today: dt.date | None = None    # default: SOURCE_DATE_EPOCH's date, else today
    dev: bool = False               # `serve` only: the looser policy live reload needs; never for publishing


@dataclass(frozen=True)
class BuildReport:
    pages: dict                     # {lang: count}
    files: int                      # downloads and assets copied
    stats: WriteStats | None
    seconds: float
    warnings: tuple[Problem, ...]

    def summary(self) -> str:
        pages = ", ".join(f"{count} {lang}" for lang, count in self.pages.items())
        written = f"; {self.stats.written} written, {self.stats.removed} removed" if self.stats else ""
        return f"Built {pages} pages and copied {self.files} files in {self.seconds:.2f} s{written}."


def today_for_build() -> dt.date:
    """The build's date: SOURCE_DATE_EPOCH when set (reproducible builds), else the clock's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch else dt.date.today()


def check_site(request: BuildRequest) -> tuple[Site | None, list[Problem]]:
    """Load and validate everything, writing nothing: the `check` command and the first half of a build."""
    sources, problems = load_sources(request.root)
    site, found = assemble_site(sources)
    problems = sorted(set(problems + found))
    if site is not None and request.base_url:
        site = replace(site, config=site.config.with_base_url(request.base_url))
    return site, problems


def render_site(site: Site, request: BuildRequest) -> tuple[dict[str, bytes], list[Problem]]:
    """Every output file in memory: {path in output/: bytes}."""
    markdown = new_markdown()
    assets = fingerprint(site.assets)
    policy = content_security_policy(dev=request.dev)  # the one place where `dev` loosens anything
    options = BuildOptions(today=request.today or today_for_build(), drafts=request.drafts,
                           render_body=lambda text: render_markdown(markdown, text),
                           assets={name: asset.path for name, asset in assets.items()}, csp=policy)
    models = build_models(site, options)
    env = make_environment(site.templates)
    outputs, problems = render_pages(env, site.strings, models)
    published, found = render_publishing(env, site.config, models, policy)
    outputs.update(published)
    outputs.update({file_route(f.path): f.data for f in site.files})
    outputs.update({asset_route(a.path): a.data for a in assets.values()})
    return outputs, sorted(set(problems + found))


def output_dir(request: BuildRequest, site: Site) -> Path:
    return request.output or request.root / site.config.output_dir


def build(request: BuildRequest, write: bool = True) -> BuildReport:
    """Build the site; raise BuildFailed with every problem, leaving the output as it was."""
    started = time.perf_counter()
    site, problems = check_site(request)
    if site is None or errors_in(problems, request.strict):
        raise BuildFailed(errors_in(problems, request.strict) or problems)
    outputs, render_problems = render_site(site, request)
    if render_problems:
        raise BuildFailed(render_problems)
    stats = write_site(outputs, output_dir(request, site)) if write else None
    pages = {lang: sum(1 for p in outputs if p.startswith(f"{lang}/") and p.endswith(".html"))
             for lang in site.config.codes}
    files = sum(1 for p in outputs if not p.endswith(".html"))
    return BuildReport(pages, files, stats, time.perf_counter() - started, tuple(problems))
