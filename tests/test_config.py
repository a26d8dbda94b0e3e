"""Tag keys and people aliases from the library's and the user's config; bad config is
reported with its place and ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.config import (
    Config,
    library_config_path,
    load_config,
    user_config_path,
)
from briefing.notes import TAG_DEFAULTS


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    return folder


def test_defaults_without_any_file(library: Path, tmp_path: Path) -> None:
    config = load_config(library, tmp_path / "missing.yaml")
    assert config == Config(tag_keys=dict(TAG_DEFAULTS), people={}, problems=[])
    assert load_config(None, None).tag_keys == TAG_DEFAULTS
    config.tag_keys[1] = "changed"
    assert TAG_DEFAULTS[1] == "key"  # each config has its own copy


def test_library_overrides_defaults_and_user_overrides_library(
    library: Path, tmp_path: Path
) -> None:
    write(library / ".briefing.yaml", "tags:\n  1: Main Point\n  6: to verify\n  3: ~\n")
    user = write(tmp_path / "config" / "config.yaml", "tags:\n  6: '#Check'\n  9: later\n")
    config = load_config(library, user)
    assert config.tag_keys == {
        1: "main-point",
        2: "follow-up",
        4: "disputed",
        5: "figure-check",
        6: "check",
        9: "later",
    }
    assert config.problems == []
    assert load_config(library, None).tag_keys[6] == "to-verify"


def test_library_root_may_be_a_single_briefing(library: Path) -> None:
    write(library / ".briefing.yaml", "tags:\n  7: seven\n")
    article = write(library / "a.txt", "Text.\n")
    assert library_config_path(article) == library / ".briefing.yaml"
    assert load_config(article, None).tag_keys[7] == "seven"


def test_people_aliases(library: Path, tmp_path: Path) -> None:
    write(library / ".briefing.yaml", "people:\n  Rutte: Mark Rutte\n  PM: Inga Ruginiene\n")
    user = write(tmp_path / "user.yaml", 'people:\n  PM: Someone Else\n  "x\\e": Y\n')
    config = load_config(library, user)
    assert config.people == {"Rutte": "Mark Rutte", "PM": "Someone Else", "x\u241b": "Y"}


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("tags:\n  0: zero\n", 2, 3, "not a digit"),
        ("tags:\n  10: ten\n", 2, 3, "not a digit"),
        ("tags:\n  a: letter\n", 2, 3, "not a digit"),
        ("tags:\n  2: '!!!'\n", 2, 6, "not a usable tag"),
        ("tags:\n  2: [a, b]\n", 2, 6, "not a usable tag"),
        ("tags: [key, question]\n", 1, 7, "must be a mapping"),
        ("tag:\n  1: key\n", 1, 1, "unknown setting 'tag'"),
        ("people:\n  Rutte: [a]\n", 2, 3, "needs a name"),
        ("people: Mark Rutte\n", 1, 9, "must be a mapping"),
        ("- a list\n", 1, 1, "must be a mapping"),
    ],
)
def test_bad_entries_are_warned_about_and_ignored(
    library: Path, text: str, line: int, column: int, words: str
) -> None:
    path = write(library / ".briefing.yaml", text)
    config = load_config(library, None)
    (problem,) = config.problems
    assert (problem.path, problem.line, problem.column) == (path, line, column)
    assert problem.severity == "warning"
    assert words in problem.message
    assert "ignored" in problem.hint
    assert config.tag_keys == TAG_DEFAULTS


def test_unknown_setting_suggests_the_known_one(library: Path) -> None:
    write(library / ".briefing.yaml", "peple:\n  a: b\n")
    (problem,) = load_config(library, None).problems
    assert "people" in problem.hint


def test_good_entries_beside_bad_ones_still_apply(library: Path) -> None:
    write(library / ".briefing.yaml", "tags:\n  0: zero\n  6: six\n")
    config = load_config(library, None)
    assert config.tag_keys[6] == "six"
    assert len(config.problems) == 1


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("tags:\n  1: [unclosed\n", 3),
        ("tags:\n  1: a\n  1: b\n", 3),
        ("tags: &x\n  1: a\npeople: *x\n", 1),
    ],
)
def test_unreadable_file_is_an_error_and_ignored_whole(
    library: Path, tmp_path: Path, text: str, line: int
) -> None:
    path = write(library / ".briefing.yaml", text)
    user = write(tmp_path / "user.yaml", "tags:\n  8: eight\n")
    config = load_config(library, user)
    (problem,) = config.problems
    assert (problem.path, problem.line, problem.severity) == (path, line, "error")
    assert problem.column is not None
    assert "the file is ignored" in problem.hint
    assert config.tag_keys == {**TAG_DEFAULTS, 8: "eight"}  # the other file still counts


def test_binary_and_huge_files_are_refused(library: Path, tmp_path: Path) -> None:
    (library / ".briefing.yaml").write_bytes(b"\x00\x01\x02")
    huge = write(tmp_path / "user.yaml", "# padding\n" * 200_000)
    config = load_config(library, huge)
    assert [p.severity for p in config.problems] == ["error", "error"]
    assert "too large" in config.problems[1].message
    assert config.tag_keys == TAG_DEFAULTS


def test_empty_file_is_fine(library: Path) -> None:
    write(library / ".briefing.yaml", "# nothing yet\n")
    assert load_config(library, None) == Config()


def test_user_config_path_follows_the_platform_config_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert user_config_path() == tmp_path / "xdg" / "briefing" / "config.yaml"
