"""The one executor (sitegen/shards.py): each share's result comes back from its forked process whole, a
child's BuildFailed is raised again as it was, and a child that dies stops the build with a plain reason."""
from __future__ import annotations

import os

import pytest

from sitegen.errors import BuildFailed, Problem
from sitegen.shards import run_sharded

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="shares run in one process without fork")


def test_every_share_comes_back_whole_and_in_order_however_large():
    # Megabytes from a child: read and unpickled as it arrives, never cut short.
    results = run_sharded(lambda index: [f"{index}:{n}" for n in range(200_000)], 3)
    assert [len(result) for result in results] == [200_000] * 3
    assert [result[-1] for result in results] == ["0:199999", "1:199999", "2:199999"]


def test_a_childs_problems_stop_the_build_as_they_would_have_here():
    def work(index: int):
        if index == 1:
            raise BuildFailed([Problem("content/pages/a.fr.md", 3, "a problem found in a child")])
        return index

    with pytest.raises(BuildFailed) as failure:
        run_sharded(work, 2)
    assert [(p.path, p.line) for p in failure.value.problems] == [("content/pages/a.fr.md", 3)]


def test_a_child_that_dies_stops_the_build_with_its_status_not_a_half_read_result():
    def work(index: int):
        if index == 1:
            os._exit(3)
        return index

    with pytest.raises(RuntimeError, match="ended with status"):
        run_sharded(work, 2)
