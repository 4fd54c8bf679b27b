"""The one build function that the CLI, the dev server and the tests call: load, validate, model, render, write."""
from __future__ import annotations

import datetime as dt
import gc
import json
import os
import time
import zlib
from contextlib import contextmanager
from dataclasses import astuple, dataclass, field, replace
from functools import partial
from pathlib import Path

from .assets import fingerprint
from . import keys
from .bodies import Bodies
from .cache import CACHE_DIR, MarkdownCache
from .errors import WARNING, BuildFailed, Problem, errors_in
from .messages import Msg, as_data, from_data, msg, nmsg
from .config import CONFIG_FILE, SiteConfig, parse_config
from .content import Document, body_digest, body_of
from .memo import BuildMemo
from .load import FileIndex, Sources, changed_during_build, load_sources, read_source, read_text_file, relative
from .model import BuildOptions, build_models
from .security import content_security_policy
from .shards import Share, default_processes, run_shares
from .spelling import Speller, find_dictionaries, make_speller
from .urls import asset_route, file_route
from .parsed import cached_checker
from . import validate
from .validate import Site, assemble_site, check_files, find_unpublished_links, is_published
from .write import (StagedOutput, WriteStats, find_strays, manifest_digest, output_lock, outputs_present,
                    stray_problems)


@dataclass(frozen=True)
class BuildRequest:
    root: Path
    output: Path | None = None      # default: the config's output_dir below root
    base_url: str | None = None     # overrides site_config.yaml's base_url
    drafts: bool = False
    strict: bool = False
    today: dt.date | None = None    # default: SOURCE_DATE_EPOCH's date, else today
    dev: bool = False               # `serve` only: the looser policy live reload needs; never for publishing
    cache: bool = True              # keep results (bodies, parsed files, page hashes) in root/.cache/
    processes: int = 0              # processes sharing the work; 0: one per core from SHARD_FROM documents
    clean: bool = False             # remove the files of the output that this build did not write
    memo: BuildMemo | None = field(default=None, compare=False, repr=False)  # `serve`: kept between builds


@dataclass(frozen=True)
class BuildReport:
    pages: dict                     # {lang: count}
    files: int                      # downloads and assets copied
    stats: WriteStats
    seconds: float
    warnings: tuple[Problem, ...]
    notes: tuple[str, ...] = ()     # what the editor should know (a build cache that could not be used)

    def summary(self) -> Msg:
        pages = ", ".join(f"{count} {lang}" for lang, count in self.pages.items())
        return nmsg("Built {pages} page and copied {files} in {seconds} s; {written} written, {removed} removed.",
                    "Built {pages} pages and copied {files} in {seconds} s; {written} written, {removed} removed.",
                    sum(self.pages.values()), pages=pages, seconds=format(self.seconds, ".2f"),
                    files=nmsg("{n} file", "{n} files", self.files), written=self.stats.written,
                    removed=self.stats.removed)


def today_for_build() -> dt.date:
    """The build's date: SOURCE_DATE_EPOCH when set (reproducible builds), else the clock's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch else dt.date.today()


def load_config(root: Path) -> tuple[SiteConfig | None, list[Problem]]:
    """The site's settings read and checked alone: None, with the problems, when they cannot be used."""
    source, problems = read_text_file(root, CONFIG_FILE)
    return parse_config(source.text, source.path) if source else (None, problems)


def check_site(request: BuildRequest, loaded: tuple[Sources, list[Problem]] | None = None,
               cache: MarkdownCache | None = None) -> tuple[Site | None, list[Problem]]:
    """Load and validate everything, writing nothing: the `check` command and the first half of a build.
    With a `cache`, the files parsed and checked before are not parsed again."""
    sources, problems = loaded or load_sources(request.root)
    speller = open_speller(sources, cache)
    if cache and cache.path:
        checker = cached_checker(cache, _processes(request), request.memo.checked if request.memo else None, speller)
    else:
        checker = partial(check_files, speller=speller)  # an in-memory cache lives one build: nothing to look up
    site, found = assemble_site(sources, lambda ref: read_source(request.root, ref), request.base_url, checker,
                                speller)
    keep_verdicts(speller, cache)
    problems = sorted(set(problems + found))
    if site is not None:  # what is published depends on the build's day and options
        problems += find_unpublished_links(site, request.today or today_for_build(), request.drafts)
    return site, sorted(set(problems))


def open_speller(sources: Sources, cache: MarkdownCache | None) -> Speller:
    """The speller of a check, with the verdicts on words kept beside the cache for these dictionaries and
    word lists (an unchanged site opens no dictionary)."""
    speller = make_speller(sources.words)
    try:
        stored = json.loads(_verdicts_file(cache, speller).read_text("utf-8")) if cache and cache.path else {}
    except (OSError, ValueError):  # none yet, or damaged: only a cache
        stored = {}
    speller.verdicts.update({key: tuple(value) for key, value in stored.items()})
    return speller


def keep_verdicts(speller: Speller, cache: MarkdownCache | None) -> None:
    """Store the speller's verdicts when it learned words (not when the dictionaries could not be opened),
    in a file of their own renamed into place (two builds at once each write a whole file), the previous
    identities' files removed."""
    if not (cache and cache.path and speller.learned and not speller.unavailable):
        return
    target = _verdicts_file(cache, speller)
    try:
        temporary = target.with_name(f"{target.name}.{os.getpid()}")
        temporary.write_text(json.dumps(speller.verdicts, ensure_ascii=False), "utf-8")
        os.replace(temporary, target)
        for old in set(target.parent.glob("spelling-*.json")) - {target}:
            old.unlink(missing_ok=True)
    except OSError:  # an unwritable cache: the words are judged again next time
        pass


def _verdicts_file(cache: MarkdownCache, speller: Speller) -> Path:
    return cache.path.parent / f"spelling-{speller.identity[:32]}.json"


def translation_texts(request: BuildRequest):
    """The texts translations are tracked from (translations/tracking.py), with the problems met reading
    them, and apart the files that could not be read at all: `translation status` and `done` see what
    `check` sees, while other files have errors too."""
    cache = open_cache(request)
    try:
        sources, problems = load_sources(request.root)
        speller = open_speller(sources, cache)  # the same keys as `check`'s, whose results are then kept
        checker = cached_checker(cache, _processes(request), None, speller) if cache.path else check_files
        texts, found = validate.translation_texts(sources, lambda ref: read_source(request.root, ref), checker)
        keep_verdicts(speller, cache)
    finally:
        cache.close()
    return texts, sorted(set(problems + found)), [p for p in problems if p.is_error]


def check_everything(request: BuildRequest) -> tuple[Site | None, list[Problem]]:
    """The `check` command: every problem a build would meet, templates included, writing nothing."""
    cache = open_cache(request)  # the same cache as builds: a check after a build re-renders nothing
    try:
        site, problems = check_site(request, cache=cache)
        if site is None or errors_in(problems, request.strict):
            return site, problems
        out_dir = output_dir(request, site)
        with StagedOutput(out_dir, write=False) as stage:
            problems += render_site(site, request, cache, stage)
        problems += stray_problems(relative(request.root, out_dir), find_strays(out_dir, stage.current))
    finally:
        cache.close()
    return site, sorted(set(problems))


def open_cache(request: BuildRequest) -> MarkdownCache:
    return MarkdownCache.in_site(request.root) if request.cache else MarkdownCache(None)


SHARD_FROM = 100   # pages to render from which both cores are used: below, forking costs more than it saves


@dataclass(frozen=True)
class ShareResult:
    """What one process made of its share of the pages, sent back to the main process."""
    problems: list[Problem]
    facts: list                          # publish.PageFacts of each of its pages
    rendered: list[tuple[str, str]]      # (page key, SHA-256 of its bytes) of each page
    body_keys: frozenset = frozenset()   # the cache keys of the bodies of its pages


@dataclass(frozen=True)
class PageWork:
    """What rendering a share of the pages needs, made once before the processes fork."""
    site: Site
    root: Path
    today: dt.date
    drafts: bool
    policy: str                          # the Content-Security-Policy (`dev` loosens it for the preview)
    assets: dict                         # {name: fingerprinted path} of the stylesheet and icon
    in_page_order: list                  # the published documents, language by language
    body_settings: str                   # keys.body_settings()
    page_settings: str                   # keys.page_settings() of the site's templates and strings
    known: dict                          # {page key: SHA-256} of the pages rendered before
    environment: object                  # the Jinja2 environment, templates compiled
    feed_dates: dict                     # {lang: the date from which a news item is in the feed}
    markdown: object = None              # the preview's Markdown instance (else one is made if needed)


def render_site(site: Site, request: BuildRequest, cache: MarkdownCache, stage: StagedOutput) -> list[Problem]:
    """Every output file, handed to `stage`; returns the template problems.

    Logically a full rebuild: every page model is made again. What the cache saves is the work whose
    inputs did not change: Markdown bodies, and pages whose model, templates and strings are the same
    (their bytes are then known by hash and already in the output). The pages are shared out between
    processes (shards.run_shares), each rendering and staging its share, bodies included."""
    from .publish import FEED_SIZE, publishing_files  # here: Jinja2 loads only when something is rendered
    settings = keys.page_settings(site.templates, site.strings.tables)
    today = request.today or today_for_build()
    assets = fingerprint(site.assets)
    policy = content_security_policy(dev=request.dev)  # the one place where `dev` loosens anything
    published = [d for d in site.documents if is_published(d, today, request.drafts)]
    in_page_order = [d for lang in site.config.codes for d in published if d.lang == lang]
    work = PageWork(site, request.root, today, request.drafts, policy,
                    {name: asset.path for name, asset in assets.items()}, in_page_order, keys.body_settings(),
                    settings, cache.pages.get_all(), _environment(site, request, settings),
                    _feed_dates(published, FEED_SIZE), _markdown(request))
    shares = run_shares(partial(render_share, work, stage=stage), _process_count(request, len(in_page_order)),
                        cache, stage)
    static, jobs = publishing_files(site.config, [fact for share in shares for fact in share.facts], policy)
    file_problems, files_rendered = _render_files(work.environment, jobs, settings, work.known, stage)
    problems = sorted({p for share in shares for p in share.problems} | set(file_problems))
    if not problems:
        _remember_outputs(cache, [entry for share in shares for entry in share.rendered] + files_rendered,
                          frozenset().union(*(share.body_keys for share in shares)), work.known)
    for path, data in sorted([*static.items(), *((file_route(f.path), f.data) for f in site.files),
                              *((asset_route(a.path), a.data) for a in assets.values())]):
        stage.add(path, data)
    return problems


def render_share(work: PageWork, share: Share, cache: MarkdownCache, stage: StagedOutput) -> ShareResult:
    """Model, key and render (or keep) the pages of one share, with the bodies they show."""
    with Bodies(share.of(work.in_page_order), cache, body_reader(work.root), work.body_settings,
                work.markdown) as bodies:
        options = BuildOptions(today=work.today, drafts=work.drafts, render_body=bodies.html, body_key=bodies.key,
                               body_targets=bodies.targets, csp=work.policy, assets=work.assets)
        mine = build_models(work.site, options, _share_of(work.in_page_order, share))
        result = _render_pages(work.site, work.environment, work.page_settings, mine, work.known, stage,
                               work.feed_dates)
        return replace(result, body_keys=bodies.keys())


def _remember_outputs(cache: MarkdownCache, rendered: list[tuple[str, str]], used: frozenset[str],
                      known: dict[str, str]) -> None:
    """Store the new outputs' hashes; drop the pages and bodies (`used`: the bodies' keys) this build did
    not use (the cache stays the size of the site)."""
    cache.pages.put_many([entry for entry in rendered if entry[0] not in known])
    cache.pages.keep_only({key for key, _ in rendered})
    cache.bodies.keep_only(used)
    cache.body_links.keep_only(used)


def _environment(site: Site, request: BuildRequest, settings: str):
    """The Jinja2 environment of the site's templates, every template compiled (before the processes
    fork: once, not once per process; with the cache, their compiled code is kept in .cache/templates/);
    a memo keeps the environment while the page settings (templates, strings, code) stay the same."""
    from .render import compile_templates, make_environment
    memo = request.memo
    if memo and memo.environment and memo.environment[0] == settings:
        return memo.environment[1]
    compiled = request.root / CACHE_DIR / "templates" if request.cache else None
    environment = make_environment(site.templates, compiled, keys.fingerprint())
    compile_templates(environment, sorted(site.templates))
    if memo:
        memo.environment = (settings, environment)
    return environment


def _markdown(request: BuildRequest):
    """The preview's Markdown instance, made once (before the build's processes fork, which inherit it);
    None for a one-off build, whose processes each make one if they have a body to render."""
    if request.memo is None:
        return None
    if request.memo.markdown is None:
        from .markup import new_markdown
        request.memo.markdown = new_markdown()
    return request.memo.markdown


def _processes(request: BuildRequest) -> int:
    return request.processes or default_processes()


def _process_count(request: BuildRequest, documents: int) -> int:
    return _processes(request) if request.processes or documents >= SHARD_FROM else 1


def _share_of(in_page_order: list[Document], share: Share):
    """Whether a page is the share's to render: a document's page by the document's position (so the
    bodies a process renders are those of its own pages), the others (lists, site maps...) by route."""
    position = {doc.source: number for number, doc in enumerate(in_page_order)}
    return lambda page: share.owns(position[page] if page in position else zlib.crc32(page.encode()))


def _render_pages(site: Site, environment, settings: str, models, known: dict[str, str], stage: StagedOutput,
                  feed_dates: dict[str, str]) -> ShareResult:
    """Render and stage each page whose bytes are not known already; return the problems, what
    publish.py needs of each page (sitemap, feeds) and each page's key and hash."""
    from . import render
    from .publish import page_facts
    translators, kept, memo = render.make_translators(site.strings), [], {}

    def outputs():
        for model in models:
            kept.append(page_facts(model, feed_dates.get(model.lang, "")))
            key = keys.page_key(settings, model.template, model, memo)
            yield key, model.output_path, lambda model=model: render.render_page(environment, translators, model)
    problems, rendered = _stage_outputs(outputs(), known, stage)
    return ShareResult(problems, kept, rendered)


def _render_files(environment, jobs: list[tuple[str, str, dict]], settings: str, known: dict[str, str],
                  stage: StagedOutput) -> tuple[list[Problem], list[tuple[str, str]]]:
    """Render and stage each (output path, template, context) whose bytes are not known already: the
    sitemap and the feeds, kept by hash as pages are."""
    from .render import render_template

    def render(template: str, context: dict):
        text, problem = render_template(environment, template, context)
        return (None, problem) if problem else (text.encode("utf-8"), None)
    return _stage_outputs(((keys.page_key(settings, template, context), path,
                            lambda template=template, context=context: render(template, context))
                           for path, template, context in jobs), known, stage)


def _stage_outputs(outputs, known: dict[str, str], stage: StagedOutput) -> tuple[list[Problem], list[tuple[str, str]]]:
    """For each (key, output path, render) in turn: keep the file when its bytes are known by `key` and
    already in the output, else render and stage it. Returns the problems, and (key, SHA-256) of each
    output. After a problem the build fails: rendering goes on only to report every problem."""
    problems, rendered = [], []
    for key, path, render in outputs:
        if key in known and stage.keep_if_unchanged(path, known[key]):
            rendered.append((key, known[key]))
            continue
        data, problem = render()
        if problem:
            problems.append(problem)
        elif not problems:
            rendered.append((key, stage.add(path, data)))
    return sorted(set(problems)), rendered


def _feed_dates(published, feed_size: int) -> dict[str, str]:
    """{lang: the date from which a news item may be in that language's feed} (its newest `feed_size`)."""
    dates: dict[str, list[str]] = {}
    for doc in (d for d in published if d.is_news):
        dates.setdefault(doc.lang, []).append(doc.date.isoformat())
    return {lang: sorted(days, reverse=True)[:feed_size][-1] for lang, days in dates.items()}


def body_reader(root: Path):
    """A function giving a document's Markdown body, read again from its file (bodies are not kept in
    memory); a file saved since it was checked stops the build rather than mixing two versions."""
    def read(doc: Document) -> str:
        source, problems = read_text_file(root, doc.source)
        body = body_of(source.text, doc.body_line) if source else None
        if body is None or body_digest(body) != doc.body_digest:
            raise BuildFailed(problems or [changed_during_build(doc.source)])
        return body
    return read


def output_dir(request: BuildRequest, site: Site) -> Path:
    return request.output or request.root / site.config.output_dir


def build(request: BuildRequest) -> BuildReport:
    """Build the site; raise BuildFailed with every problem, leaving the output as it was."""
    started = time.perf_counter()
    cache = open_cache(request)
    try:
        with _collector_paused():
            index = request.memo.files if request.memo else FileIndex(cache.file_digests())
            # A list, so that _full_build can let the sources go once they are checked (memory).
            loaded = [load_sources(request.root, index)]
            if not request.memo:
                cache.store_file_digests(index.changes())
            key = keys.build_key(request, request.today or today_for_build(), *loaded[0],
                                 find_dictionaries(("fr", "ro")).identity)
            report = (_unchanged_build(cache, key, request, started)
                      or _full_build(request, loaded, cache, key, started))
        return replace(report, notes=tuple(cache.troubles)) if cache.troubles else report
    finally:
        cache.close()


def _full_build(request, loaded: list, cache: MarkdownCache, key: str, started: float) -> BuildReport:
    # The sources are let go once checked (`loaded` is emptied): the site holds what the pages need.
    site, problems = check_site(request, loaded.pop(), cache)
    if site is None or errors_in(problems, request.strict):
        raise BuildFailed(errors_in(problems, request.strict) or problems)
    out_dir = output_dir(request, site)
    try:
        with output_lock(out_dir, relative(request.root, out_dir)), \
                StagedOutput(out_dir) as stage:
            render_problems = render_site(site, request, cache, stage)
            if render_problems:
                raise BuildFailed(render_problems)
            strays = [] if request.clean else stray_problems(relative(request.root, out_dir), stage.strays())
            if strays and request.strict:
                raise BuildFailed(strays)
            stats = stage.commit(request.clean)
    except OSError as exc:  # a full disk, a file where the folder should be, no permission
        raise BuildFailed([Problem(relative(request.root, out_dir), 1, msg("cannot write the output: {reason} ({file})",
                                                                           reason=exc.strerror or exc,
                                                                           file=exc.filename or out_dir))]) from exc
    outputs = stage.current
    pages = {lang: sum(1 for p in outputs if p.startswith(f"{lang}/") and p.endswith(".html"))
             for lang in site.config.codes}
    files = len(site.files) + len(site.assets)  # copied as they are (downloads, CSS, icon)
    warnings = [p for p in problems if p.severity == WARNING] + strays  # notes are for `check`
    report = BuildReport(pages, files, stats, time.perf_counter() - started, tuple(warnings))
    if not strays:  # else the next build looks again (the strays may be gone by then)
        _remember_build(cache, key, out_dir, report)
    return report


@contextmanager
def _collector_paused():
    """No garbage collection during a build: what it holds (thousands of checked documents, then pages)
    lives as long as the build, and each full collection would walk it all again (a tenth of a one-edit
    build); a build makes few reference cycles (3 MB more at 1,000 news items per language). The forked
    processes inherit the pause, so they never touch (and copy) the pages of memory they share. The state
    before is restored (the preview pauses it around its whole rebuild already)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _remember_build(cache: MarkdownCache, key: str, out_dir: Path, report: BuildReport) -> None:
    record = {"output": str(out_dir), "manifest": manifest_digest(out_dir), "pages": report.pages,
              "files": report.files, "warnings": [[*astuple(p)[:2], as_data(p.message), *astuple(p)[3:]]
                                                  for p in report.warnings]}
    cache.builds.put_many([(key, json.dumps(record))])
    cache.builds.keep_only({key})


def _unchanged_build(cache: MarkdownCache, key: str, request: BuildRequest, started: float) -> BuildReport | None:
    """The report of the last build when its sources, options and code were exactly these, and the output
    still holds every file it wrote: a full build would write the same bytes, so nothing is to be done.
    (The output must hold exactly the manifest's files: one missing or one no build wrote means a full build.)"""
    record = cache.builds.get(key) if cache.builds.has(key) else None
    if record is None:
        return None
    record = json.loads(record)
    out_dir = Path(record["output"])
    if manifest_digest(out_dir) != record["manifest"] or not outputs_present(out_dir):
        return None
    warnings = tuple(Problem(path, line, from_data(message), *rest)
                     for path, line, message, *rest in record["warnings"])
    count = sum(record["pages"].values()) + record["files"]
    return BuildReport(record["pages"], record["files"], WriteStats(0, count, 0),
                       time.perf_counter() - started, warnings)
