#!/usr/bin/env python3
"""The one entry point editors and CI call: `python build.py [build|check|serve|new] ...` (see --help)."""
import sys
from pathlib import Path

from sitegen.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], Path(__file__).resolve().parent))
