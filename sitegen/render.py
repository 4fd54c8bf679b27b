"""Rendering with Jinja2: page models to HTML, with template errors as Problems."""
from __future__ import annotations

import traceback

import jinja2

from .errors import Problem
from .i18n import Strings
from .model import PageModel
from .typography import typeset_text


def make_environment(templates: dict) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader(templates), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                              keep_trailing_newline=True)


def make_translator(strings: Strings, lang: str):
    """`t('key')` for templates: the UI string in the page's language, typeset; a missing key is an error."""
    table = strings.tables[lang]

    def t(key: str) -> str:
        if key not in table:
            raise KeyError(f"UI string `{key}` is missing from content/strings/{lang}.yaml: add `{key}: ...`")
        return typeset_text(table[key], lang)
    return t


def render_pages(env: jinja2.Environment, strings: Strings, models: list[PageModel],
                 extra: dict | None = None) -> tuple[dict[str, bytes], list[Problem]]:
    """Render every page model; returns {output path: bytes} and the template problems."""
    translators = {lang: make_translator(strings, lang) for lang in strings.tables}
    outputs, problems = {}, []
    for model in models:
        html, problem = render_template(env, model.template, dict(
            page=model, chrome=model.chrome, content=model.content, t=translators[model.lang], **(extra or {})))
        if problem:
            problems.append(problem)
        else:
            outputs[model.output_path] = html.encode("utf-8")
    return outputs, sorted(set(problems))


def render_template(env: jinja2.Environment, name: str, context: dict) -> tuple[str, Problem | None]:
    """One template rendered: (text, None), or ("", the problem and where it is)."""
    try:
        return env.get_template(name).render(**context), None
    except jinja2.TemplateSyntaxError as exc:
        return "", Problem(f"templates/{exc.name or name}", exc.lineno or 1, exc.message or "")
    except Exception as exc:  # a template error of any kind: report where, never a traceback
        return "", _runtime_problem(exc, name)


def _runtime_problem(exc: Exception, template: str) -> Problem:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not f.filename.endswith(".py")]
    name, line = (frames[-1].filename, frames[-1].lineno) if frames else (template, 1)
    message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
    return Problem(f"templates/{name.removeprefix('<template>').strip() or template}", line,
                   f"{type(exc).__name__}: {message}" if not isinstance(exc, KeyError) else message)
