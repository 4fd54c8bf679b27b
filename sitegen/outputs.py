"""Every output file of a checked site: its pages shared out between processes (shards.run_shares), each
page kept or rendered by its key (keys.py), the bodies they show, then the sitemap, feeds and copies."""
from __future__ import annotations

import pickle
import zlib
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from . import keys
from .assets import fingerprint
from .bodies import Bodies
from .cache import CACHE_DIR, MarkdownCache, ReadAhead
from .content import Document, body_digest, body_of
from .errors import BuildFailed, Problem
from .load import changed_during_build, read_text_file
from .model import BuildOptions, plan_pages
from .security import content_security_policy
from .shards import Share, process_count, run_shares
from .urls import asset_route, file_route
from .validate import Site, is_published
from .write import StagedOutput


SHARD_FROM = 100   # pages to render from which both cores are used: below, forking costs more than it saves
RECORDS_READ_AHEAD = 256   # page records read per query


@dataclass(frozen=True)
class ShareResult:
    """What one process made of its share of the pages, sent back to the main process."""
    problems: list[Problem]
    facts: list                          # publish.PageFacts of each of its pages
    rendered: list[tuple[str, str]]      # (page key, SHA-256 of its bytes) of each page
    body_keys: frozenset = frozenset()   # the cache keys of the bodies of its pages
    records: frozenset = frozenset()     # the cache keys of its pages' records


@dataclass(frozen=True)
class PageWork:
    """What rendering a share of the pages needs, made once before the processes fork."""
    site: Site
    root: Path
    options: BuildOptions                # the day, drafts, asset names, policy (the bodies' functions added
                                         # by each share)
    in_page_order: list                  # the published documents, language by language
    body_settings: str                   # keys.body_settings()
    page_settings: str                   # keys.page_settings() of the site's templates and strings
    site_key: str                        # keys.site_key(): what every page model is made from, bodies aside
    known: dict                          # {page key: SHA-256} of the pages rendered before
    environment: object                  # the Jinja2 environment, templates compiled
    feed_dates: dict                     # {lang: the date from which a news item is in the feed}
    markdown: object = None              # the preview's Markdown instance (else one is made if needed)


def render_site(site: Site, request, cache: MarkdownCache, stage: StagedOutput) -> list[Problem]:
    """Every output file, handed to `stage`; returns the template problems.

    Logically a full rebuild: every page is keyed again from what it is made of (keys.page_key). What the
    cache saves is the work whose inputs did not change: Markdown bodies, page models (a page whose
    record's reads are unchanged is not made), and pages whose bytes are known by their key and already in
    the output. The pages are shared out between processes (shards.run_shares), each rendering and
    staging its share, bodies included."""
    from .publish import FEED_SIZE, publishing_files  # here: Jinja2 loads only when something is rendered
    settings = keys.page_settings(site.templates, site.strings.tables)
    today = request.build_day()
    assets = fingerprint(site.assets)
    policy = content_security_policy(dev=request.dev)  # the one place where `dev` loosens anything
    published = [d for d in site.documents if is_published(d, today, request.drafts)]
    in_page_order = [d for lang in site.config.codes for d in published if d.lang == lang]
    options = BuildOptions(today=today, drafts=request.drafts, render_body=_no_body, csp=policy,
                           assets={name: asset.path for name, asset in assets.items()})
    work = PageWork(site, request.root, options, in_page_order, keys.body_settings(), settings,
                    keys.site_key(site, options), cache.pages.get_all(), _environment(site, request, settings),
                    _feed_dates(published, FEED_SIZE), _markdown(request))
    shares = run_shares(partial(render_share, work, stage=stage), _process_count(request, len(in_page_order)),
                        cache, stage)
    static, jobs = publishing_files(site.config, [fact for share in shares for fact in share.facts], policy)
    file_problems, files_rendered = _render_files(work.environment, jobs, settings, work.known, stage)
    problems = sorted({p for share in shares for p in share.problems} | set(file_problems))
    if not problems:
        _remember_outputs(cache, [entry for share in shares for entry in share.rendered] + files_rendered,
                          frozenset().union(*(share.body_keys for share in shares)), work.known)
        cache.page_records.keep_only(frozenset().union(*(share.records for share in shares)))
    for path, data in sorted([*static.items(), *((file_route(f.path), f.data) for f in site.files),
                              *((asset_route(a.path), a.data) for a in assets.values())]):
        stage.add(path, data)
    return problems


@dataclass(frozen=True)
class PageRecord:
    """What making a page left for the next build: enough to tell, without making it again, that it is
    unchanged (the same site key, and the same keys of what it read), and to publish it."""
    route: str
    template: str
    output_path: str
    reads: tuple[tuple[str, str], ...]   # ("body", source) or ("state", source), in the order it read them
    facts: object                        # publish.PageFacts


def render_share(work: PageWork, share: Share, cache: MarkdownCache, stage: StagedOutput) -> ShareResult:
    """Key and keep, or make and render, the pages of one share, with the bodies they show. A page whose
    record says it read nothing that changed since, on the same site, is not made again."""
    from . import render
    from .publish import page_facts
    site = work.site
    with Bodies(share.of(work.in_page_order), cache, body_reader(work.root), work.body_settings,
                work.markdown) as bodies:
        reads: list[tuple[str, str, str]] = []   # (what, source, its key) read by the page being made

        def key_now(what: str, source: str) -> str:
            """The key of what a page reads: a body, or a translation state."""
            if what == "body":
                return bodies.key(site.document_by_source[source])
            return keys.record_key(site.translations.state_of(source))

        def body_key(doc: Document) -> str:
            reads.append(("body", doc.source, key_now("body", doc.source)))
            return reads[-1][2]

        def translation_state(source: str):
            reads.append(("state", source, key_now("state", source)))
            return site.translations.state_of(source)
        options = replace(work.options, render_body=bodies.html, body_key=body_key,
                          translation_state=translation_state)
        planned = list(plan_pages(site, options, _share_of(work.in_page_order, share)))
        lookups = [keys.record_lookup(work.page_settings, work.site_key, page.page) for page in planned]
        stored = ReadAhead(cache.page_records, lookups, RECORDS_READ_AHEAD)
        translators, kept, fresh = render.make_translators(site.strings), [], []

        def outputs():
            for page, lookup in zip(planned, lookups):
                entry = stored.get(lookup)
                record = pickle.loads(entry) if entry is not None else None
                key = None
                if record is not None:
                    key = keys.page_key(work.page_settings, work.site_key, record.route, record.template,
                                        [key_now(what, source) for what, source in record.reads])
                if key in work.known:   # what it read is as it was when it was made: the same page
                    make = page.make    # made again only if its file is not in the output
                else:
                    reads.clear()
                    model = page.make()
                    record = PageRecord(model.route, model.template, model.output_path,
                                        tuple((what, source) for what, source, _ in reads),
                                        page_facts(model, work.feed_dates.get(model.lang, "")))
                    fresh.append((lookup, pickle.dumps(record, pickle.HIGHEST_PROTOCOL)))
                    key = keys.page_key(work.page_settings, work.site_key, model.route, model.template,
                                        [value for _, _, value in reads])
                    make = lambda model=model: model   # noqa: E731
                kept.append(record.facts)
                yield key, record.output_path, lambda make=make: render.render_page(work.environment, translators,
                                                                                    make())
        problems, rendered = _stage_outputs(outputs(), work.known, stage)
        cache.page_records.put_many(fresh)
        return ShareResult(problems, kept, rendered, bodies.keys(), frozenset(lookups))


def _no_body(doc: Document) -> str:
    raise AssertionError("the options of a share give the bodies")


def _remember_outputs(cache: MarkdownCache, rendered: list[tuple[str, str]], used: frozenset[str],
                      known: dict[str, str]) -> None:
    """Store the new outputs' hashes; drop the pages and bodies (`used`: the bodies' keys) this build did
    not use (the cache stays the size of the site)."""
    cache.pages.put_many([entry for entry in rendered if entry[0] not in known])
    cache.pages.keep_only({key for key, _ in rendered})
    cache.bodies.keep_only(used)


def _environment(site: Site, request, settings: str):
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


def _markdown(request):
    """The preview's Markdown instance, made once (before the build's processes fork, which inherit it);
    None for a one-off build, whose processes each make one if they have a body to render."""
    if request.memo is None:
        return None
    if request.memo.markdown is None:
        from .markup import new_markdown
        request.memo.markdown = new_markdown()
    return request.memo.markdown


def _process_count(request, documents: int) -> int:
    return process_count(request.processes) if request.processes or documents >= SHARD_FROM else 1


def _share_of(in_page_order: list[Document], share: Share):
    """Whether a page is the share's to render: a document's page by the document's position (so the
    bodies a process renders are those of its own pages), the others (lists, site maps...) by route."""
    position = {doc.source: number for number, doc in enumerate(in_page_order)}
    return lambda page: share.owns(position[page] if page in position else zlib.crc32(page.encode()))


def _render_files(environment, jobs: list[tuple[str, str, dict]], settings: str, known: dict[str, str],
                  stage: StagedOutput) -> tuple[list[Problem], list[tuple[str, str]]]:
    """Render and stage each (output path, template, context) whose bytes are not known already: the
    sitemap and the feeds, kept by hash as pages are."""
    from .render import render_file
    return _stage_outputs(((keys.output_key(settings, template, context), path,
                            partial(render_file, environment, template, context))
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


def output_dir(request, site: Site) -> Path:
    return request.output or request.root / site.config.output_dir
