"""Untrusted text made visible and harmless; the one atomic writer."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hostile.corpus import UNSAFE
from hypothesis import given
from hypothesis import strategies as st

from briefing import safety
from briefing.safety import atomic_write, is_clean, sanitize


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31mred", "\u241b[31mred"),
        ("\x00nul", "\u2400nul"),
        ("bell\x07", "bell\u2407"),
        ("del\x7f", "del\u2421"),
        ("csi\x9b2J", "csi\ufffd2J"),
        ("nel\x85", "nel\ufffd"),
        ("\u202eevil\u202c", "\ufffdevil\ufffd"),
        ("\u2066iso\u2069 \u200f \u200e \u061c", "\ufffdiso\ufffd \ufffd \ufffd \ufffd"),
        ("line\r\nnext\r\n", "line\nnext\n"),
        ("lone\rreturn", "lone\u240dreturn"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        (
            "caf\u00e9 \u201cquoted\u201d \u2014 \U0001f600",
            "caf\u00e9 \u201cquoted\u201d \u2014 \U0001f600",
        ),
        ("[bold]markup[/] stays", "[bold]markup[/] stays"),
    ],
)
def test_sanitize(raw: str, shown: str) -> None:
    assert sanitize(raw) == shown
    assert is_clean(shown) and (raw == shown) == is_clean(raw)


@given(st.text())
def test_sanitize_leaves_nothing_unsafe_and_is_idempotent(text: str) -> None:
    clean = sanitize(text)
    assert not UNSAFE.intersection(clean)
    assert sanitize(clean) == clean
    assert is_clean(clean)
    assert len(clean) <= len(text)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of its own (``tmp_path`` also holds the redirected home)."""
    path = tmp_path / "work"
    path.mkdir()
    return path


def test_atomic_write_creates_with_the_umask_mode(folder: Path) -> None:
    path = folder / "new.yaml"
    old = os.umask(0o022)
    try:
        atomic_write(path, "caf\u00e9\n")
    finally:
        os.umask(old)
    assert path.read_bytes() == "caf\u00e9\n".encode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_atomic_write_keeps_the_mode_of_the_file_it_replaces(folder: Path) -> None:
    path = folder / "kept.yaml"
    path.write_text("old")
    path.chmod(0o640)
    atomic_write(path, b"new bytes")
    assert path.read_bytes() == b"new bytes"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in folder.iterdir()) == ["kept.yaml"]


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    folder: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = folder / "precious.yaml"
    path.write_text("old content")

    def boom(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(safety.os, failing, boom)
    with pytest.raises(OSError):
        atomic_write(path, "new content")
    assert path.read_text() == "old content"
    assert [p.name for p in folder.iterdir()] == ["precious.yaml"]


def test_atomic_write_fsyncs_file_and_folder(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(safety.os, "fsync", fsync)
    atomic_write(folder / "a.txt", "x")
    assert len(synced) == 2  # the data, then the folder entry


def test_atomic_write_into_a_missing_folder_raises(folder: Path) -> None:
    with pytest.raises(OSError):
        atomic_write(folder / "missing" / "a.txt", "x")
    assert list(folder.iterdir()) == []
