"""The command line: argparse sub-commands that call the pipeline and print one-line results."""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from .errors import BuildFailed, errors_in, format_report
from .load import CONFIG_FILE
from .messages import msg, say, shown, translate_argparse
from .pipeline import BuildRequest, build, today_for_build
from .translations.arguments import add_translation_command

# The other commands' modules are imported when they run: a build that has nothing to do imports none.


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description=say("Build the bilingual ASI site into output/."))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    build_cmd = commands.add_parser("build", help=say("build the site (the default command)"))
    _add_build_options(build_cmd)
    check_cmd = commands.add_parser("check", help=say("check every file and report all problems; write nothing"))
    check_cmd.add_argument("--strict", action="store_true", help=say("treat warnings as errors (CI)"))
    serve_cmd = commands.add_parser("serve", help=say("preview the site with drafts; the browser reloads on save"))
    serve_cmd.add_argument("--host", default="127.0.0.1", help=say("the address to listen on (default: 127.0.0.1,"
                                                                " this computer only)"))
    serve_cmd.add_argument("--port", type=int, default=5500, help=say("the port (default: 5500)"))
    _add_new_command(commands)
    add_translation_command(commands)
    return parser


def _add_build_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--drafts", action="store_true", help=say("include drafts and future-dated news"))
    parser.add_argument("--base-url", type=public_address,
                        help=say("the public address, overriding site_config.yaml's base_url"))
    parser.add_argument("--output", type=Path, help=say("the output folder (default: output/)"))
    parser.add_argument("--strict", action="store_true", help=say("treat warnings as errors (CI)"))
    parser.add_argument("--clean", action="store_true",
                        help=say("remove the files of the output folder that this build did not write (only"
                             " inside it; a folder this tool never wrote stays refused)"))
    parser.add_argument("--no-cache", dest="cache", action="store_false",
                        help=say("render everything again and leave .cache/ alone (the output is the same)"))
    parser.add_argument("--jobs", type=int, default=0, metavar="N",
                        help=say("processes sharing the work (default: one per core from 100 pages and news"
                             " items, else one)"))


def _add_new_command(commands) -> None:
    new_cmd = commands.add_parser("new", help=say("create a news item or a page in every language, as a draft"))
    kinds = new_cmd.add_subparsers(dest="kind", metavar="KIND", required=True)
    news = kinds.add_parser("news", help=say('a news item: new news "Titre de l\'actualité"'))
    news.add_argument("title", help=say("the French title; the file name is made from it"))
    news.add_argument("--date", type=_date_argument, help=say("YYYY-MM-DD (default: today)"))
    news.add_argument("--slug", help=say("the file name part instead of one made from the title"))
    page = kinds.add_parser("page", help=say("a page: new page contact-presse"))
    page.add_argument("name", help=say("the page's name (its file name and address are made from it)"))
    page.add_argument("--title", help=say("the French title (default: made from the name)"))


def _date_argument(text: str) -> dt.date:
    from .schema import parse_date
    date = parse_date(text)
    if date is None:
        raise argparse.ArgumentTypeError(say("{text} is not a real date written YYYY-MM-DD", text=repr(text)))
    return date


def public_address(text: str) -> str:
    """--base-url must be a full address: canonical URLs, the sitemap and the feeds are built on it."""
    if not re.match(r"^https?://[^\s/?#]+(/[^\s?#]*)?$", text):
        raise argparse.ArgumentTypeError(say("{text} is not a full web address: write it like https://example.org/"
                                             " or https://example.org/asi/", text=repr(text)))
    return text


def main(argv: list[str], root: Path) -> int:
    translate_argparse()
    args = make_parser().parse_args(argv or ["build"])
    if args.command == "check":
        return run_check(root, args.strict)
    if args.command == "serve":
        from .serve import serve  # imported here: livereload and tornado only load when serving
        return serve(root, args.host, args.port)
    if args.command == "new":
        return run_new(root, args)
    if args.command == "translation":
        from .checking import translation_texts
        from .translations.commands import run_translation
        return run_translation(root, args, lambda: translation_texts(BuildRequest(root=root)))
    request = BuildRequest(root=root, output=args.output, base_url=args.base_url, drafts=args.drafts,
                           strict=args.strict, cache=args.cache, processes=max(0, args.jobs), clean=args.clean)
    return run_build(request)


def run_build(request: BuildRequest) -> int:
    try:
        report = build(request)
    except BuildFailed as failure:
        print(format_report(failure.problems), file=sys.stderr)
        print(say("Build stopped: output/ was left as it was."), file=sys.stderr)
        return 1
    for line in (*report.warnings, *report.notes):
        print(shown(line), file=sys.stderr)
    print(shown(report.summary()))
    return 0


def run_check(root: Path, strict: bool) -> int:
    from .checking import check_everything
    from .content import translation_summary
    site, problems = check_everything(BuildRequest(root=root, strict=strict))
    print(format_report(problems))
    if site is not None:
        print(shown(translation_summary(site.documents, site.config.codes)))
    failed = site is None or bool(errors_in(problems, strict))
    return 1 if failed else 0


def run_new(root: Path, args) -> int:
    """Create the files of a news item or page in every language; print their paths or what stopped it."""
    from .checking import load_config
    from .scaffold import create_files
    config, problems = load_config(root)
    if config is None:
        print(format_report(problems), file=sys.stderr)
        return 1
    files, refusal = _new_files(config, args)
    problems = [] if refusal else create_files(root, files)
    if refusal or problems:
        print(shown(refusal) if refusal else format_report(problems), file=sys.stderr)
        return 1
    print("\n".join(say("created {path}", path=new.path) for new in files))
    print(say("Fill in each file (translate the Romanian one), preview with `python build.py serve`, then"
              " remove `draft: true` from each file to publish."))
    if args.kind == "page":
        print(say("To link the page, add `- page: {name}` with its labels to the menu or footer of {config}.",
                  name=files[0].path.rsplit('/', 1)[-1].split('.')[0], config=CONFIG_FILE))
    return 0


def _new_files(config, args):
    """(files to create, None) or ([], why they cannot be)."""
    from .content import SERVICE_PAGE
    from .scaffold import news_files, page_files, page_title, slugify
    if args.kind == "news":
        name = slugify(args.slug or args.title)
        if not name:
            return [], msg("new news: the title gives no letters or digits for a file name: add --slug name")
        return news_files(config, args.title, args.date or today_for_build(), name), None
    name = slugify(args.name)
    if not name:
        return [], msg("new page: the name gives no letters or digits for a file name")
    if name in {SERVICE_PAGE, *config.sections["news"].values()}:
        return [], msg("new page: `{name}` is the address of the service page or the news list: choose another"
                       " name", name=name)
    return page_files(config, name, args.title or page_title(args.name), today_for_build()), None
