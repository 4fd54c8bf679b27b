"""The command line: argparse sub-commands that call the pipeline and print one-line results."""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .errors import BuildFailed, format_report
from .pipeline import BuildRequest, build, check_site


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Build the bilingual ASI site into output/.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    build_cmd = commands.add_parser("build", help="build the site (the default command)")
    _add_build_options(build_cmd)
    check_cmd = commands.add_parser("check", help="check every file and report all problems; write nothing")
    check_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors (CI)")
    return parser


def _add_build_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--drafts", action="store_true", help="include drafts and future-dated news")
    parser.add_argument("--base-url", type=public_address,
                        help="the public address, overriding site_config.yaml's base_url")
    parser.add_argument("--output", type=Path, help="the output folder (default: output/)")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors (CI)")


def public_address(text: str) -> str:
    """--base-url must be a full address: canonical URLs, the sitemap and the feeds are built on it."""
    if not re.match(r"^https?://[^\s/?#]+(/[^\s?#]*)?$", text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a full web address: write it like"
                                         " https://example.org/ or https://example.org/asi/")
    return text


def main(argv: list[str], root: Path) -> int:
    args = make_parser().parse_args(argv or ["build"])
    if args.command == "check":
        return run_check(root, args.strict)
    request = BuildRequest(root=root, output=args.output, base_url=args.base_url, drafts=args.drafts,
                           strict=args.strict)
    return run_build(request)


def run_build(request: BuildRequest) -> int:
    try:
        report = build(request)
    except BuildFailed as failure:
        print(format_report(failure.problems), file=sys.stderr)
        print("Build stopped: output/ was left as it was.", file=sys.stderr)
        return 1
    for warning in report.warnings:
        print(warning, file=sys.stderr)
    print(report.summary())
    return 0


def run_check(root: Path, strict: bool) -> int:
    site, problems = check_site(BuildRequest(root=root))
    print(format_report(problems))
    failed = site is None or any(p.is_error or strict for p in problems)
    return 1 if failed else 0
