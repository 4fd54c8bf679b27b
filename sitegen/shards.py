"""Running one function over shard numbers in forked processes (both cores), with results or errors sent back."""
from __future__ import annotations

import os
import pickle
import traceback
from typing import Callable, TypeVar

from .errors import BuildFailed

T = TypeVar("T")


def default_processes() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run_sharded(work: Callable[[int], T], count: int) -> list[T]:
    """[work(0), ..., work(count - 1)]: shard 0 in this process, the others each in a forked child.

    Fork, not spawn: a child starts at once with everything this process holds (the checked site, the
    compiled templates), and `work` need not be picklable; only its result is. A child's BuildFailed is
    raised here again; any other error in a child stops the build with the child's traceback."""
    if count <= 1 or not hasattr(os, "fork"):
        return [work(index) for index in range(max(count, 1))]
    children = [_start(work, index) for index in range(1, count)]
    first_error = None
    try:
        results = [work(0)]
    except BaseException as error:  # the children are still waited for: none is left running
        results, first_error = [], error
    for pid, reader in children:
        outcome = _collect(pid, reader)
        results.append(outcome)
    if first_error is not None:
        raise first_error
    for outcome in results[1:]:
        if isinstance(outcome, _Failure):
            outcome.raise_again()
    return results


class _Failure:
    def __init__(self, problems=None, trace: str = ""):
        self.problems, self.trace = problems, trace

    def raise_again(self):
        if self.problems is not None:
            raise BuildFailed(self.problems)
        raise RuntimeError(f"a build process failed:\n{self.trace}")


def _start(work: Callable[[int], T], index: int) -> tuple[int, int]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return pid, read_end
    os.close(read_end)
    code = 0
    try:
        try:
            outcome = work(index)
        except BuildFailed as failure:
            outcome = _Failure(failure.problems)
        except BaseException:
            outcome, code = _Failure(trace=traceback.format_exc()), 1
        with os.fdopen(write_end, "wb") as pipe:
            pickle.dump(outcome, pipe, pickle.HIGHEST_PROTOCOL)
    finally:
        os._exit(code)  # no cleanup of what belongs to the parent (its cache connection, its temporary files)


def _collect(pid: int, reader: int):
    with os.fdopen(reader, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not data:
        return _Failure(trace=f"process {pid} ended with status {status} and sent no result")
    return pickle.loads(data)
