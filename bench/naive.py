"""The naive baseline of issue 6: one process, Python-Markdown and one Jinja2 template, file after file.

    python bench/naive.py SITE OUTPUT

It reads every page and news item of SITE/content, parses the front matter with PyYAML's default
(pure-Python) safe loader, renders the body with the same Markdown extensions as sitegen, puts it in one
Jinja2 template and writes OUTPUT/<lang>/<name>/index.html: the floor a plain Python build reaches.
"""
from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import markdown
import yaml

TEMPLATE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head><meta charset="utf-8"><title>{{ meta.title }}</title>
<meta name="description" content="{{ meta.summary or meta.description }}"></head>
<body><main><h1>{{ meta.title }}</h1>
{{ body|safe }}
</main></body>
</html>
"""


def main(site: Path, output: Path) -> int:
    template = jinja2.Environment(autoescape=True).from_string(TEMPLATE)
    md = markdown.Markdown(extensions=["extra", "sane_lists", "toc"], output_format="html")
    count = 0
    for path in sorted((site / "content").glob("*/*.md")):
        _, front, body = path.read_text("utf-8").split("---\n", 2)
        meta = yaml.safe_load(front)
        name, lang = path.name.removesuffix(".md").rsplit(".", 1)
        html = template.render(meta=meta, lang=lang, body=md.reset().convert(body))
        target = output / lang / name / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, "utf-8")
        count += 1
    print(f"naive: {count} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
