"""The YAML reader: lines of keys from any starting line, and the YAML that editors never need refused."""
from __future__ import annotations

import time

from sitegen.yamlfile import line_of, parse_yaml


def test_key_lines_count_from_the_given_first_line():
    value, problems = parse_yaml("title: Essai\nsection:\n  name: x\n", "a.md", first_line=2)
    assert problems == []
    assert value.lines == {"title": 2, "section": 3}
    assert line_of(value["section"], "name") == 4


def test_an_alias_bomb_is_refused_at_once():
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    started = time.perf_counter()
    value, problems = parse_yaml("\n".join(levels) + "\n", "bomb.yaml")
    assert value is None and "aliases" in problems[0].message and problems[0].line == 2
    assert time.perf_counter() - started < 1


def test_a_key_written_twice_is_an_error_on_its_second_line():
    value, problems = parse_yaml("url: a\ntitle: b\nurl: c\n", "links.yaml")
    assert value is None
    assert problems[0].line == 3 and "the key `url` appears twice" in problems[0].message
