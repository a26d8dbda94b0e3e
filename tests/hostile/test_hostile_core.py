"""The core and the CLI against the hostile corpus, plus fuzzing of the parsers.

Every case gives either a clean load with literal, safe text or a located error: never a
traceback, never a hang, never a control character left in a loaded string.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from unittest.mock import ANY

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.annotations import anchor, parse_annotation
from briefing.article import decode, parse_article
from briefing.cli import main
from briefing.library import Entry, discover, load_briefing, read_entry
from briefing.model import Briefing, BriefingError, Problem
from hostile.corpus import (
    CASES,
    ESCAPES,
    HUGE,
    MARKUP,
    NEEDS_NON_ROOT,
    Case,
    cases_here,
    unsafe_in,
)

HERE = cases_here()
LOCATED_LINE = re.compile(r"^.+?(:\d+(:\d+)?)?: (error|warning): .+$")


def strings_in(value: Any) -> list[str]:
    """Every string held anywhere in a loaded value (dataclasses, lists, dicts)."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for f in dataclasses.fields(value) for s in strings_in(getattr(value, f.name))]
    if isinstance(value, list | tuple):
        return [s for item in value for s in strings_in(item)]
    if isinstance(value, dict):
        return [s for pair in value.items() for item in pair for s in strings_in(item)]
    return []


def load_case(folder: Path) -> tuple[list[Problem], list[Briefing], list[Entry]]:
    articles, problems = discover(folder)
    briefings = [load_briefing(article) for article in articles]
    entries = [read_entry(article) for article in articles]
    return [*problems, *(p for b in briefings for p in b.problems)], briefings, entries


def test_the_corpus_covers_the_issue() -> None:
    names = {case.name for case in CASES}
    for needed in (
        "markup_escapes_bidi",
        "nul_bytes",
        "invalid_utf8_article",
        "utf16_with_bom",
        "long_line_5mb",
        "paragraphs_100k",
        "deep_yaml",
        "alias_bomb",
        "yaml_python_tag",
        "duplicate_keys",
        "wrong_types",
        "empty_article",
        "whitespace_article",
        "binary_txt",
        "unreadable_file",
        "symlink_loop_folder",
        "fifo_article",
    ):
        assert needed in names
    assert {case.expect for case in CASES} == {"ok", "warning", "error"}


def skip_if_meaningless(case: Case) -> None:
    if case not in HERE:
        assert case.name in NEEDS_NON_ROOT
        pytest.skip(
            "running as root, who reads a chmod 000 file anyway; "
            "test_article.py::test_unreadable_file_simulated covers the error"
        )


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_loader(case: Case, hostile_corpus: Path) -> None:
    skip_if_meaningless(case)
    started = time.perf_counter()
    problems, briefings, entries = load_case(case.folder(hostile_corpus))
    assert time.perf_counter() - started < 10, "bounded time"
    if case.expect == "ok":
        assert problems == []
    else:
        assert problems, "a problem was expected"
        if case.expect == "warning":
            assert {p.severity for p in problems} == {"warning"}
        first = next(p for p in problems if p.severity == case.expect)
        assert (first.severity, first.line, first.column) == case.where
        assert first.hint, "every problem says what to do"
    for text in strings_in([briefings, entries, problems]):
        assert not unsafe_in(text), f"{sorted(unsafe_in(text))!r} in {text[:80]!r}"
    article = case.article_path(hostile_corpus)
    if case.expect == "ok" and article is not None:
        (briefing,) = briefings
        assert briefing.article is not None and briefing.article.paragraphs
        for quote in briefing.annotation.quotes:
            assert quote.anchor is not None


def test_markup_and_escapes_stay_literal_and_visible(hostile_corpus: Path) -> None:
    (case,) = [c for c in HERE if c.name == "markup_escapes_bidi"]
    _, (briefing,), _ = load_case(case.folder(hostile_corpus))
    assert briefing.article is not None
    assert MARKUP in briefing.article.title
    assert "\u241b[31mred\u241b[0m" in briefing.annotation.title  # ESC shown as ␛
    assert "[@click=app.quit]" in briefing.annotation.quotes[0].speaker
    assert briefing.annotation.tags[1] == "[bold]tag[/]"
    assert "\u241b]52;c;" in briefing.article.body  # the clipboard write, defused
    assert ESCAPES not in briefing.article.body


def evil_file_name(root: Path) -> tuple[Briefing, Entry]:
    (case,) = [c for c in HERE if c.name == "evil_file_name"]
    _, (briefing,), (entry,) = load_case(case.folder(root))
    return briefing, entry


def test_list_title_from_an_evil_file_name_is_safe(hostile_corpus: Path) -> None:
    _, entry = evil_file_name(hostile_corpus)
    assert entry.title.startswith("evil \u241b[31mred")
    assert not unsafe_in(entry.title)


def test_briefing_title_from_an_evil_file_name_is_safe(hostile_corpus: Path) -> None:
    briefing, _ = evil_file_name(hostile_corpus)
    assert not unsafe_in(briefing.title)


@pytest.mark.slow
def test_fifty_megabyte_article(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    HUGE.build(tmp_path)
    article = HUGE.article_path(tmp_path)
    assert article is not None and article.stat().st_size > 50 * 10**6
    started = time.perf_counter()
    entry = read_entry(article)
    assert time.perf_counter() - started < 1, "listing reads the header only"
    assert entry.date is not None and not entry.problems
    started = time.perf_counter()
    briefing = load_briefing(article)
    assert time.perf_counter() - started < 30, "bounded time"
    assert briefing.problems == [] and briefing.article is not None
    assert len(briefing.article.paragraphs) == 10_001
    assert main(["validate", str(article)]) == 0
    assert capsys.readouterr().out == ""


# --- the CLI ---------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_cli_in_process(
    case: Case, hostile_corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    skip_if_meaningless(case)
    folder = str(case.folder(hostile_corpus))
    code = main(["validate", folder])
    out, err = capsys.readouterr()
    assert code == (1 if case.expect == "error" else 0)
    for line in out.splitlines():
        assert LOCATED_LINE.match(line), line
        assert line.startswith(folder)
    if case.where is None:
        assert out == ""
    else:
        severity, line_number, column = case.where
        where = "".join(
            r":\d+" if n is ANY else f":{n}" for n in (line_number, column) if n is not None
        )
        assert re.search(f"{where}: {severity}: ", out), where
    assert not unsafe_in(out + err)
    main(["list", "--no-cache", folder])
    out, err = capsys.readouterr()
    assert not unsafe_in(out + err)
    assert "Traceback" not in out + err


def test_cli_subprocess_over_the_whole_corpus(hostile_corpus: Path, tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path)}
    runs = {
        command: subprocess.run(
            [sys.executable, "-m", "briefing", command, str(hostile_corpus)],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
            cwd=tmp_path,
        )
        for command in ("validate", "list")
    }
    for command, run in runs.items():
        assert "Traceback" not in run.stderr + run.stdout, command
        assert not unsafe_in(run.stdout + run.stderr), command
    validate = runs["validate"]
    assert validate.returncode == 1
    for case in HERE:
        if case.expect != "ok":
            assert f"/{case.name}/" in validate.stdout, case.name
    assert "briefings checked" in validate.stderr
    assert "Plain" in runs["list"].stdout


# --- fuzzing ---------------------------------------------------------------------------------

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
YAML_BITS = st.sampled_from(
    [
        "title: ",
        "summary:",
        "quotes:",
        "figures:",
        "issues:",
        "dates:",
        "tags:",
        "quote:",
        "\n",
        "\n  ",
        "\n    ",
        "- ",
        "text: ",
        "value: ",
        "question: ",
        "status: ",
        "date: ",
        "draft: ",
        "id: ",
        "no",
        "yes",
        "~",
        "1.10",
        "2026-02-30",
        "2026-02-26",
        "&a ",
        "*a",
        "!!python/object/apply:os.system ",
        "!x ",
        "[",
        "]",
        "{",
        "}",
        ", ",
        ": ",
        "'",
        '"',
        "\\e",
        "\x1b",
        "\x00",
        "\t",
        "#",
        "---\n",
        "? ",
        "<<: ",
        "|\n",
        ">\n",
        "\u202e",
    ]
)
YAMLISH = st.lists(st.one_of(YAML_BITS, st.text(max_size=8)), max_size=40).map("".join)


def check_article(text: str, path: Path = Path("fuzz.txt")) -> None:
    try:
        article = parse_article(text, path)
    except BriefingError as exc:
        assert exc.problem.severity == "error" and exc.problem.path == path
        return
    for paragraph in article.paragraphs:
        assert article.body[paragraph.start : paragraph.end] == paragraph.text
    assert not any(unsafe_in(s) for s in strings_in(article))


@FUZZ
@given(st.text())
def test_fuzz_article_text(text: str) -> None:
    check_article(text)


@FUZZ
@given(
    st.lists(
        st.sampled_from(["date ", "title ", "---\n", "\n", " ", "2026-02-26", "Feb 26, 2026"])
        | st.text(max_size=10),
        max_size=20,
    ).map("".join)
)
def test_fuzz_article_headers(text: str) -> None:
    check_article(text)
    check_article(text, Path("fuzz.md"))


@FUZZ
@given(st.binary(max_size=300))
def test_fuzz_article_bytes(raw: bytes) -> None:
    try:
        text = decode(raw, Path("fuzz.txt"))
    except BriefingError as exc:
        assert exc.problem.severity == "error"
        return
    check_article(text)


@FUZZ
@given(YAMLISH, st.text(max_size=200))
def test_fuzz_annotation(text: str, article_text: str) -> None:
    annotation, problems = parse_annotation(text, Path("fuzz.yaml"))
    assert all(isinstance(p, Problem) and p.severity in ("error", "warning") for p in problems)
    assert not any(unsafe_in(s) for s in strings_in([annotation, problems]))
    try:
        article = parse_article(article_text, Path("fuzz.txt"))
    except BriefingError:
        return
    for problem in anchor(annotation, article):
        assert problem.severity == "warning"
    for item in (*annotation.quotes, *annotation.figures):
        if item.anchor is not None:
            assert 0 <= item.anchor.start < item.anchor.end <= len(article.body)
