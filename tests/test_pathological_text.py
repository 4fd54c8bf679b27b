"""Text that would make Python-Markdown work for seconds or minutes (its link pattern is quadratic in
unclosed `[`, its inline step in marks): generated bodies each build, or are refused with a one-line
problem naming their line, in under a second, through the real build."""
from __future__ import annotations

import time

import pytest

from conftest import build_copy
from sitegen.cli import main

NEWS = "content/news/2016-11-01-essai.fr.md"
HEAD = "---\ntitle: Essai\ndate: 2016-11-01\nsummary: Un essai.\n---\nPremier paragraphe.\n\n"
FIRST_BODY_LINE = HEAD.count("\n") + 1

CASES = [  # (id, body, refused?)
    ("bracket-run", "[" * 20_000 + "[lien](https://example.org/)", True),
    ("bracket-run-then-text", "[" * 500 + "mot " * 50_000, True),
    ("image-bracket-run", "![" * 10_000, True),
    ("nested-closed-brackets", "[" * 5_000 + "]" * 5_000, True),
    ("emphasis-run", "*" * 20_000 + "x", False),
    ("emphasis-mixed-run", "*_" * 10_000 + "x", True),
    ("emphasised-words", "*a b* " * 10_000, True),
    ("nested-html", "<div>" * 5_000 + "x" + "</div>" * 5_000, True),
    ("nested-html-some", "<div>" * 200 + "x" + "</div>" * 200, False),
    ("autolink-run", "<http://" * 5_000, True),
    ("nested-quotes", "\n".join(">" * depth + " x" for depth in range(1, 150)), False),
    ("deep-quote-marks", ">" * 5_000 + " x", False),
    ("long-line", "mot " * 200_000, False),
    ("long-word", "x" * 900_000, False),
    ("definition-lines", "a\n: " * 10_000, True),
    ("list-items", "- x\n" * 100_000, True),
    ("table-rows", "|a|b|\n|-|-|\n" + "|x|y|\n" * 100_000, True),
    ("links", "[a](https://example.org/) " * 20_000, True),
    ("links-in-paragraphs", ("[a](https://example.org/) " * 100 + "\n\n") * 200, True),
    ("entities", "&amp; " * 100_000, True),
    ("backslashes", "\\" * 500_000, True),
    ("escaped-brackets", "\\[" * 100_000, True),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A copy of the site built once, so each case rebuilds only its news item."""
    from conftest import copy_site
    root = copy_site(tmp_path_factory.mktemp("patho"))
    build_copy(root, output=root / "out")
    return root


@pytest.mark.parametrize("name, body, refused", CASES, ids=[case[0] for case in CASES])
def test_each_generated_body_builds_or_is_refused_within_a_second(name, body, refused, site, capsys):
    (site / NEWS).write_text(HEAD + body + "\n", "utf-8")
    # CPU time, not wall time: what the body costs, whatever else the machine does (the site is too small
    # for the build to fork, so this process does all the work).
    started = time.process_time()
    code = main(["build", "--output", str(site / "out")], site)
    elapsed = time.process_time() - started
    err = capsys.readouterr().err
    (site / NEWS).unlink()
    assert elapsed < 1.0, f"{name}: {elapsed:.2f} s"
    if refused:
        assert code == 1, err
        problem = next(line for line in err.splitlines() if line.startswith(f"{NEWS}:"))
        line = int(problem.split(":")[1])
        assert line >= FIRST_BODY_LINE and "would take too long" in problem, err
        assert len(err.splitlines()) <= 4  # a line or two, the count, the "stopped"
    else:
        assert code == 0, err


def test_the_line_named_is_the_one_to_change(site, capsys):
    body = "Un paragraphe.\n\nUn autre, avec [un lien](https://example.org/).\n\n" + "Voir " + "[" * 3_000 + "\n\nFin.\n"
    (site / NEWS).write_text(HEAD + body, "utf-8")
    try:
        assert main(["check"], site) == 1
    finally:
        (site / NEWS).unlink()
    line = FIRST_BODY_LINE + 4
    assert f"{NEWS}:{line}: too many `[` that open no link in this paragraph" in capsys.readouterr().out
