"""The ``briefing`` command, in process (``main([...])``) and as a real subprocess."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.cli import main

LOCATED = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): (error|warning): .+")


def run(*args: str, cwd: Path, env_home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(env_home),
        "XDG_CACHE_HOME": str(env_home / "cache"),
        "XDG_DATA_HOME": str(env_home / "data"),
        "XDG_CONFIG_HOME": str(env_home / "config"),
        "XDG_STATE_HOME": str(env_home / "state"),
    }
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env=env,
    )


@pytest.fixture
def sample(seed: Path) -> Path:
    return seed.parent


@pytest.fixture
def broken_library(tmp_path: Path) -> Path:
    library = tmp_path / "library"
    library.mkdir()
    (library / "good.txt").write_text("title Good one\ndate 2026-01-05\n\nFine words.\n")
    (library / "good.yaml").write_text("quotes:\n  - text: Fine words\n")
    (library / "bad.txt").write_text("date 2026-01-06\n\nBody.\n")
    (library / "bad.yaml").write_text("title: a\nsummary: b\ntitle: c\n")
    return library


# --- subprocesses -----------------------------------------------------------------------------


def test_validate_sample_library_is_clean(
    sample: Path, tmp_path: Path, isolated_user_dirs: Path
) -> None:
    result = run("validate", str(sample), cwd=tmp_path, env_home=isolated_user_dirs)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "0 errors, 0 warnings" in result.stderr


def test_validate_with_errors(
    broken_library: Path, tmp_path: Path, isolated_user_dirs: Path
) -> None:
    result = run("validate", str(broken_library), cwd=tmp_path, env_home=isolated_user_dirs)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    match = LOCATED.match(lines[0])
    assert match is not None, lines[0]
    assert (match["file"], match["line"], match["column"]) == (
        str(broken_library / "bad.yaml"),
        "3",
        "1",
    )
    assert "Traceback" not in result.stderr


def test_validate_bad_flag_is_a_usage_error(tmp_path: Path, isolated_user_dirs: Path) -> None:
    result = run("validate", "--no-such-flag", cwd=tmp_path, env_home=isolated_user_dirs)
    assert result.returncode == 2
    assert "usage:" in result.stderr and "Traceback" not in result.stderr


def test_list_prints_the_seed(sample: Path, tmp_path: Path, isolated_user_dirs: Path) -> None:
    result = run("list", str(sample), cwd=tmp_path, env_home=isolated_user_dirs)
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert header.split()[:2] == ["date", "title"]
    (seed_row,) = [row for row in rows if row.startswith("2026-02-26  Rutte urges Europe")]
    assert re.search(r"\b4\s+6\s+6\b", seed_row)  # quotes, figures, open issues
    # The header cache was written into the (redirected) user cache folder.
    assert [*(isolated_user_dirs / "cache" / "briefing" / "headers").glob("*.json")]


def test_help(tmp_path: Path, isolated_user_dirs: Path) -> None:
    result = run("--help", cwd=tmp_path, env_home=isolated_user_dirs)
    assert result.returncode == 0
    assert result.stdout.startswith("usage: briefing")
    assert "validate" in result.stdout and "list" in result.stdout


# --- in process -------------------------------------------------------------------------------


def test_main_validate_sample(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(sample)]) == 0
    out, err = capsys.readouterr()
    briefings = len([*sample.glob("*.txt"), *sample.glob("*.md")])
    assert out == "" and err == f"{briefings} briefings checked: 0 errors, 0 warnings\n"


def test_main_validate_errors_and_quiet(
    broken_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (broken_library / "warn.txt").write_text("Body.\n")
    (broken_library / "warn.yaml").write_text("quote: x\n")
    assert main(["validate", str(broken_library)]) == 1
    out, err = capsys.readouterr()
    assert [line.split(": ")[1] for line in out.splitlines()] == ["error", "warning"]
    assert "3 briefings checked: 1 error, 1 warning" in err
    assert main(["validate", "-q", str(broken_library)]) == 1
    out, _ = capsys.readouterr()
    assert len(out.splitlines()) == 1 and ": error: " in out


def test_main_validate_one_file_and_its_annotation(
    broken_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(broken_library / "good.txt")]) == 0
    assert main(["validate", str(broken_library / "bad.yaml")]) == 1
    out, _ = capsys.readouterr()
    assert "bad.yaml:3:1: error: duplicate key" in out


@pytest.mark.parametrize("command", ["validate", "list"])
def test_main_missing_path_is_a_usage_error(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([command, str(tmp_path / "nowhere")]) == 2
    out, err = capsys.readouterr()
    assert "nowhere" in err and "no such file or folder" in err
    assert "Traceback" not in out + err


@pytest.mark.parametrize(
    "argv",
    [["validate", "--bogus"], ["list", "--bogus"], ["nope-not-a-command", "x"], ["--bogus"]],
)
def test_main_usage_errors_return_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "usage:" in capsys.readouterr().err


def test_main_help_and_version_return_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert main(["--version"]) == 0
    assert main(["validate", "--help"]) == 0
    out = capsys.readouterr().out
    assert "briefing 0.1.0" in out and "usage: briefing validate" in out


def test_main_list_table_newest_first_with_problems(
    broken_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (broken_library / "old.txt").write_text("date 2025-12-01\ntitle Older\n\nBody.\n")
    assert main(["list", "--no-cache", str(broken_library)]) == 0
    out = capsys.readouterr().out
    assert out.index("2026-01-06") < out.index("2026-01-05") < out.index("2025-12-01")
    assert "Good one" in out and "Older" in out
    assert "duplicate key" in out  # the broken one is listed with its error


def test_main_list_uses_briefing_library(
    broken_library: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BRIEFING_LIBRARY", str(broken_library))
    assert main(["list", "--no-cache"]) == 0
    assert "Good one" in capsys.readouterr().out


def test_main_list_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["list", str(tmp_path / "empty")]) == 1
    assert "no briefings in" in capsys.readouterr().err


def test_main_output_never_carries_escapes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = tmp_path / "lib"
    library.mkdir()
    (library / "x\x1b]0;pwned\x07.txt").write_text("Body.\n")
    (library / "x\x1b]0;pwned\x07.yaml").write_text("quote: x\n")
    (library / "y\x1b[2J.yaml").write_text("title: orphan\n")
    assert main(["validate", str(library)]) == 1
    main(["list", "--no-cache", str(library)])
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "x\u241b]0;pwned\u2407.yaml:1:1: warning" in out
