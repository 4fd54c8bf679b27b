"""Rendering with Jinja2: page models to HTML, with template errors as Problems."""
from __future__ import annotations

import traceback
from pathlib import Path

import jinja2

from .errors import Problem
from .messages import msg
from .i18n import Strings
from .model import PageModel
from .typography import typeset_text


def make_environment(templates: dict, compiled: Path | None = None, settings: str = "") -> jinja2.Environment:
    """The templates' environment; with `compiled`, a folder where Jinja2 keeps each template's compiled
    code between builds, found again only for the same source and `settings` (the code's fingerprint)."""
    # A FunctionLoader, unlike DictLoader, gives each template its file name, so an error in a partial is
    # reported in that partial. auto_reload off: the templates of one build never change.
    def load(name: str):
        return None if name not in templates else (templates[name], name, lambda: True)
    return jinja2.Environment(loader=jinja2.FunctionLoader(load), autoescape=True, auto_reload=False,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                              keep_trailing_newline=True,
                              bytecode_cache=_compiled_templates(compiled, settings))


def _compiled_templates(folder: Path | None, settings: str) -> jinja2.BytecodeCache | None:
    try:
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            return _CompiledTemplates(folder, settings)
    except OSError:  # only a cache: without it, templates are compiled at each build
        pass
    return None


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja2's cache of compiled templates, its check of the source extended to our settings (the
    environment's options live in our code, which Jinja2's own check does not see). A damaged or
    unwritable file only means compiling again."""

    def __init__(self, folder: Path, settings: str):
        super().__init__(str(folder))
        self._settings = settings

    def get_source_checksum(self, source: str) -> str:
        return super().get_source_checksum(self._settings + "\0" + source)

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a truncated or foreign file: compile again
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def compile_templates(env: jinja2.Environment, names) -> None:
    """Compile every template now (before the build's processes fork: once, not once per process). A
    template that does not compile is reported when a page uses it."""
    for name in names:
        try:
            env.get_template(name)
        except jinja2.TemplateError:
            pass


def make_translator(strings: Strings, lang: str):
    """`t('key')` for templates: the UI string in the page's language, typeset; a missing key is an error."""
    table = {key: typeset_text(text, lang) for key, text in strings.tables[lang].items()}  # once, not per call

    def t(key: str) -> str:
        if key not in table:
            raise KeyError(msg("UI string `{key}` is missing from content/strings/{lang}.yaml: add `{key}: ...`",
                               key=key, lang=lang))
        return table[key]
    return t


def make_translators(strings: Strings) -> dict:
    return {lang: make_translator(strings, lang) for lang in strings.tables}


def render_page(env: jinja2.Environment, translators: dict, model: PageModel,
                extra: dict | None = None) -> tuple[bytes | None, Problem | None]:
    """One page model to bytes, or the template problem that prevented it."""
    html, problem = render_template(env, model.template, dict(
        page=model, chrome=model.chrome, content=model.content, t=translators[model.lang], **(extra or {})))
    return (None, problem) if problem else (html.encode("utf-8"), None)


def render_pages(env: jinja2.Environment, strings: Strings, models: list[PageModel],
                 extra: dict | None = None) -> tuple[dict[str, bytes], list[Problem]]:
    """Render every page model; returns {output path: bytes} and the template problems."""
    translators = make_translators(strings)
    outputs, problems = {}, []
    for model in models:
        data, problem = render_page(env, translators, model, extra)
        if problem:
            problems.append(problem)
        else:
            outputs[model.output_path] = data
    return outputs, sorted(set(problems))


def render_template(env: jinja2.Environment, name: str, context: dict) -> tuple[str, Problem | None]:
    """One template rendered: (text, None), or ("", the problem and where it is)."""
    try:
        return env.get_template(name).render(**context), None
    except Exception as exc:  # a template error of any kind: report where, never a traceback
        return "", _template_problem(exc, name)


def render_file(env: jinja2.Environment, name: str, context: dict) -> tuple[bytearray | None, Problem | None]:
    """A large file (the sitemap, a feed) rendered to bytes as its template runs, piece by piece: never its
    pieces, its text and its bytes in memory at once (a 5 MB sitemap took 20 MB of a large site's peak).
    The bytes are a bytearray, not copied again into bytes: they are only hashed and written."""
    try:
        data = bytearray()
        for piece in env.get_template(name).generate(**context):
            data += piece.encode("utf-8")
        return data, None
    except Exception as exc:  # a template error of any kind: report where, never a traceback
        return None, _template_problem(exc, name)


def _template_problem(exc: Exception, template: str) -> Problem:
    """What went wrong in rendering `template`, and where: the template's line of a syntax error, else of
    the innermost template frame of the error."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return Problem(f"templates/{exc.name or template}", exc.lineno or 1, exc.message or "")
    return _runtime_problem(exc, template)


def _runtime_problem(exc: Exception, template: str) -> Problem:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".xml"))]
    name, line = (frames[-1].filename, frames[-1].lineno) if frames else (template, 1)
    message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
    return Problem(f"templates/{name.removeprefix('<template>').strip() or template}", line,
                   f"{type(exc).__name__}: {message}" if not isinstance(exc, KeyError) else message)
