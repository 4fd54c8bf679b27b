"""The one executor: work shared out between forked processes (one per core), with the rule of who does
what, the cache reopened in each child, what each staged merged back, and results or errors sent back."""
from __future__ import annotations

import os
import pickle
import traceback
from dataclasses import dataclass
from typing import Callable, TypeVar

from .errors import BuildFailed

T = TypeVar("T")


def default_processes() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def process_count(asked: int) -> int:
    """The processes to share work between: as many as asked (BuildRequest.processes), else one per core."""
    return asked or default_processes()


@dataclass(frozen=True)
class Share:
    """Process `index` of `count`: the one rule of who does what, for lists and for positions alike."""
    index: int = 0
    count: int = 1

    def of(self, items: list) -> list:
        """This share's items of a list: every `count`-th from the `index`-th."""
        return items[self.index::self.count]

    def owns(self, position: int) -> bool:
        """Whether the item at `position` (in the same list, or any number standing for one) is this share's."""
        return position % self.count == self.index


def run_shares(work: Callable, count: int, cache=None, stage=None) -> list:
    """[work(share, cache) for each Share of `count`]: share 0 in this process, the others each in a forked
    child. In a child, `cache` (build cache: a SQLite connection must not cross a fork) is reopened and
    closed, and what it staged into `stage` (write.StagedOutput, prepared here before forking) is sent
    back and merged here; `work` sees neither rule."""
    if stage is not None:
        stage.prepare()  # before forking: every process stages into the same folder

    def run(index: int):
        share = Share(index, max(count, 1))
        own = cache if index == 0 or cache is None else cache.reopened()
        try:
            result = work(share, own)
            return result if index == 0 or stage is None else (result, stage.changes())
        finally:
            if own is not cache:
                own.close()
    results = run_sharded(run, count)
    if stage is not None:
        for _, changes in results[1:]:
            stage.merge(changes)
        results = results[:1] + [result for result, _ in results[1:]]
    return results


def run_sharded(work: Callable[[int], T], count: int) -> list[T]:
    """[work(0), ..., work(count - 1)]: shard 0 in this process, the others each in a forked child.

    Fork, not spawn: a child starts at once with everything this process holds (the checked site, the
    compiled templates), and `work` need not be picklable; only its result is. A child's BuildFailed or
    OSError (a full disk...) is raised here again, as it would have been in this process; any other error
    in a child stops the build with the child's traceback. Every child is waited for, whatever happens."""
    if count <= 1 or not hasattr(os, "fork"):
        return [work(index) for index in range(max(count, 1))]
    children = []
    try:
        for index in range(1, count):
            children.append(_start(work, index))
        results = [work(0)]
    finally:  # also when this process failed: no child is left running, no pipe open
        outcomes = [_collect(pid, reader) for pid, reader in children]
    for outcome in outcomes:
        if isinstance(outcome, _Failure):
            outcome.raise_again()
    return results + outcomes


class _Failure:
    """Why a child sent no result: its BuildFailed problems, its OSError, or its traceback."""

    def __init__(self, problems=None, os_error: tuple | None = None, trace: str = ""):
        self.problems, self.os_error, self.trace = problems, os_error, trace

    def raise_again(self):
        if self.problems is not None:
            raise BuildFailed(self.problems)
        if self.os_error is not None:
            raise OSError(*self.os_error)
        raise RuntimeError(f"a build process failed:\n{self.trace}")


def _start(work: Callable[[int], T], index: int) -> tuple[int, int]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return pid, read_end
    os.close(read_end)
    code = 1
    try:
        try:
            outcome = work(index)
        except BuildFailed as failure:
            outcome = _Failure(failure.problems)
        except OSError as error:
            outcome = _Failure(os_error=(error.errno, error.strerror, error.filename))
        except BaseException:  # noqa: BLE001 - reported to the parent, which stops the build
            outcome = _Failure(trace=traceback.format_exc())
        with os.fdopen(write_end, "wb") as pipe:
            pickle.dump(outcome, pipe, pickle.HIGHEST_PROTOCOL)
        code = 0
    finally:
        os._exit(code)  # no cleanup of what belongs to the parent (its cache connection, its temporary files)


def _collect(pid: int, reader: int):
    """A child's result, unpickled as it is read (its pickled bytes are never all held: megabytes of page
    facts at 5,000 news items per language), once the child ended well."""
    with os.fdopen(reader, "rb") as pipe:
        try:
            outcome, unreadable = pickle.load(pipe), None
        except Exception as error:  # noqa: BLE001 - a result cut short
            outcome, unreadable = None, error
        pipe.read()  # to its end, whatever was left: the child never waits on a full pipe
    _, status = os.waitpid(pid, 0)
    if status != 0:
        return _Failure(trace=f"process {pid} ended with status {status}")
    if unreadable is not None:
        return _Failure(trace=f"process {pid} sent an unreadable result: {unreadable}")
    return outcome
