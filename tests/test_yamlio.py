"""Safe YAML in and out: scalars as written, locations, and every dangerous construct refused."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hostile.corpus import ALIAS_BOMB
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing import yamlio
from briefing.model import BriefingError
from briefing.safety import sanitize
from briefing.yamlio import Located, as_bool, dump, parse

PATH = Path("notes.yaml")


def plain(located: Located | None) -> Any:
    """A located tree back to plain Python values."""
    if located is None:
        return None
    if isinstance(located.value, dict):
        return {key: plain(value) for key, value in located.value.items()}
    if isinstance(located.value, list):
        return [plain(value) for value in located.value]
    return located.value


def problem_of(text: str) -> tuple[str, int | None, int | None]:
    with pytest.raises(BriefingError) as caught:
        parse(text, PATH)
    problem = caught.value.problem
    assert problem.path == PATH and problem.hint
    return problem.severity, problem.line, problem.column


def test_scalars_arrive_as_written() -> None:
    text = (
        "status: no\nvalue: 1.10\nzip: 012345\ntime: 12:30:45\nday: 2026-02-26\n"
        "flag: yes\nquoted: 'null'\nempty:\ntilde: ~\n"
    )
    assert plain(parse(text, PATH)) == {
        "status": "no",
        "value": "1.10",
        "zip": "012345",
        "time": "12:30:45",
        "day": "2026-02-26",
        "flag": "yes",
        "quoted": "null",
        "empty": None,
        "tilde": None,
    }


def test_locations_are_one_based() -> None:
    root = parse("title: x\nquotes:\n  - text: hello\n", PATH)
    assert root is not None
    assert (root.line, root.column) == (1, 1)
    assert root.keys == {"title": (1, 1), "quotes": (2, 1)}
    item = root.value["quotes"].value[0]
    assert (item.line, item.column) == (3, 5)
    assert (item.value["text"].line, item.value["text"].column) == (3, 11)


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n", "---\n"])
def test_empty_documents_are_none(text: str) -> None:
    assert parse(text, PATH) is None


def test_as_bool_only_for_plain_scalars() -> None:
    root = parse("a: yes\nb: 'yes'\nc: Off\nd: maybe\n", PATH)
    assert root is not None
    values = root.value
    assert as_bool(values["a"]) is True
    assert as_bool(values["b"]) is None
    assert as_bool(values["c"]) is False
    assert as_bool(values["d"]) is None


def test_duplicate_key_names_the_second_line() -> None:
    assert problem_of("title: a\nsummary: b\ntitle: c\n") == ("error", 3, 1)
    assert problem_of("quotes:\n  - text: a\n    note: b\n    text: c\n") == ("error", 4, 5)


def test_syntax_error_has_a_location() -> None:
    severity, line, column = problem_of("quotes:\n  - text: [unclosed\nfigures: x\n")
    assert severity == "error" and line == 3 and column is not None


def test_tab_indentation_is_a_located_error() -> None:
    assert problem_of("title: a\n\tsummary: b\n")[:2] == ("error", 2)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("title: !!python/object/apply:os.system ['echo pwned']\n", 1, 8),
        ("title: !!python/name:os.system\n", 1, 8),
        ("title: !custom x\n", 1, 8),
        ("data: !!binary aGVsbG8=\n", 1, 7),
        ("!!set {a, b}\n", 1, 1),
        ("<<: {a: b}\n", 1, 1),
    ],
)
def test_tags_are_refused(text: str, line: int, column: int) -> None:
    assert problem_of(text) == ("error", line, column)


def test_alias_bomb_is_refused_at_once() -> None:
    started = time.perf_counter()
    assert problem_of(ALIAS_BOMB) == ("error", 1, 4)
    assert time.perf_counter() - started < 1


def test_a_single_alias_is_refused() -> None:
    assert problem_of("a: &x hello\nb: *x\n") == ("error", 1, 4)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 10_000 + "]" * 10_000,
        "{a: " * 5_000 + "b" + "}" * 5_000,
        "a:\n" + "".join("  " * depth + "- x:\n" for depth in range(1, 200)),
    ],
    ids=["flow-lists", "flow-maps", "block"],
)
def test_deep_nesting_is_an_error_not_a_crash(text: str) -> None:
    assert problem_of(text)[0] == "error"


def test_deep_nesting_with_the_pure_python_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlio, "_Loader", yaml.SafeLoader)
    started = time.perf_counter()
    assert problem_of("[" * 10_000 + "]" * 10_000) == ("error", 1, 33)
    assert time.perf_counter() - started < 1


def test_nesting_up_to_the_limit_is_fine() -> None:
    depth = yamlio.MAX_DEPTH
    root = parse("[" * depth + "x" + "]" * depth, PATH)
    assert root is not None
    assert problem_of("[" * (depth + 1) + "x" + "]" * (depth + 1)) == ("error", 1, depth + 1)


def test_non_text_keys_are_refused() -> None:
    assert problem_of("? [a, b]\n: c\n")[0] == "error"


def test_another_document_is_a_located_error() -> None:
    assert problem_of("title: a\n---\ntitle: b\n")[:2] == ("error", 2)


def test_control_characters_in_the_file_are_shown_not_refused() -> None:
    text = "title: a\x1b[31mred\x00\nnote: \u202eevil\nraw: \x9b2J\n"
    assert plain(parse(text, PATH)) == {
        "title": "a\u241b[31mred\u2400",
        "note": "\ufffdevil",
        "raw": "\ufffd2J",
    }


def test_escaped_control_characters_are_replaced_after_parsing() -> None:
    root = parse('title: "a\\e]0;pwned\\a b\\x9b c\\u202e d"\n"k\\e": v\n', PATH)
    assert root is not None
    assert root.value["title"].value == "a\u241b]0;pwned\u2407 b\ufffd c\ufffd d"
    assert list(root.value) == ["title", "k\u241b"]


def test_non_characters_give_a_located_error() -> None:
    assert problem_of("a: b\nc: d\uffff\n") == ("error", 2, 5)


def test_dump_is_safe_and_readable() -> None:
    shared = ["x", "y"]
    text = dump({"first": shared, "second": shared, "café": "naïve — “quoted”", "n": "a\nb\n"})
    assert "&id" not in text and "*id" not in text
    assert "café: naïve — “quoted”" in text
    assert "n: |" in text
    assert text.index("first") < text.index("second")  # keys keep their order
    assert plain(parse(text, PATH)) == {
        "first": ["x", "y"],
        "second": ["x", "y"],
        "café": "naïve — “quoted”",
        "n": "a\nb\n",
    }


TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
#: Keys without control or format characters, so that no two sanitise to the same text.
KEYS = st.text(st.characters(exclude_categories=("Cs", "Cc", "Cf")), max_size=20)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(KEYS, st.one_of(TEXT, st.lists(TEXT, max_size=4)), max_size=5))
def test_dump_then_parse_gives_the_same_text(data: dict[str, Any]) -> None:
    """Whatever the user typed survives a save and a load (control characters made visible)."""
    expected = {
        key: [sanitize(v) for v in value] if isinstance(value, list) else sanitize(value)
        for key, value in data.items()
    }
    assert plain(parse(dump(data), PATH)) == expected
