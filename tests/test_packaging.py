"""The package as a user gets it: a built wheel with the sample library inside, installed into a
fresh virtual environment, run from an empty folder.

The wheel is built with pip's ordinary build isolation (pip fetches the build backend from
PyPI); the fresh environment gets the project's dependencies from the project's own ``.venv``
through a ``.pth`` line, so nothing else is downloaded.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(
    *args: str | Path, cwd: Path, env: dict[str, str] | None = None, timeout: float = 120
) -> str:
    result = subprocess.run(
        [str(arg) for arg in args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        env=env,
    )
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built as a wheel, from a copy (building writes into the source folder)."""
    work = tmp_path_factory.mktemp("build")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("briefing", "briefings"):
        shutil.copytree(ROOT / name, source / name, symlinks=True, ignore=ignore)
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-cache-dir",
        "--quiet",
        "--wheel-dir",
        work / "dist",
        source,
        cwd=work,
    )
    (built,) = (work / "dist").glob("briefing-*.whl")
    return built


@pytest.mark.slow
def test_wheel_holds_the_sample_library(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    samples = sorted(p.name for p in (ROOT / "briefings").iterdir() if not p.name.startswith("."))
    assert samples, "the sample library is empty"
    for name in samples:
        assert f"briefing/sample/{name}" in names
    assert "briefing/py.typed" in names
    assert any(name.startswith("briefing/tui/") and name.endswith(".tcss") for name in names)


@pytest.mark.slow
def test_installed_command_lists_the_shipped_samples(
    wheel: Path, tmp_path: Path, isolated_user_dirs: Path
) -> None:
    venv = tmp_path / "fresh"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--no-deps",
        "--no-index",
        "--quiet",
        wheel,
        cwd=tmp_path,
    )
    # The dependencies come from the project's environment: a plain path line, so its own .pth
    # files (among them the editable install of this checkout) are not processed.
    fresh_site = run(
        python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path
    ).strip()
    Path(fresh_site, "project-deps.pth").write_text(site.getsitepackages()[0] + "\n")

    empty = tmp_path / "empty"
    empty.mkdir()
    env = {key: value for key, value in os.environ.items() if key != "BRIEFING_LIBRARY"}
    env["PATH"] = f"{venv / 'bin'}:/usr/bin:/bin"
    env.pop("PYTHONPATH", None)
    located = run(python, "-c", "import briefing; print(briefing.__file__)", cwd=empty, env=env)
    assert Path(located.strip()).is_relative_to(venv), "the installed copy is the one imported"

    listing = run(venv / "bin" / "briefing", "list", cwd=empty, env=env)
    assert "2026-02-26" in listing and "Rutte urges Europe" in listing
    validation = subprocess.run(
        [venv / "bin" / "briefing", "validate"], capture_output=True, text=True, cwd=empty, env=env
    )
    assert validation.returncode == 0, validation.stdout + validation.stderr
    assert "0 errors, 0 warnings" in validation.stderr
    assert not (empty / "briefings").exists() and list(empty.iterdir()) == []
