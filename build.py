#!/usr/bin/env python3
"""The one entry point editors and CI call: `python build.py [build|check|serve|new] ...` (see --help)."""
import os
import sys
from pathlib import Path

from sitegen.cli import main

if __name__ == "__main__":
    code = main(sys.argv[1:], Path(__file__).resolve().parent)
    # Everything is written and closed: end without freeing the build's objects one by one (tens of
    # thousands on a large site, a tenth of a small rebuild's time).
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
