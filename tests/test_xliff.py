"""XLIFF 1.2 round trip (sitegen/xliff.py): inline Markdown as protected codes a translator cannot break,
the document checked against the strict XLIFF 1.2 schema and read again by an independent reader
(translate-toolkit, tests only), and every refused file a one-line Problem."""
from __future__ import annotations

import os
import re
from pathlib import Path

import lxml.html
import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from sitegen.errors import Problem
from sitegen.xliff import (CLOSE, NS, OPEN, SINGLE, STATES, Code, Segment, Text, XliffFile, XliffUnit,
                           align_target, check_codes, import_unit, is_unchanged, map_codes, plain_segment,
                           read_document, read_inline, to_plain_text,
                           rebuild_markdown, shape, to_markdown, to_segment, write_document, write_inline)

HERE = Path(__file__).parent
SCHEMA = etree.XMLSchema(etree.parse(str(HERE / "xliff/xliff-core-1.2-strict.xsd"),
                                     etree.XMLParser(no_network=True)))
# 400 fixed examples per property; XLIFF_EXAMPLES=3000 runs that many random ones (a longer hunt).
HUNT = os.environ.get("XLIFF_EXAMPLES")
PROPERTY = settings(max_examples=int(HUNT or 400), deadline=None, database=None, derandomize=not HUNT,
                    suppress_health_check=[HealthCheck.too_slow])

PARAGRAPH = ("Le service de l'[attaché de sécurité intérieure](index.fr.md) assure la **coopération\n"
             "policière** entre la France et la Roumanie ; voir `contacts.yaml` et <https://www.interieur.gouv.fr>.")


def q(name: str) -> str:
    return f"{{{NS}}}{name}"


def inline_xml(segment: Segment, tag: str = "source") -> str:
    element = write_inline(etree.Element(q(tag), nsmap={None: NS}), segment.pieces)
    return re.sub(r' xmlns="[^"]+"', "", etree.tostring(element, encoding="unicode"))


def through_xml(segment: Segment) -> tuple:
    pieces, problems = read_inline(write_inline(etree.Element(q("target")), segment.pieces))
    assert problems == []
    return pieces


def joined(segment: Segment) -> str:
    return "".join(p.text if isinstance(p, Text) else p.markdown for p in segment.pieces)


def target_pieces(inner: str) -> tuple:
    """The pieces of a <target> holding `inner` (XML), as a translator's tool would send it back."""
    pieces, _ = read_inline(etree.fromstring(f'<target xmlns="{NS}">{inner}</target>'))
    return pieces


def unit(unit_id: str, source: str, target: str | None = None, state: str | None = None,
         notes: tuple[str, ...] = ()) -> XliffUnit:
    return XliffUnit(unit_id, to_segment(source), None if target is None else to_segment(target), state, notes)


def sample_files() -> list[XliffFile]:
    return [
        XliffFile("content/pages/index.fr.md", "fr", "ro", (
            unit("index/title", "Attaché de sécurité intérieure", "Atașatul de securitate internă", "final",
                 ("content/pages/index.fr.md:2",)),
            unit("index/p1", PARAGRAPH, None, None, ("content/pages/index.fr.md:6",)),
            unit("index/p2", "Voir *aussi* la [page](a.fr.md).", "Vezi *și* [pagina](a.fr.md).",
                 "needs-review-translation", ("content/pages/index.fr.md:9", "previous original: Voir la page.")),
        )),
        XliffFile("content/strings/fr.yaml", "fr", "ro", (
            unit("back_to_top", "Haut de page", "Sus", "translated"),
            unit("menu", "Menu", "Meniu", "signed-off"),
            unit("skip", "Aller au contenu", "", "needs-translation"),
        )),
    ]


def validate(data: bytes) -> None:
    document = etree.fromstring(data)
    assert SCHEMA.validate(document), "\n".join(str(e) for e in SCHEMA.error_log)


# --- Inline codes ---------------------------------------------------------------------------------

def test_the_translator_sees_the_link_text_never_its_target():
    xml = inline_xml(to_segment(PARAGRAPH))
    assert xml == (
        "<source>Le service de l'<g id=\"1\" ctype=\"x-md-link\">attaché de sécurité intérieure</g> assure la "
        "<g id=\"2\" ctype=\"x-md-strong\">coopération policière</g> entre la France et la Roumanie ; voir "
        "<x id=\"3\" ctype=\"x-md-code\"/> et <x id=\"4\" ctype=\"x-md-autolink\"/>.</source>")
    for hidden in ("index.fr.md", "https://", "contacts.yaml", "**", "\n"):
        assert hidden not in xml


@pytest.mark.parametrize("markdown_text, expected", [
    ("voir [la page](a.fr.md) ici", [("text", "voir "), ("open", "link", "["), ("text", "la page"),
                                      ("close", "link", "](a.fr.md)"), ("text", " ici")]),
    ('![logo de l\'ASI](asi.png "ASI")', [("open", "image", "!["), ("text", "logo de l'ASI"),
                                          ("close", "image", '](asi.png "ASI")')]),
    ("[le décret][d1] du 8", [("open", "link", "["), ("text", "le décret"), ("close", "link", "][d1]"),
                              ("text", " du 8")]),
    ("<mailto:asi@example.org>", [("single", "autolink", "<mailto:asi@example.org>")]),
    ('un <abbr title="Attaché">ASI</abbr><br>', [("text", "un "), ("open", "html", '<abbr title="Attaché">'),
                                                  ("text", "ASI"), ("close", "html", "</abbr>"),
                                                  ("single", "html", "<br>")]),
    ("*a <b>c* d</b> [<i>e](x) f</i>", [("open", "emphasis", "*"), ("text", "a "), ("single", "html", "<b>"),
                                        ("text", "c"), ("close", "emphasis", "*"), ("text", " d"),
                                        ("single", "html", "</b>"), ("text", " "), ("open", "link", "["),
                                        ("single", "html", "<i>"), ("text", "e"), ("close", "link", "](x)"),
                                        ("text", " f"), ("single", "html", "</i>")]),
    ("**gras** et __gras__", [("open", "strong", "**"), ("text", "gras"), ("close", "strong", "**"),
                              ("text", " et "), ("open", "strong", "__"), ("text", "gras"),
                              ("close", "strong", "__")]),
    ("*un* _deux_ ***trois***", [("open", "emphasis", "*"), ("text", "un"), ("close", "emphasis", "*"),
                                 ("text", " "), ("open", "emphasis", "_"), ("text", "deux"),
                                 ("close", "emphasis", "_"), ("text", " "),
                                 ("open", "strong", "**"), ("open", "emphasis", "*"), ("text", "trois"),
                                 ("close", "emphasis", "*"), ("close", "strong", "**")]),
    # Python-Markdown's pairing: x<em>y <em>x</em>y, 2</em>3*4 <em>a <strong>b</strong> c</em>
    ("x*y *x*y, 2*3*4 *a **b** c*", [("text", "x"), ("open", "emphasis", "*"), ("text", "y "),
                                    ("open", "emphasis", "*"), ("text", "x"), ("close", "emphasis", "*"),
                                    ("text", "y, 2"), ("close", "emphasis", "*"), ("text", "3*4 "),
                                    ("open", "emphasis", "*"), ("text", "a "), ("open", "strong", "**"),
                                    ("text", "b"), ("close", "strong", "**"), ("text", " c"),
                                    ("close", "emphasis", "*")]),
    ("saut\x0cde page\x00", [("text", "saut"), ("single", "character", "\x0c"), ("text", "de page"),
                              ("single", "character", "\x00")]),
    ("voir[^1] et {: #ancre .note}", [("text", "voir"), ("single", "footnote", "[^1]"), ("text", " et "),
                                      ("single", "attributes", "{: #ancre .note}")]),
    ("`a``b` et ``a`b``", [("single", "code", "`a``b`"), ("text", " et "), ("single", "code", "``a`b``")]),
    ("le ``code `x` `` ici", [("text", "le "), ("single", "code", "``code `x` ``"), ("text", " ici")]),
    ("5 \\* 3 \\[x\\]", [("text", "5 "), ("single", "escape", "\\*"), ("text", " 3 "),
                         ("single", "escape", "\\["), ("text", "x"), ("single", "escape", "\\]")]),
    ("fin  \nsuite", [("text", "fin"), ("single", "linebreak", "  \n"), ("text", "suite")]),
    ("snake_case_name, 5 * 3, [crochets], `ouvert, a\\b", [("text", "snake_case_name, 5 * 3, [crochets], "
                                                             "`ouvert, a\\b")]),
])
def test_markdown_syntax_becomes_codes_and_text_stays_text(markdown_text, expected):
    segment = to_segment(markdown_text)
    found = [("text", p.text) if isinstance(p, Text) else (p.role, p.kind, p.markdown) for p in segment.pieces]
    assert found == expected
    assert joined(segment) == markdown_text


def test_codes_nest_as_the_markdown_does_and_ids_follow_the_openings():
    segment = to_segment("**voir [la *page*](a.fr.md)** `x`")
    assert [(p.id, p.role) for p in segment.pieces if isinstance(p, Code)] == [
        ("1", OPEN), ("2", OPEN), ("3", OPEN), ("3", CLOSE), ("2", CLOSE), ("1", CLOSE), ("4", SINGLE)]
    assert inline_xml(segment) == (
        '<source><g id="1" ctype="x-md-strong">voir <g id="2" ctype="x-md-link">la '
        '<g id="3" ctype="x-md-emphasis">page</g></g></g> <x id="4" ctype="x-md-code"/></source>')


def test_a_wrapped_paragraph_is_one_line_in_the_xliff_and_comes_back_verbatim():
    block = "Une phrase assez longue pour être coupée\n   à la ligne, avec un [lien](b.fr.md)\nà la fin."
    segment = to_segment(block)
    assert "\n" not in inline_xml(segment)
    target = through_xml(segment)
    assert is_unchanged(target, segment)
    assert to_markdown(target, segment) == (block, [])
    assert rebuild_markdown(target, segment) == " ".join(block.split())


def test_a_translated_target_takes_its_codes_from_the_source_by_id():
    source = to_segment(PARAGRAPH)
    target_xml = (f'<target xmlns="{NS}">Serviciul <g id="1">atașatului de securitate internă</g> asigură '
                  '<g id="2">cooperarea polițienească</g> dintre Franța și România; vezi <x id="3"/> și '
                  '<x id="4"/>.</target>')
    pieces, problems = read_inline(etree.fromstring(target_xml))
    assert problems == [] and not is_unchanged(pieces, source)
    assert to_markdown(pieces, source) == (
        "Serviciul [atașatului de securitate internă](index.fr.md) asigură **cooperarea polițienească** "
        "dintre Franța și România; vezi `contacts.yaml` și <https://www.interieur.gouv.fr>.", [])


def test_siblings_may_change_order_in_a_translation():
    source = to_segment("[A](a.fr.md) puis [B](b.fr.md)")
    pieces = target_pieces('<g id="2">B</g> după <g id="1">A</g>')
    assert to_markdown(pieces, source) == ("[B](b.fr.md) după [A](a.fr.md)", [])


@pytest.mark.parametrize("target_inner, message", [
    ('<g id="1">A</g> fără B', "the translation lacks the code(s) 2 of the source"),
    ('<g id="1">A</g> <g id="2">B</g> <x id="7"/>', "the translation has code(s) 7 that the source does not have"),
    ('<g id="1">A</g> <g id="2">B</g> <g id="2">C</g>', "the translation repeats the code(s) 2"),
    ('<bpt id="1"/>A<bpt id="2"/>B<ept id="1"/><ept id="2"/>',
     "the translation closes code 1 before its start or across another code"),
    ('<ept id="1"/>A<bpt id="1"/> <g id="2">B</g>', "the translation closes code 1 before its start"),
    ('<x id="1"/>A <g id="2">B</g>', "the translation lacks the code(s) 1 of the source"),
])
def test_a_target_whose_codes_differ_is_an_error_naming_the_ids(target_inner, message):
    source = to_segment("[A](a.fr.md) et *B*")
    pieces, problems = read_inline(etree.fromstring(f'<target xmlns="{NS}">{target_inner}</target>'))
    assert problems == []
    markdown_text, errors = to_markdown(pieces, source)
    assert markdown_text is None and any(e.startswith(message) for e in errors), errors
    assert check_codes(pieces, source) == errors


def test_markdown_typed_by_the_translator_stays_literal_text():
    source = to_segment("Voir la [page](a.fr.md).")
    pieces, _ = read_inline(etree.fromstring(
        f'<target xmlns="{NS}">Nu *aici* [x](y.md) `z` &lt;b&gt;! <g id="1">pagina</g>.</target>'))
    rebuilt, errors = to_markdown(pieces, source)
    assert errors == []
    page = lxml.html.fragment_fromstring(markdown.markdown(rebuilt), create_parent="div")
    assert [a.get("href") for a in page.iter("a")] == ["a.fr.md"]
    assert not list(page.iter("em", "code", "b", "img"))
    assert page.text_content() == "Nu *aici* [x](y.md) `z` <b>! pagina."


def test_codes_side_by_side_that_markdown_would_merge_are_an_error():
    source = to_segment("*a* et *b*")
    pieces = target_pieces('<g id="1"><g id="2">x</g></g>')
    assert to_markdown(pieces, source) == (None, [
        "the translation puts code(s) 1, 2 side by side so that Markdown reads them as something else: put a "
        "word or a space between them"])


def test_an_emptied_pair_is_an_error_an_emptied_image_is_not():
    source = to_segment("Voir [la page](a.fr.md) ![logo](l.png)")
    pieces = target_pieces('Vezi <g id="1"> </g> <g id="2"/>')
    assert to_markdown(pieces, source) == (None, ["the translation leaves code(s) 1 around no text"])
    pieces = target_pieces('Vezi <g id="1">pagina</g> <g id="2"/>')
    assert to_markdown(pieces, source) == ("Vezi [pagina](a.fr.md) ![](l.png)", [])


def test_text_that_would_join_a_code_is_escaped():
    source = to_segment("x *a* y")
    pieces = target_pieces('x*y <g id="1">a</g> x*y')
    rebuilt, errors = to_markdown(pieces, source)
    assert errors == [] and markdown.markdown(rebuilt) == "<p>x*y <em>a</em> x*y</p>"


def test_a_plain_text_field_protects_nothing_and_escapes_nothing():
    source = plain_segment("Réunion *R&D* à [Bucarest]\n`v2`")
    assert inline_xml(source) == "<source>Réunion *R&amp;D* à [Bucarest] `v2`</source>"
    assert to_plain_text(through_xml(source), source) == (source.markdown, [])
    pieces = target_pieces('Reuniune *R&amp;D* la [București]')
    assert to_plain_text(pieces, source) == ("Reuniune *R&D* la [București]", [])
    current = plain_segment("Reuniune\nveche")
    assert to_plain_text(through_xml(current), source, current) == ("Reuniune\nveche", [])
    pieces = target_pieces('Reuniune <x id="1"/>')
    assert to_plain_text(pieces, source) == (None, ["the translation has code(s) 1 that the source does not have"])
    odd = plain_segment("a\x0cb\x00")
    assert [(p.id, p.markdown) for p in odd.pieces if isinstance(p, Code)] == [("1", "\x0c"), ("2", "\x00")]
    pieces = target_pieces('A<x id="1"/>B<x id="2"/>')
    assert to_plain_text(pieces, odd) == ("A\x0cB\x00", [])


def test_an_exclamation_mark_before_a_link_does_not_make_it_an_image():
    source = to_segment("Attention : [voir](a.fr.md)")
    pieces = target_pieces('Atenție!<g id="1">vezi</g>')
    rebuilt, _ = to_markdown(pieces, source)
    assert "<img" not in markdown.markdown(rebuilt) and 'href="a.fr.md"' in markdown.markdown(rebuilt)


def test_tools_that_write_other_inline_elements_are_read_by_id():
    pieces, problems = read_inline(etree.fromstring(
        f'<target xmlns="{NS}"><mrk mtype="seg" mid="1">Vezi <bx id="5" rid="1"/>pagina<ex id="6" rid="1"/> '
        f'<ph id="2">`x`</ph><!-- a comment --></mrk></target>'))
    assert problems == []
    assert shape(pieces) == (("text", "Vezi "), ("open", "1"), ("text", "pagina"), ("close", "1"),
                             ("text", " "), ("single", "2"))


def test_an_unknown_inline_element_is_a_problem_not_a_crash():
    pieces, problems = read_inline(etree.fromstring(f'<target xmlns="{NS}">a <b>gras</b> <g>x</g></target>'))
    assert problems == ["line 1: unexpected element <b> in the text", "line 1: <g> without an id"]


FR = "Voir **la [page](a.fr.md)** puis [le décret](b.fr.md)\net `x`."
RO = "Vezi [decretul](b.ro.md) și apoi\n__[pagina](a.ro.md)__ și `x`."


def test_an_existing_translation_is_exported_with_the_source_ids_and_comes_back_verbatim():
    source = to_segment(FR)
    current = align_target(RO, source)
    assert inline_xml(current, "target") == (
        '<target>Vezi <g id="3" ctype="x-md-link">decretul</g> și apoi <g id="1" ctype="x-md-strong">'
        '<g id="2" ctype="x-md-link">pagina</g></g> și <x id="4" ctype="x-md-code"/>.</target>')
    target = through_xml(current)
    assert to_markdown(target, source, current) == (RO, [])
    assert check_codes(target, source) == []


def test_a_retranslated_block_keeps_the_translation_s_own_link_targets():
    source = to_segment(FR)
    current = align_target(RO, source)
    pieces, _ = read_inline(etree.fromstring(
        f'<target xmlns="{NS}">Vezi <g id="1"><g id="2">pagina</g></g>, apoi <g id="3">decretul</g> și <x id="4"/>.'
        '</target>'))
    assert to_markdown(pieces, source, current) == (
        "Vezi __[pagina](a.ro.md)__, apoi [decretul](b.ro.md) și `x`.", [])
    assert to_markdown(pieces, source) == ("Vezi **[pagina](a.fr.md)**, apoi [decretul](b.fr.md) și `x`.", [])


def test_a_code_only_the_translation_has_is_reported_until_removed():
    source = to_segment("Un [lien](a.fr.md).")
    current = align_target("O [legătură](a.ro.md) *în plus*.", source)
    assert [(p.id, p.role) for p in current.pieces if isinstance(p, Code)] == [
        ("1", OPEN), ("1", CLOSE), ("t1", OPEN), ("t1", CLOSE)]
    assert to_markdown(through_xml(current), source, current) == (current.markdown, [])
    edited = tuple(Text("Altă ") if p == Text("O ") else p for p in through_xml(current))
    assert to_markdown(edited, source, current) == (
        None, ["the translation has code(s) t1 that the source does not have"])


def test_map_codes_rewrites_only_the_codes():
    source = map_codes(to_segment("Voir [la page](a.fr.md) et *ceci*."),
                       lambda code: code.markdown.replace(".fr.md", ".ro.md"))
    pieces, _ = read_inline(etree.fromstring(f'<target xmlns="{NS}">Vezi <g id="1">pagina</g> și <g id="2">asta</g>.'
                                             '</target>'))
    assert to_markdown(pieces, source) == ("Vezi [pagina](a.ro.md) și *asta*.", [])


# --- Properties: any inline Markdown of words, links, emphasis, code spans and escapes ---------------

WORDS = st.sampled_from(["attaché", "sécurité", "intérieure", "l'ASI", "România", "cooperare", "poliție",
                         "Bucarest", "2016", "a", "de", "la", "și", "ţară", "«", "»", ":", ";", "!", "?",
                         "snake_case", "x*y", "5", "\u00a0", "n°", "&", "é.", "[", "\x0c", "a\x01b"])
SPACE = st.sampled_from([" ", " ", " ", "\n", "  ", "\n   ", "  \n"])
words = st.lists(WORDS, min_size=1, max_size=4).map(" ".join)
TARGETS = st.sampled_from(["a.fr.md", "../x.fr.md", "https://www.interieur.gouv.fr/", "b.fr.md#ancre",
                           "<c d.fr.md>", 'e.fr.md "titre"'])
ESCAPES = st.sampled_from(["\\*", "\\_", "\\[", "\\]", "\\`", "\\\\", "\\#", "\\!"])
CODES = st.sampled_from(["`code`", "`a_b*c`", "`` x`y ``", "`contacts.yaml`", "`a``b`", "```a``b` ```"])


def inline_markdown(depth: int = 2):
    leaf = words | ESCAPES | CODES
    if depth == 0:
        return leaf
    inner = st.lists(inline_markdown(depth - 1), min_size=1, max_size=3).map(" ".join)
    return (leaf
            | st.builds(lambda t, u: f"[{t}]({u})", inner, TARGETS)
            | st.builds(lambda t: f"*{t}*", words)
            | st.builds(lambda t: f"**{t}**", inner)
            | st.builds(lambda t: f"__{t}__", words)
            | st.builds(lambda t, u: f"![{t}]({u})", words, TARGETS)
            | st.builds(lambda t: f'<abbr title="ASI">{t}</abbr>', inner)
            | st.just("<br>"))


paragraphs = st.lists(st.tuples(inline_markdown(), SPACE), min_size=1, max_size=6).map(
    lambda parts: "".join(a + b for a, b in parts).strip())


def spaced(text: str) -> str:
    return re.sub(r"[ \t\n]+", " ", text)


def html(markdown_text: str) -> str:
    return re.sub(r"\s+", " ", markdown.markdown(markdown_text))


def structure(markdown_text: str) -> list[tuple]:
    page = lxml.html.fragment_fromstring(markdown.markdown(markdown_text), create_parent="div")
    return [(e.tag, e.get("href"), e.get("src"), e.get("title"), e.text_content() if e.tag == "code" else None)
            for e in page.iter()]


@PROPERTY
@given(paragraphs)
def test_property_a_block_comes_back_through_the_xliff_up_to_whitespace(block):
    segment = to_segment(block)
    assert joined(segment) == block
    target = through_xml(segment)
    assert to_markdown(target, segment) == (block, [])
    rebuilt = rebuild_markdown(target, segment)
    assert spaced(rebuilt) == spaced(block)
    assert html(rebuilt) == html(block)


@PROPERTY
@given(paragraphs)
def test_property_a_translated_block_keeps_every_link_image_emphasis_and_code(block):
    """The translation (here: the text upper-cased) changes no element, address, title or code."""
    segment = to_segment(block)
    translated = tuple(Text(p.text.upper()) if isinstance(p, Text) else p for p in through_xml(segment))
    rebuilt, errors = to_markdown(translated, segment)
    assert errors == []
    assert structure(rebuilt) == structure(block)


# --- The document ---------------------------------------------------------------------------------

def test_the_document_is_strict_xliff_1_2_and_the_same_files_give_the_same_bytes():
    data = write_document(sample_files())
    assert data == write_document(sample_files())
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<xliff xmlns=\"" + NS.encode()
                           + b'" version="1.2">')
    validate(data)
    root = etree.fromstring(data)
    assert [f.get("datatype") for f in root.iter(q("file"))] == ["x-markdown", "x-markdown"]
    assert [u.get("approved") for u in root.iter(q("trans-unit"))] == ["yes", None, None, None, "yes", None]
    assert "attaché de sécurité intérieure".encode() in data  # UTF-8, not character references


def test_every_state_every_kind_of_code_and_a_unit_without_target_validate():
    units = tuple(unit(f"u{i}", 'Texte *vif* de l\'<abbr title="x">ASI</abbr><br>\x0c `c` \\*',
                       'Text *viu* al <abbr title="x">ASI</abbr><br>\x0c `c` \\*', state)
                  for i, state in enumerate(STATES))
    data = write_document([XliffFile("a.fr.md", "fr", "ro", units + (unit("none", "Seul"),))])
    validate(data)
    files, problems = read_document(data, "ro.xlf")
    assert problems == []
    assert [u.state for u in files[0].units] == list(STATES) + [None]
    assert files[0].units[-1].target is None


def test_names_and_notes_with_characters_xml_cannot_carry_still_make_a_file():
    data = write_document([XliffFile("a\x00.fr.md", "fr", "ro", (
        XliffUnit("p\x0c1", to_segment("Un\x0c"), None, None, ("previous original: Un\x0cdeux",)),))])
    validate(data)
    files, problems = read_document(data, "ro.xlf")
    assert problems == [] and files[0].original == "a\ufffd.fr.md"
    assert (files[0].units[0].id, files[0].units[0].notes) == ("p\ufffd1", ("previous original: Un\ufffddeux",))


def test_a_schema_violation_is_seen_by_the_schema_test():
    broken = write_document(sample_files()).replace(b'ctype="x-md-link"', b'ctype="md-link"', 1)
    assert not SCHEMA.validate(etree.fromstring(broken))


def test_reading_gives_back_the_files_units_states_notes_and_lines():
    files, problems = read_document(write_document(sample_files()), "ro.xlf")
    assert problems == []
    for read, written in zip(files, sample_files(), strict=True):
        assert (read.original, read.source_language, read.target_language) == (
            written.original, written.source_language, written.target_language)
        for got, want in zip(read.units, written.units, strict=True):
            assert (got.id, got.state, got.notes) == (want.id, want.state, want.notes)
            assert shape(got.source.pieces) == shape(want.source.pieces)
            assert shape(got.target.pieces if got.target else ()) == shape(want.target.pieces if want.target else ())
    assert [u.line for u in files[0].units] == [5, 10, 14]


def test_an_export_of_existing_translations_imported_unchanged_changes_no_file():
    pairs = {"p1": (FR, RO), "p2": (PARAGRAPH, "Serviciul [atașatului](index.ro.md) asigură\n**cooperarea** "
                                               "`contacts.yaml` <https://www.interieur.gouv.fr>."),
             "p3": ("Sans code", "Fără cod")}
    exported = XliffFile("content/pages/index.fr.md", "fr", "ro", tuple(
        XliffUnit(key, to_segment(fr), align_target(ro, to_segment(fr)), "translated", ())
        for key, (fr, ro) in pairs.items()))
    data = write_document([exported])
    validate(data)
    files, problems = read_document(data, "ro.xlf")
    assert problems == []
    for read in files[0].units:
        fr, ro = pairs[read.id]
        source = to_segment(fr)
        assert to_markdown(read.target.pieces, source, align_target(ro, source)) == (ro, [])


def test_an_export_imported_unchanged_changes_no_block():
    blocks = {"p1": PARAGRAPH, "p2": "Deux lignes\ncoupées, `code` et [lien](x.fr.md)  \nsuite.",
              "p3": "Sans code"}
    exported = XliffFile("content/pages/index.fr.md", "fr", "ro", tuple(
        XliffUnit(key, to_segment(text), to_segment(text), "needs-translation", ()) for key, text in blocks.items()))
    files, problems = read_document(write_document([exported]), "ro.xlf")
    assert problems == []
    for read in files[0].units:
        assert to_markdown(read.target.pieces, to_segment(blocks[read.id])) == (blocks[read.id], [])


def test_translate_toolkit_reads_the_same_units_states_and_inline_codes():
    xliff = pytest.importorskip("translate.storage.xliff")
    data = write_document(sample_files())
    store = xliff.xlifffile.parsestring(data)
    written = [u for f in sample_files() for u in f.units]
    assert [u.getid().split("\x04")[-1] for u in store.units] == [u.id for u in written]
    assert len(store.units) == 6
    assert [u.statemap_r.get(u.get_state_n()) if u.gettarget() is not None and u.xmlelement.find(q("target"))
            is not None else None for u in store.units] == [u.state for u in written]
    codes = [(type(e).__name__, e.id) for e in store.units[1].rich_source[0].sub if type(e).__name__ != "StringElem"]
    assert codes == [("G", "1"), ("G", "2"), ("X", "3"), ("X", "4")]
    assert store.units[1].source == ("Le service de l'attaché de sécurité intérieure assure la coopération "
                                     "policière entre la France et la Roumanie ; voir  et .")
    assert [n.strip() for n in store.units[2].getnotes().split("\n")] == [
        "content/pages/index.fr.md:9", "previous original: Voir la page."]


ALL_KINDS = ('Voir **la [page](a.fr.md)** de l\'<abbr title="x">ASI</abbr><br>\x0c `c` \\* ![logo *ASI*](l.png) '
             '<https://x.ro> [^1] {: .note}  \nfin')


def toolkit_codes(element) -> list[tuple[str, str]]:
    """The inline codes translate-toolkit's rich text shows, in document order."""
    found = [(type(element).__name__, element.id)] if type(element).__name__ in ("G", "X") else []
    for child in getattr(element, "sub", []):
        if not isinstance(child, str):
            found += toolkit_codes(child)
    return found


def test_translate_toolkit_shows_the_same_inline_codes_in_every_unit():
    xliff = pytest.importorskip("translate.storage.xliff")
    files = sample_files() + [XliffFile("b.fr.md", "fr", "ro", (unit("all", ALL_KINDS, ALL_KINDS.upper(), "final"),))]
    data = write_document(files)
    validate(data)
    store = xliff.xlifffile.parsestring(data)
    written = [u for f in files for u in f.units]
    assert len(store.units) == len(written) == 7
    for theirs, ours in zip(store.units, written, strict=True):
        for rich, segment in ((theirs.rich_source, ours.source), (theirs.rich_target, ours.target)):
            want = [("G" if p.role == OPEN else "X", p.id) for p in (segment.pieces if segment else ())
                    if isinstance(p, Code) and p.role != CLOSE]
            assert (toolkit_codes(rich[0]) if rich else []) == want
    assert len(toolkit_codes(store.units[-1].rich_source[0])) == 13  # every kind of code, the alt text's emphasis too


def test_sitegen_never_imports_translate_toolkit():
    for module in (HERE.parent / "sitegen").rglob("*.py"):
        assert not re.search(r"^\s*(from|import)\s+translate\b", module.read_text("utf-8"), re.M), module


GOOD_FILE = (f'<xliff xmlns="{NS}" version="1.2"><file original="a.fr.md" source-language="fr" '
             'target-language="ro" datatype="x-markdown"><body>{units}</body></file></xliff>')
GOOD_UNIT = '<trans-unit id="p1"><source>Un</source><target>Unu</target></trans-unit>'


@pytest.mark.parametrize("data, line, message", [
    (b"<xliff version='1.2'><file>", 1, "the XLIFF file is not well-formed XML: "),
    (b"\n\n<xliff>\n<a></b>", 4, "the XLIFF file is not well-formed XML: Opening and ending tag mismatch"),
    (b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.1" version="1.1"/>', 1,
     "this is XLIFF 1.1, not XLIFF 1.2: save it as XLIFF 1.2 in the translation tool"),
    (b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="fr"/>', 1,
     "this is XLIFF 2.0, not XLIFF 1.2"),
    (b'<xliff version="1.0"><file/></xliff>', 1, "XLIFF version '1.0' is not 1.2"),
    (b'<xliff version="1.2"><file/></xliff>', 1, "the root element is <xliff> in namespace '', not <xliff> in"),
    (b'<html><body/></html>', 1, "the root element is <html> in namespace '', not <xliff> in"),
    (f'<xliff xmlns="{NS}" version="1.1"><file/></xliff>'.encode(), 1, "XLIFF version '1.1' is not 1.2"),
    (f'<xliff xmlns="{NS}" version="1.2"/>'.encode(), 1, "the XLIFF file has no <file> element"),
    (GOOD_FILE.replace('target-language="ro" ', "").format(units=GOOD_UNIT).encode(), 1,
     '<file original="a.fr.md"> has no target-language'),
    (GOOD_FILE.format(units='\n<trans-unit><source>Un</source></trans-unit>').encode(), 2,
     "a.fr.md: a <trans-unit> has no id"),
    (GOOD_FILE.format(units=GOOD_UNIT + "\n\n" + GOOD_UNIT).encode(), 3,
     "a.fr.md: unit p1 appears twice (first at line 1)"),
    (GOOD_FILE.format(units='<trans-unit id="p1"><target>Unu</target></trans-unit>').encode(), 1,
     "a.fr.md: unit p1 has no <source>"),
    (GOOD_FILE.format(units=GOOD_UNIT.replace("<target>", '<target state="done">')).encode(), 1,
     "a.fr.md: unit p1: unknown state 'done' (XLIFF 1.2 states: needs-translation, "),
    (GOOD_FILE.format(units=GOOD_UNIT.replace("Unu", "<b>Unu</b>")).encode(), 1,
     "a.fr.md: unit p1: line 1: unexpected element <b> in the text"),
])
def test_a_refused_file_is_one_line_problem_with_its_line(data, line, message):
    files, problems = read_document(data, "ro.xlf")
    assert files is None and len(problems) == 1, problems
    problem = problems[0]
    assert isinstance(problem, Problem) and problem.is_error
    assert (problem.path, problem.line) == ("ro.xlf", line) and problem.message.startswith(message), problem
    assert "\n" not in str(problem)


def test_every_problem_of_a_file_is_reported_at_once():
    units = ('<trans-unit><source>a</source></trans-unit><trans-unit id="x"><source>b</source></trans-unit>'
             '<trans-unit id="x"><source>c</source></trans-unit>')
    files, problems = read_document(GOOD_FILE.replace('target-language="ro" ', "").format(units=units).encode(),
                                    "ro.xlf")
    assert files is None
    assert [p.message for p in problems] == ['<file original="a.fr.md"> has no target-language',
                                             "a.fr.md: a <trans-unit> has no id",
                                             "a.fr.md: unit x appears twice (first at line 1)"]


def test_entities_are_never_expanded_nor_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    for doctype in (f'<!DOCTYPE xliff [<!ENTITY e SYSTEM "file://{secret}">]>',
                    '<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY e "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'):
        data = (doctype + GOOD_FILE.format(units=GOOD_UNIT.replace("Unu", "&e;"))).encode()
        files, problems = read_document(data, "ro.xlf")
        assert files is None and "SECRET" not in str(problems)
        assert [p.message for p in problems] == [
            "the XLIFF file has a DOCTYPE: XLIFF 1.2 files have none; export again"]


@PROPERTY
@given(paragraphs)
def test_property_an_existing_translation_gets_the_source_ids_and_comes_back_verbatim(block):
    source = to_segment(block)
    translation, _ = to_markdown(tuple(Text(p.text.upper()) if isinstance(p, Text) else p for p in source.pieces),
                                 source)
    current = align_target(translation, source)
    assert [(p.id, p.role, p.kind) for p in current.pieces if isinstance(p, Code)] == [
        (p.id, p.role, p.kind) for p in source.pieces if isinstance(p, Code)]
    assert to_markdown(through_xml(current), source, current) == (translation, [])


def test_import_unit_locates_a_code_mismatch_at_its_unit():
    data = write_document(sample_files()).replace(b'<target state="needs-review-translation">Vezi <g id="1" ',
                                                  b'<target state="needs-review-translation">Vezi <g id="9" ')
    assert data != write_document(sample_files())
    files, problems = read_document(data, "ro.xlf")
    assert problems == []
    xfile = files[0]
    title, p1, p2 = xfile.units
    assert import_unit("ro.xlf", xfile, title, to_segment("Attaché de sécurité intérieure")) == (
        "Atașatul de securitate internă", [])
    assert import_unit("ro.xlf", files[1], files[1].units[0], plain_segment("Haut de page"), plain=True) == (
        "Sus", [])
    assert import_unit("ro.xlf", xfile, p1, to_segment(PARAGRAPH)) == (None, [])
    assert import_unit("ro.xlf", xfile, p2, to_segment("Voir *aussi* la [page](a.fr.md).")) == (None, [
        Problem("ro.xlf", 14, "content/pages/index.fr.md: unit index/p2: the translation lacks the code(s) 1 "
                              "of the source"),
        Problem("ro.xlf", 14, "content/pages/index.fr.md: unit index/p2: the translation has code(s) 9 that "
                              "the source does not have")])


@PROPERTY
@given(st.data())
def test_property_a_damaged_file_is_read_or_refused_never_a_crash(data):
    """Cut, repeated or foreign bytes anywhere in a written file: files without problems, or None and
    one-line Problems with a line, never an exception."""
    good = write_document(sample_files())
    start = data.draw(st.integers(0, len(good)))
    stop = data.draw(st.integers(start, min(len(good), start + 80)))
    insert = data.draw(st.sampled_from([b"", b"<", b"&", b"<g>", b'<x id="1"/>', b"</target>", b"\xff", b"]]>",
                                        b'<trans-unit id="index/p1">', b"\x00", "ț".encode()]))
    files, problems = read_document(good[:start] + insert + good[stop:], "ro.xlf")
    assert (files is None) == bool(problems)
    assert all(isinstance(p, Problem) and p.line >= 1 and "\n" not in p.message for p in problems)


@PROPERTY
@given(paragraphs, st.data())
def test_property_any_rearranged_target_gives_markdown_with_the_same_codes_or_messages(block, data):
    """Pieces of the source dropped, repeated or moved: Markdown that Python-Markdown reads with the
    same codes, or messages; never Markdown that shows a sign or loses a link."""
    source = to_segment(block)
    kept = data.draw(st.lists(st.sampled_from(source.pieces), max_size=12) if source.pieces else st.just([]))
    markdown_text, errors = to_markdown(tuple(kept), source)
    assert (markdown_text is None) == bool(errors)
    if markdown_text is not None and not is_unchanged(tuple(kept), source):
        assert codes_of(to_segment(markdown_text)) == codes_of(source)


def codes_of(segment: Segment) -> list[str]:
    """The Markdown of its codes, escapes aside (text the translator typed may gain escapes)."""
    return sorted(p.markdown for p in segment.pieces if isinstance(p, Code) and p.kind != "escape")


@PROPERTY
@given(st.lists(st.tuples(st.text(max_size=60), st.text(max_size=60) | st.none(), st.sampled_from(STATES),
                          st.lists(st.text(max_size=20), max_size=2)), min_size=1, max_size=4))
def test_property_any_text_makes_a_valid_file_that_reads_back_the_same(rows):
    units = tuple(XliffUnit(f"u{n}", to_segment(source), None if target is None else to_segment(target), state,
                            tuple(notes)) for n, (source, target, state, notes) in enumerate(rows))
    data = write_document([XliffFile("a.fr.md", "fr", "ro", units)])
    validate(data)
    files, problems = read_document(data, "ro.xlf")
    assert problems == []
    for got, want in zip(files[0].units, units, strict=True):
        assert shape(got.source.pieces) == shape(want.source.pieces)
        assert (got.target is None) == (want.target is None)
        if want.target is not None:
            assert to_markdown(got.target.pieces, want.target) == (want.target.markdown, [])
        assert got.state == (None if want.target is None else want.state)  # a state belongs to a <target>
        assert got.notes == tuple(re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", n) for n in want.notes)
