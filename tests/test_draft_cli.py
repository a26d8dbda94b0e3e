"""`briefing draft ARTICLE [-o FILE] [--force]`: where it writes, what it refuses, exit codes."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from briefing.cli import main
from briefing.library import load_briefing


@pytest.fixture
def article(seed: Path, tmp_path: Path) -> Path:
    copy = tmp_path / seed.name
    shutil.copyfile(seed, copy)
    return copy


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["draft", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_writes_the_annotation_beside_the_article(
    article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, str(article))
    target = article.with_suffix(".yaml")
    assert code == 0 and out == ""
    assert err.startswith(f"wrote {target}: 4 quotes, 6 figures, ")
    assert err.endswith("all marked draft: true\n")
    assert main(["validate", str(article)]) == 0
    assert load_briefing(article).problems == []


def test_refuses_to_overwrite_without_force(
    article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = article.with_suffix(".yaml")
    target.write_text("summary: [mine]\n", "utf-8")
    code, out, err = run(capsys, str(article))
    assert code == 1 and out == ""
    assert err == f"briefing draft: {target} already exists; use --force to overwrite it\n"
    assert target.read_text("utf-8") == "summary: [mine]\n"


def test_an_existing_yml_annotation_is_refused_too_and_forced_in_place(
    article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = article.with_suffix(".yml")
    existing.write_text("summary: [mine]\n", "utf-8")
    assert run(capsys, str(article))[0] == 1
    assert run(capsys, str(article), "--force")[0] == 0
    assert not article.with_suffix(".yaml").exists()
    assert "draft: true" in existing.read_text("utf-8")


def test_force_overwrites_and_keeps_the_file_mode(
    article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = article.with_suffix(".yaml")
    target.write_text("summary: [mine]\n", "utf-8")
    os.chmod(target, 0o640)
    code, _, _ = run(capsys, str(article), "--force")
    assert code == 0
    assert "Mark Rutte" in target.read_text("utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in article.parent.iterdir() if p.name.startswith(".")] == []


def test_output_to_a_file_and_to_stdout(
    article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "elsewhere.yaml"
    assert run(capsys, str(article), "-o", str(other))[0] == 0
    assert other.is_file() and not article.with_suffix(".yaml").exists()
    code, _, err = run(capsys, str(article), "-o", str(other))
    assert code == 1 and "use --force" in err
    code, out, err = run(capsys, str(article), "-o", "-")
    assert code == 0 and err == ""
    assert out == other.read_text("utf-8")
    assert yaml.safe_load(out)["quotes"][0]["speaker"] == "Mark Rutte"
    assert not article.with_suffix(".yaml").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{yaml}"], "is an annotation; give the article"),
        (["{article}", "-o", "{article}"], "is the article itself"),
        (["{article}", "-o", "{folder}"], "is a folder"),
    ],
)
def test_usage_errors_exit_2(
    args: list[str], message: str, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = {
        "yaml": str(article.with_suffix(".yaml")),
        "article": str(article),
        "folder": str(article.parent),
    }
    code, out, err = run(capsys, *(arg.format(**names) for arg in args))
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1


def test_missing_argument_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["draft"]) == 2
    assert "ARTICLE" in capsys.readouterr().err


def test_unreadable_articles_exit_1_with_a_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"date 2026-02-26\n\nGood line\nBad \xff here\n")
    code, out, err = run(capsys, str(bad))
    assert code == 1 and out == ""
    assert err == f"{bad}:4:5: error: the file is not valid UTF-8 (save it as UTF-8)\n"
    code, _, err = run(capsys, str(tmp_path / "missing.txt"))
    assert code == 1 and "cannot read the file" in err and err.count("\n") == 1
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", "utf-8")
    assert run(capsys, str(empty))[0] == 1
    assert not (tmp_path / "bad.yaml").exists() and not (tmp_path / "empty.yaml").exists()


def test_an_unwritable_target_exits_1_in_one_line(
    article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, str(article), "-o", str(tmp_path / "no" / "such" / "d.yaml"))
    assert code == 1 and "cannot write" in err and err.count("\n") == 1


def test_control_characters_in_file_names_are_not_echoed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sneaky = tmp_path / "x\x1b]0;pwned\x07.txt"
    sneaky.write_text("date 2026-02-26\n\nText.\n", "utf-8")
    sneaky.with_suffix(".yaml").write_text("summary: [mine]\n", "utf-8")
    code, _, err = run(capsys, str(sneaky))
    assert code == 1 and "\x1b" not in err and "\x07" not in err


def test_the_real_command_never_shows_a_traceback(article: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00")
    for args in ([str(article)], [str(article)], [str(bad)], [], [str(tmp_path)]):
        result = subprocess.run(
            [sys.executable, "-m", "briefing", "draft", *args],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
        )
        assert result.returncode in (0, 1, 2)
        assert "Traceback" not in result.stderr, result.stderr
    assert article.with_suffix(".yaml").is_file()
