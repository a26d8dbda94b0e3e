"""Shared fixtures: every user directory points into ``tmp_path``; the sample seed briefing."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_LIBRARY = ROOT / "briefings"
SEED = SAMPLE_LIBRARY / "001_nato_rutte_defence_spending.txt"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes seconds (building and installing the wheel)")


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Keep the developer's own config, data, state, cache and notes out of every test."""
    home = tmp_path / "home"
    home.mkdir()
    for name, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_DOCUMENTS_DIR", "Documents"),
    ):
        monkeypatch.setenv(name, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("BRIEFING_NOTES", str(home / "notes"))
    monkeypatch.delenv("BRIEFING_LIBRARY", raising=False)
    yield home


@pytest.fixture
def seed() -> Path:
    """The seed article of the sample library (its annotation sits beside it)."""
    return SEED


@pytest.fixture(scope="session")
def hostile_corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The folder of the hostile-input corpus (``tests/hostile/corpus.py``), built once per
    session; each case is the subfolder ``case.folder(root)``."""
    from hostile.corpus import build_corpus

    root = tmp_path_factory.mktemp("hostile")
    cases = build_corpus(root)
    yield root
    for case in cases:  # an unreadable file would stop pytest from cleaning up
        for path in case.folder(root).iterdir():
            if not path.is_symlink():
                path.chmod(0o755 if path.is_dir() else 0o644)


@pytest.fixture(scope="session")
def benchmark_generator() -> ModuleType:
    """``benchmarks/generate.py``, which makes realistic libraries of any size."""
    name = "benchmarks_generate"
    if name not in sys.modules:  # dataclasses look their module up there
        spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "generate.py")
        assert spec is not None and spec.loader is not None
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]
