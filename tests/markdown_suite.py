"""Python-Markdown's own test suite (the tests/ folder of its source distribution), run stock or with
sitegen.quickmarkdown.quicken applied to every Markdown instance; what happened is printed as one line of
JSON. Run by tests/test_quickmarkdown.py in a process of its own:

    python tests/markdown_suite.py FOLDER stock|quick     (FOLDER holds the suite's tests/ folder)
"""
from __future__ import annotations

import io
import json
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # sitegen

import markdown  # noqa: E402  (the installed one: FOLDER holds only the tests)

from sitegen.quickmarkdown import quicken  # noqa: E402


def main(folder: str, mode: str) -> None:
    made = []
    if mode == "quick":
        stock_init = markdown.Markdown.__init__

        def quickened_init(self, *args, **kwargs):
            stock_init(self, *args, **kwargs)
            made.append(quicken(self))
        markdown.Markdown.__init__ = quickened_init
    suite = unittest.defaultTestLoader.discover(str(Path(folder) / "tests"), top_level_dir=folder)
    result = unittest.TextTestRunner(stream=io.StringIO(), verbosity=0).run(suite)
    failed = sorted(test.id() for test, _ in result.failures + result.errors + result.unexpectedSuccesses)
    print(json.dumps({"ran": result.testsRun, "skipped": len(result.skipped), "failed": failed,
                      "instances": len(made), "quickened": sum(made)}))


if __name__ == "__main__":
    main(*sys.argv[1:])
