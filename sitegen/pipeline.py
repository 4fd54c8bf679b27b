"""The one build function that the CLI, the dev server and the tests call: load, validate, model, render, write.

A build loads the sources (hashing the page and news files), makes the build's key (keys.py) and, when the
last build had the same key and its output is intact, is done: a no-op build imports none of the stages.
Else the stages run (checking.py: load, validate; outputs.py: model, render, write), imported then.
"""
from __future__ import annotations

import datetime as dt
import gc
import json
import os
import sys
import time
from contextlib import contextmanager
from dataclasses import astuple, dataclass, field, replace
from pathlib import Path

from . import keys
from .cache import MarkdownCache
from .dictionaries import LANGUAGES, find_dictionaries
from .errors import WARNING, BuildFailed, Problem, errors_in
from .messages import Msg, as_data, from_data, msg, nmsg
from .load import FileIndex, load_sources, relative
from .memo import BuildMemo
from .write import WriteStats, manifest_digest, output_lock, outputs_present, StagedOutput, stray_problems


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

    def build_day(self) -> dt.date:
        """The day the build is for (drafts and future news depend on it): `today`, else today_for_build()."""
        return self.today or today_for_build()


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


def open_cache(request: BuildRequest) -> MarkdownCache:
    return MarkdownCache.in_site(request.root) if request.cache else MarkdownCache(None)


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
            key = keys.build_key(request, request.build_day(), *loaded[0],
                                 find_dictionaries(tuple(LANGUAGES)).identity)
            report = (_unchanged_build(cache, key, request, started)
                      or _full_build(request, loaded, cache, key, started))
        return replace(report, notes=tuple(cache.troubles)) if cache.troubles else report
    finally:
        cache.close()


def _full_build(request, loaded: list, cache: MarkdownCache, key: str, started: float) -> BuildReport:
    from .checking import check_site  # the stages: imported only when there is something to build
    from .outputs import output_dir, render_site
    # The sources are let go once checked (`loaded` is emptied): the site holds what the pages need.
    site, problems = check_site(request, loaded.pop(), cache)
    _give_back_memory()
    gc.freeze()  # see _collector_paused: what the check made is never walked again
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


def _give_back_memory() -> None:
    """Hand back to the system the memory the check let go (the sources' texts, the lock file's bytes, the
    dictionaries, the checking processes' results) before the pages are rendered: glibc's malloc keeps it in
    the process otherwise, tens of megabytes of a large site's peak (54 MB at 5,000 news items per
    language), inherited by the rendering processes too. Elsewhere than Linux's glibc, nothing is done."""
    if not sys.platform.startswith("linux"):  # Windows has no CDLL(None); macOS no malloc_trim
        return
    try:
        import ctypes
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # another C library (musl)
        pass


@contextmanager
def _collector_paused():
    """No garbage collection during a build: what it holds (thousands of checked documents, then pages)
    lives as long as the build, and each full collection would walk it all again (a tenth of a one-edit
    build); a build makes few reference cycles (3 MB more at 1,000 news items per language). The forked
    processes inherit the pause, so they never touch (and copy) the pages of memory they share. Once the
    site is checked, what the check made is frozen (gc.freeze, in _full_build): the one collection a
    build makes, of each chunk of Markdown bodies' cycles (bodies.py), then walks only what was made since
    (the first would walk every checked document: 32 ms at N = 1,000). The state before is restored, and
    the frozen objects are let go to the collector (the preview pauses it around its whole rebuild already)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
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
