"""The core never imports Textual, and reading ISO-dated briefings never imports dateparser.

Checked in fresh interpreters, since this test process has long since imported both.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

NAMED_CORE = [
    "briefing.model",
    "briefing.article",
    "briefing.annotations",
    "briefing.anchoring",
    "briefing.library",
    "briefing.dates",
    "briefing.filters",
    "briefing.safety",
    "briefing.yamlio",
    "briefing.locations",
    "briefing.cli",
]
#: Later layers: checked when they exist.
OPTIONAL_CORE = ["briefing.notes", "briefing.export", "briefing.draft"]

IMPORT_ALL = """
import importlib, json, pkgutil, sys
import briefing
named, optional = json.loads(sys.argv[1])
imported = []
for name in named:
    importlib.import_module(name)
    imported.append(name)
for name in optional:
    try:
        importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
    else:
        imported.append(name)
for info in pkgutil.walk_packages(briefing.__path__, "briefing."):
    if info.name == "briefing.tui" or info.name.startswith("briefing.tui."):
        continue
    importlib.import_module(info.name)
    imported.append(info.name)
print(json.dumps({
    "imported": imported,
    "textual": sorted(m for m in sys.modules if m == "textual" or m.startswith("textual.")),
}))
"""


def run_python(code: str, *args: str, cwd: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_core_modules_do_not_import_textual(tmp_path: Path) -> None:
    out = json.loads(run_python(IMPORT_ALL, json.dumps([NAMED_CORE, OPTIONAL_CORE]), cwd=tmp_path))
    assert set(NAMED_CORE) <= set(out["imported"])
    assert len(set(out["imported"])) > len(NAMED_CORE)  # the walk found the rest of the core
    assert out["textual"] == []


LOAD_SAMPLE = """
import io, sys, contextlib
from pathlib import Path
from briefing.library import discover, load_briefing, scan, HeaderCache
from briefing.cli import main
library = Path(sys.argv[1])
articles, problems = discover(library)
assert articles and not problems
for article in articles:
    briefing = load_briefing(article)
    assert briefing.date is not None and not briefing.problems, briefing.problems
entries = list(scan(library, HeaderCache(None)))
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    assert main(["validate", str(library)]) == 0
    assert main(["list", "--no-cache", str(library)]) == 0
print(len(articles), "dateparser" in sys.modules, "textual" in sys.modules)
"""


def test_sample_library_loads_without_dateparser_or_textual(seed: Path, tmp_path: Path) -> None:
    count, dateparser, textual = run_python(LOAD_SAMPLE, str(seed.parent), cwd=tmp_path).split()
    assert int(count) >= 1
    assert (dateparser, textual) == ("False", "False")
