"""The single pass over the parser's events: every refusal located, with both loaders, and the
tree it builds agreeing with the one PyYAML's composer builds."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing import yamlio
from briefing.model import BriefingError, Problem
from briefing.safety import is_clean, sanitize
from briefing.yamlio import Located, parse

PATH = Path("annotation.yaml")
LOADERS = [
    pytest.param(getattr(yaml, "CSafeLoader", None), id="libyaml"),
    pytest.param(yaml.SafeLoader, id="python"),
]


@pytest.fixture(params=LOADERS, autouse=True)
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[type]:
    """Every test in this file runs with libyaml and with the pure-Python parser."""
    if request.param is None:
        pytest.skip("PyYAML was built without libyaml")
    monkeypatch.setattr(yamlio, "_Loader", request.param)
    yield request.param


def refused(text: str) -> Problem:
    with pytest.raises(BriefingError) as caught:
        parse(text, PATH)
    problem = caught.value.problem
    assert problem.severity == "error" and problem.path == PATH and problem.hint
    return problem


def where(text: str) -> tuple[str, int | None, int | None]:
    problem = refused(text)
    return problem.message, problem.line, problem.column


def plain(located: Located | None) -> Any:
    if located is None:
        return None
    if isinstance(located.value, dict):
        return {key: plain(value) for key, value in located.value.items()}
    if isinstance(located.value, list):
        return [plain(value) for value in located.value]
    return located.value


# --- tags -------------------------------------------------------------------------------------

TAG_NOT_ALLOWED = "YAML tag {!r} is not allowed"


@pytest.mark.parametrize(
    ("text", "tag", "line", "column"),
    [
        (
            "a: !!python/object:os.system {b: c}\n",
            "tag:yaml.org,2002:python/object:os.system",
            1,
            4,
        ),
        ("a: !!omap\n  - b: c\n", "tag:yaml.org,2002:omap", 1, 4),
        ("- !custom [x]\n", "!custom", 1, 3),
        ("!!python/tuple\n- x\n", "tag:yaml.org,2002:python/tuple", 1, 1),
        (
            "%TAG !e! tag:example.com,2000:\n---\na: !e!thing x\n",
            "tag:example.com,2000:thing",
            3,
            4,
        ),
        ("%TAG !! tag:evil.com,2000:\n---\na: !!str x\n", "tag:evil.com,2000:str", 3, 4),
    ],
)
def test_tags_on_collections_and_through_handles_are_refused(
    text: str, tag: str, line: int, column: int
) -> None:
    assert where(text) == (TAG_NOT_ALLOWED.format(tag), line, column)


def test_standard_and_non_specific_tags_are_allowed() -> None:
    text = (
        "a: !!str 012\nb: !!map {c: d}\ne: !!seq [f]\ng: ! 12\nh: ! 'x'\ni: !!null ~\n"
        "j: !!str {k: l}\n!!str m: n\n"
    )
    root = parse(text, PATH)
    assert plain(root) == {
        "a": "012",
        "b": {"c": "d"},
        "e": ["f"],
        "g": "12",
        "h": "x",
        "i": None,
        "j": {"k": "l"},  # a standard tag on the wrong kind of node: the composer allowed it too
        "m": "n",
    }
    assert root is not None
    assert root.value["g"].plain and not root.value["h"].plain


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("<<: x\n", "tag:yaml.org,2002:merge"),
        ("a: =\n", "tag:yaml.org,2002:value"),
        ("a: ! <<\n", "tag:yaml.org,2002:merge"),
        ("a: ! '='\n", "tag:yaml.org,2002:value"),  # with `!` even a quoted scalar is resolved
        ("a: ! '!'\n", "tag:yaml.org,2002:yaml"),
        ('a: ! "&"\n', "tag:yaml.org,2002:yaml"),
        ("a: ! '*'\n", "tag:yaml.org,2002:yaml"),
    ],
)
def test_plain_merge_and_value_keys_are_refused_as_the_resolver_tags_them(
    text: str, tag: str
) -> None:
    message, line, _ = where(text)
    assert (message, line) == (TAG_NOT_ALLOWED.format(tag), 1)


def test_quoted_merge_and_value_keys_are_text() -> None:
    assert plain(parse("a: '<<'\nb: \"=\"\n'<<': c\n", PATH)) == {"a": "<<", "b": "=", "<<": "c"}


def test_the_special_plain_scalars_are_exactly_the_resolvers_non_standard_ones(
    loader: type,
) -> None:
    """If PyYAML ever resolves other plain scalars to tags of their own, this says so."""
    non_standard = {
        (tag, pattern.pattern)
        for resolvers in loader.yaml_implicit_resolvers.values()
        for tag, pattern in resolvers
        if tag not in yamlio._STANDARD_TAGS
    }
    assert non_standard == {
        ("tag:yaml.org,2002:merge", "^(?:<<)$"),
        ("tag:yaml.org,2002:value", "^(?:=)$"),
        ("tag:yaml.org,2002:yaml", "^(?:!|&|\\*)$"),
    }
    resolver = yaml.resolver.Resolver()
    for text, tag in yamlio._SPECIAL_PLAIN.items():
        assert resolver.resolve(yaml.ScalarNode, text, (True, False)) == tag


# --- anchors and aliases ----------------------------------------------------------------------

ANCHORS = "YAML anchors and aliases are not allowed"


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("a: &m {b: c}\n", 1, 4),
        ("a: &m\n  b: c\n", 1, 4),
        ("- &s [x]\n", 1, 3),
        ("a: &s x\n", 1, 4),
        ("&k a: b\n", 1, 1),
        ("a: b\nc: *nothing\n", 2, 4),
        ("a: !!str &s x\n", 1, 4),
    ],
)
def test_anchors_anywhere_are_refused_where_they_stand(text: str, line: int, column: int) -> None:
    assert where(text) == (ANCHORS, line, column)


def test_an_anchor_is_refused_before_the_tree_is_looked_at() -> None:
    """Stream problems come first, as when the events were scanned before composing."""
    assert where("a: 1\na: 2\nb: !!python/name:x y\nc: &z d\n") == (ANCHORS, 4, 4)


# --- keys -------------------------------------------------------------------------------------

KEYS = "mapping keys must be plain text"


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("? [a]\n: b\n", 1, 3),
        ("? {a: b}\n: c\n", 1, 3),
        ("{[a]: b}\n", 1, 2),
        ("x: y\n? - a\n  - b\n: c\n", 2, 3),
        ("null: x\n", 1, 1),
        ("~: x\n", 1, 1),
        ("? \n: x\n", 1, 2),
        ("a:\n  ? [b]\n", 2, 5),
    ],
)
def test_keys_that_are_not_text_are_refused(text: str, line: int, column: int) -> None:
    assert where(text) == (KEYS, line, column)


def test_a_problem_inside_a_complex_key_is_reported_before_the_key() -> None:
    assert where("? [!!python/object x]\n: b\n")[1:] == (1, 4)


def test_collections_as_values_land_under_their_keys() -> None:
    text = "a:\n  - b: [c, {d: e}]\n  - []\nf: {}\ng:\n  h:\n    - i\nj: k\n"
    root = parse(text, PATH)
    assert plain(root) == {
        "a": [{"b": ["c", {"d": "e"}]}, []],
        "f": {},
        "g": {"h": ["i"]},
        "j": "k",
    }
    assert root is not None
    assert root.keys == {"a": (1, 1), "f": (4, 1), "g": (5, 1), "j": (8, 1)}
    assert root.value["f"].keys == {}
    assert root.value["a"].value[1].keys is None


def test_a_duplicate_after_a_nested_value_names_the_first_line() -> None:
    problem = refused("a:\n  b: c\nd: e\na: f\n")
    assert (problem.message, problem.line, problem.column) == ("duplicate key 'a'", 4, 1)
    assert problem.hint == "it is already set on line 1; keep one"


def test_keys_equal_once_sanitised_are_duplicates() -> None:
    assert where('"k\\e": 1\n"k\u241b": 2\n') == ("duplicate key 'k\u241b'", 2, 1)


# --- documents --------------------------------------------------------------------------------

ANOTHER = "YAML syntax error: but found another document"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: b\n---\nc: d\n", 2),
        ("--- a\n--- b\n--- c\n", 2),  # the second document is named, not the last
        ("a: 1\na: 2\n---\nb\n", 3),  # before the first document's own problem
        ("a: !!python/object x\n...\n---\nb\n", 3),
    ],
)
def test_a_second_document_is_refused_at_its_start(text: str, line: int) -> None:
    assert where(text) == (ANOTHER, line, 1)


def test_one_marked_document_is_fine() -> None:
    assert plain(parse("%YAML 1.1\n---\na: b\n...\n", PATH)) == {"a": "b"}


def test_an_anchor_in_the_second_document_still_wins() -> None:
    assert where("a: b\n---\nc: &x d\n") == (ANCHORS, 3, 4)


def test_a_syntax_error_later_in_the_file_wins_over_a_problem_in_the_tree() -> None:
    message, line, _ = where("a: !!python/object x\nb: [unclosed\nc: d\n")
    assert message.startswith("YAML syntax error") and line == 3


# --- nesting ----------------------------------------------------------------------------------

NESTED = "YAML nested too deeply"


def block(depth: int) -> str:
    """``depth`` nested block mappings: ``k:`` indented two more spaces each level."""
    return (
        "".join("  " * level + "k:\n" for level in range(depth - 1)) + "  " * (depth - 1) + "k: v\n"
    )


@pytest.mark.parametrize(
    "nest",
    [
        lambda depth: "[" * depth + "x" + "]" * depth,
        lambda depth: "{a: " * depth + "b" + "}" * depth,
        block,
        lambda depth: "- " * depth + "x\n",
    ],
    ids=["flow-lists", "flow-maps", "block-maps", "compact-lists"],
)
def test_thirty_two_levels_are_read_thirty_three_refused(nest: Any) -> None:
    root = parse(nest(yamlio.MAX_DEPTH), PATH)
    depth = 0
    while root is not None and isinstance(root.value, (list, dict)):
        root = next(iter(root.value.values() if isinstance(root.value, dict) else root.value))
        depth += 1
    assert depth == yamlio.MAX_DEPTH
    message, line, column = where(nest(yamlio.MAX_DEPTH + 1))
    assert message == NESTED and line is not None and column is not None
    assert refused(nest(yamlio.MAX_DEPTH + 1)).hint == f"at most {yamlio.MAX_DEPTH} levels"


def test_a_hundred_thousand_brackets_are_refused_at_once(loader: type) -> None:
    started = time.perf_counter()
    problem = refused("[" * 100_000 + "]" * 100_000)
    assert time.perf_counter() - started < 1
    if loader is yaml.SafeLoader:
        assert (problem.message, problem.line, problem.column) == (NESTED, 1, yamlio.MAX_DEPTH + 1)
    else:  # libyaml looks ahead for a `[...]: value` key and stops at its own limit of 1,000
        assert problem.message.startswith("YAML ") and problem.line == 1


def test_depth_counts_only_open_collections() -> None:
    """Siblings do not add up: many collections side by side are fine."""
    text = "".join(f"k{n}: " + "[" * 30 + "x" + "]" * 30 + "\n" for n in range(50))
    root = parse(text, PATH)
    assert root is not None and len(root.value) == 50


# --- scalars and control characters -----------------------------------------------------------


def test_escapes_in_double_quotes_come_back_as_visible_stand_ins() -> None:
    root = parse('a: "\\x1b[2J"\nb: "\\u202eevil"\nc: "\\e\\0\\a"\nd: \'\\x1b\'\ne: \\e\n', PATH)
    assert plain(root) == {
        "a": "\u241b[2J",
        "b": "\ufffdevil",
        "c": "\u241b\u2400\u2407",
        "d": "\\x1b",  # single quotes have no escapes: the backslash is just a character
        "e": "\\e",
    }


def test_line_folding_makes_only_spaces_and_newlines() -> None:
    text = (
        "a: 'one\n  two\n\n  three'\nb: one\n  two\nc: >\n  x\n  y\n\n  z\nd: |\n  p\r\n  q\n"
        'e: "u\\\n  v"\n'
    )
    assert plain(parse(text, PATH)) == {
        "a": "one two\nthree",
        "b": "one two",
        "c": "x y\nz\n",
        "d": "p\nq\n",
        "e": "uv",
    }


#: A YAML escape as written in double quotes, and the character it stands for.
ESCAPES = [
    ("\\e", "\x1b"),
    ("\\0", "\x00"),
    ("\\a", "\x07"),
    ("\\b", "\x08"),
    ("\\r", "\r"),
    ("\\n", "\n"),
    ("\\t", "\t"),
    ("\\x9b", "\x9b"),
    ("\\x7f", "\x7f"),
    ("\\u202e", "\u202e"),
    ("\\u2066", "\u2066"),
    ("\\N", "\x85"),
    ("\\L", "\u2028"),
    ("\\_", "\xa0"),
    ("\\\\", "\\"),
    ('\\"', '"'),
    ("\\U0001F600", "\U0001f600"),
]
#: Any character a YAML file may hold once sanitised (raw controls become stand-ins first).
CHAR = st.characters(exclude_categories=("Cs",), exclude_characters="\ufeff\ufffe\uffff")
INLINE = st.text(CHAR.filter(lambda char: char not in "\n\r\x85\u2028\u2029"), max_size=20)
PIECE = st.one_of(
    st.sampled_from(ESCAPES),
    CHAR.filter(lambda char: char not in '\\"\n\r\x85\u2028\u2029').map(lambda c: (c, c)),
)
PLAIN = st.text(
    st.sampled_from("abcXYZ09.-\x00\x01\x1b\x7f\x9b\u202e\u2066\u200f\u061c"), max_size=20
)


def single_quoted(raw: str) -> tuple[str, str]:
    return "'" + raw.replace("'", "''") + "'", raw


def double_quoted(pieces: list[tuple[str, str]]) -> tuple[str, str]:
    return '"' + "".join(source for source, _ in pieces) + '"', "".join(char for _, char in pieces)


def literal(raw: str) -> tuple[str, str]:
    return "|2-\n  " + raw, raw


def folded(raw: str) -> tuple[str, str]:
    return ">2-\n  " + raw, raw


def unquoted(raw: str) -> tuple[str, str]:
    return "x" + raw, "x" + raw


SCALAR = st.one_of(
    INLINE.map(single_quoted),
    st.lists(PIECE, max_size=8).map(double_quoted),
    INLINE.map(literal),
    INLINE.map(folded),
    PLAIN.map(unquoted),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(SCALAR, min_size=1, max_size=6))
def test_no_scalar_style_lets_an_unsafe_character_through(scalars: list[tuple[str, str]]) -> None:
    """Whatever the style, each value is the written text made safe, and nothing unsafe remains.

    Only double quotes have escapes, so only they can make a character the file did not hold;
    every other style gives back characters of the (already sanitised) file.
    """
    text = "".join(f"k{n}: {source}\n" for n, (source, _) in enumerate(scalars))
    root = parse(text, PATH)
    assert root is not None
    for n, (_, meant) in enumerate(scalars):
        value = root.value[f"k{n}"].value
        assert value == sanitize(meant)
        assert is_clean(value)


# --- the tree agrees with the composer's ------------------------------------------------------


def agrees(located: Located | None, node: yaml.Node) -> None:
    """``located`` is what the composer's ``node`` says, scalar by scalar, mark by mark."""
    if isinstance(node, yaml.ScalarNode) and not node.style and node.value in yamlio._NULLS:
        assert located is None or located.value is None
        return
    assert located is not None
    assert (located.line, located.column) == (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        assert (located.value, located.plain) == (sanitize(node.value), not node.style)
    elif isinstance(node, yaml.SequenceNode):
        assert isinstance(located.value, list) and len(located.value) == len(node.value)
        for item, child in zip(located.value, node.value, strict=True):
            agrees(item, child)
    else:
        assert located.keys is not None
        assert list(located.value) == [sanitize(key.value) for key, _ in node.value]
        for key, child in node.value:
            mark = key.start_mark
            assert located.keys[sanitize(key.value)] == (mark.line + 1, mark.column + 1)
            agrees(located.value[sanitize(key.value)], child)


#: Odd line breaks left out: PyYAML's emitter writes them raw (``yamlio.dump`` quotes them).
TEXT = st.text(CHAR.filter(lambda char: char not in "\x85\u2028\u2029"), max_size=12)
DATA = st.recursive(
    st.one_of(st.none(), TEXT),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.text(CHAR.filter(str.isalnum), min_size=1, max_size=6), children, max_size=4
        ),
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(
    DATA,
    st.sampled_from([None, "'", '"', "|"]),
    st.sampled_from([None, True, False]),
    st.booleans(),
)
def test_the_tree_is_the_composers_tree(
    data: Any, style: str | None, flow: bool | None, unicode: bool
) -> None:
    text = sanitize(
        yaml.dump(data, default_style=style, default_flow_style=flow, allow_unicode=unicode)
    )
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    agrees(parse(text, PATH), node)


# --- Located ----------------------------------------------------------------------------------


def test_located_is_still_a_frozen_dataclass() -> None:
    here = Located("x", 2, 3, True)
    assert here == Located("x", 2, 3, plain=True) and hash(here) == hash(Located("x", 2, 3, True))
    assert here != Located("x", 2, 3)
    assert (here.keys, here.is_null) == (None, False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        here.value = "y"  # type: ignore[misc]
    assert dataclasses.replace(here, value=None).is_null
    assert [field.name for field in dataclasses.fields(Located)] == [
        "value",
        "line",
        "column",
        "plain",
        "keys",
    ]
    assert repr(here) == "Located(value='x', line=2, column=3, plain=True, keys=None)"
