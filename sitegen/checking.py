"""The checked site, writing nothing: sources loaded, page and news files parsed and checked (found again
by key), spelling verdicts kept beside the cache, translations tracked; the `check` command."""
from __future__ import annotations

import json
import os
from functools import partial
from pathlib import Path

from . import validate
from .cache import MarkdownCache
from .config import CONFIG_FILE, SiteConfig, parse_config
from .errors import Problem, errors_in
from .load import Sources, load_sources, read_source, read_source_data, read_text_file, relative
from .parsed import cached_checker
from .pipeline import BuildRequest, open_cache
from .shards import process_count
from .spelling import Speller, make_speller
from .translations.records import forget_records
from .validate import Site, assemble_site, check_files, find_unpublished_links
from .write import StagedOutput, find_strays, stray_problems


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
    site, found = assemble_site(sources, partial(read_source, request.root), request.base_url,
                                file_checker(request, cache, speller), speller, partial(read_source_data, request.root))
    keep_verdicts(speller, cache)
    speller.close()
    if request.memo is None:  # a one-off build: the translations are tracked (the states hold what pages show)
        forget_records()
    problems = sorted(set(problems + found))
    if site is not None:  # what is published depends on the build's day and options
        problems += find_unpublished_links(site, request.build_day(), request.drafts)
    return site, sorted(set(problems))


def file_checker(request: BuildRequest, cache: MarkdownCache | None, speller: Speller):
    """What parses and checks the page and news files: the cached checker (with the preview's memory of
    them), or, for an in-memory cache that lives one build, check_files itself (nothing to look up)."""
    if cache and cache.path:
        return cached_checker(cache, process_count(request.processes),
                              request.memo.checked if request.memo else None, speller)
    return partial(check_files, speller=speller)


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
        texts, found = validate.translation_texts(sources, partial(read_source, request.root),
                                                  file_checker(request, cache, speller),
                                                  partial(read_source_data, request.root))
        keep_verdicts(speller, cache)
    finally:
        cache.close()
    return texts, sorted(set(problems + found)), [p for p in problems if p.is_error]


def check_everything(request: BuildRequest) -> tuple[Site | None, list[Problem]]:
    """The `check` command: every problem a build would meet, templates included, writing nothing."""
    from .outputs import output_dir, render_site  # here: the translation commands need none of it
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
