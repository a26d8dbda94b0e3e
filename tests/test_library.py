"""Library discovery, full loading, the cheap listing and its header cache."""

from __future__ import annotations

import io
import json
import os
import shutil
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from briefing import library
from briefing.library import (
    Entry,
    HeaderCache,
    default_cache,
    discover,
    load_briefing,
    read_entry,
    scan,
    sort_entries,
)
from briefing.model import Problem


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    write(root / "a.txt", "title Alpha\ndate 2026-01-01\n\nAlpha body says hello to 7 allies.\n")
    write(root / "a.yaml", "quotes:\n  - text: says hello\nfigures:\n  - value: '7'\n")
    write(root / "deep/er/b.md", "---\ntitle: Beta\ndate: 2026-03-01\n---\nBeta body.\n")
    write(root / "deep/er/b.yml", "issues:\n  - question: Why?\n  - question: How?\n")
    write(root / "c.txt", "date 2026-02-01\n\nNo annotation at all.\n")
    write(root / "undated.txt", "title Zulu\n\nNo date.\n")
    write(root / "broken.txt", "date 2026-02-30\n\nBad date.\n")
    write(root / ".hidden.txt", "date 2026-01-01\n\nHidden.\n")
    write(root / ".git/d.txt", "date 2026-01-01\n\nIn a hidden folder.\n")
    write(root / "__pycache__/e.txt", "x")
    write(root / "notes.json", "{}")
    return root


def names(paths: list[Path]) -> list[str]:
    return [path.name for path in paths]


def test_discover_is_recursive_sorted_and_skips_hidden(lib: Path) -> None:
    articles, problems = discover(lib)
    assert problems == []
    assert names(articles) == ["a.txt", "broken.txt", "c.txt", "undated.txt", "b.md"]


def test_discover_one_file(lib: Path) -> None:
    assert discover(lib / "a.txt") == ([lib / "a.txt"], [])
    assert discover(lib / "a.yaml") == ([lib / "a.txt"], [])
    assert discover(lib / "deep/er/b.yml") == ([lib / "deep/er/b.md"], [])


def test_annotation_without_article(lib: Path) -> None:
    orphan = write(lib / "sub/lonely.yaml", "title: x\n")
    articles, problems = discover(lib)
    assert len(articles) == 5
    assert [(p.severity, p.path) for p in problems] == [("error", orphan)]
    assert "without an article" in problems[0].message and problems[0].hint
    assert discover(orphan) == ([], [problems[0]])


def test_missing_root(tmp_path: Path) -> None:
    articles, problems = discover(tmp_path / "nowhere")
    assert articles == [] and [p.severity for p in problems] == ["error"]


def test_symlink_loop_terminates_and_is_reported(lib: Path) -> None:
    os.symlink("../..", lib / "deep" / "er" / "up")
    os.symlink(".", lib / "here")
    os.symlink("self.txt", lib / "self.txt")
    articles, problems = discover(lib)
    assert sorted(names(articles)).count("a.txt") == 1
    loops = [p for p in problems if "symlink loop" in p.message]
    assert {p.path.name for p in loops} == {"up", "here"}
    assert all(p.severity == "warning" and p.hint for p in loops)
    broken = load_briefing(lib / "self.txt")  # a link to itself is an error, not a hang
    assert [p.severity for p in broken.problems] == ["error"]


@pytest.mark.parametrize("target", ["/", "..", "../.."])
def test_link_to_a_folder_holding_the_library_is_a_loop(lib: Path, target: str) -> None:
    os.symlink(target, lib / "deep" / "up")
    started = time.perf_counter()
    articles, problems = discover(lib)
    assert time.perf_counter() - started < 1, "the whole file system was not walked"
    assert len(articles) == 5
    assert [(p.severity, p.path.name) for p in problems] == [("warning", "up")]


def test_a_root_that_is_neither_file_nor_folder(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    articles, problems = discover(fifo)
    assert articles == [] and [p.severity for p in problems] == ["error"]
    assert "not a file or folder" in problems[0].message


def test_symlinked_folder_outside_the_library_is_followed(lib: Path, tmp_path: Path) -> None:
    write(tmp_path / "elsewhere/x.txt", "date 2026-01-09\n\nLinked in.\n")
    os.symlink(tmp_path / "elsewhere", lib / "linked")
    articles, problems = discover(lib)
    assert "x.txt" in names(articles) and problems == []


def test_discover_all_counts_each_briefing_once_however_it_is_reached(
    lib: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "elsewhere/x.txt", "date 2026-01-09\n\nLinked in.\n")
    os.symlink(tmp_path / "elsewhere", lib / "linked")
    os.symlink(tmp_path / "elsewhere/x.txt", lib / "deep/alias.txt")
    os.symlink("a.txt", lib / "also-a.txt")
    monkeypatch.chdir(lib / "deep")
    roots = [lib, lib / "a.txt", Path("er/b.md"), Path("../deep/er/../er"), tmp_path / "elsewhere"]
    articles, problems = library.discover_all(roots)
    expected: dict[str, Path] = {}
    for root in roots:
        for article in discover(root)[0]:
            expected.setdefault(os.path.realpath(article), article)
    assert articles == list(expected.values()) and problems == []
    # The link in deep/ comes before the folder link, and a.txt before its link.
    assert sorted(names(articles)) == [
        "a.txt",
        "alias.txt",
        "b.md",
        "broken.txt",
        "c.txt",
        "undated.txt",
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a folder whatever its mode")
def test_unreadable_folder_is_reported(lib: Path) -> None:
    locked = lib / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        articles, problems = discover(lib)
    finally:
        locked.chmod(0o755)
    assert len(articles) == 5
    assert [(p.severity, p.path) for p in problems] == [("error", locked)]


def test_unreadable_folder_simulated(lib: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if str(path).endswith("deep"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    articles, problems = discover(lib)
    assert "b.md" not in names(articles) and len(articles) == 4
    assert [(p.severity, p.path.name) for p in problems] == [("error", "deep")]
    assert "Permission denied" in problems[0].message


# --- loading in full ----------------------------------------------------------------------------


def test_load_briefing_with_and_without_annotation(lib: Path) -> None:
    alpha = load_briefing(lib / "a.txt")
    assert alpha.problems == [] and alpha.title == "Alpha" and alpha.date == date(2026, 1, 1)
    assert alpha.annotation.quotes[0].anchor is not None
    bare = load_briefing(lib / "c.txt")
    assert bare.problems == [] and bare.annotation.items() == []
    assert bare.title == "c" and bare.article is not None
    beta = load_briefing(lib / "deep/er/b.md")
    assert beta.problems == [] and beta.title == "Beta" and len(beta.annotation.issues) == 2


def test_broken_briefing_keeps_its_annotation(lib: Path) -> None:
    write(lib / "broken.yaml", "title: Still titled\n")
    broken = load_briefing(lib / "broken.txt")
    assert broken.article is None and broken.title == "Still titled"
    assert [(p.severity, p.line, p.column) for p in broken.errors] == [("error", 1, 6)]


# --- listing --------------------------------------------------------------------------------


def entries_of(root: Path, cache: HeaderCache | None = None) -> tuple[list[Entry], list[Problem]]:
    entries: list[Entry] = []
    problems: list[Problem] = []
    for found in scan(root, cache):
        if isinstance(found, Entry):
            entries.append(found)
        else:
            problems.append(found)
    return entries, problems


def test_scan_lists_every_briefing_broken_ones_with_their_error(lib: Path) -> None:
    entries, problems = entries_of(lib)
    assert problems == []
    by_name = {entry.path.name: entry for entry in entries}
    assert set(by_name) == {"a.txt", "b.md", "c.txt", "undated.txt", "broken.txt"}
    alpha = by_name["a.txt"]
    assert (alpha.title, alpha.date, alpha.quotes, alpha.figures) == (
        "Alpha",
        date(2026, 1, 1),
        1,
        1,
    )
    assert by_name["b.md"].open_issues == 2
    broken = by_name["broken.txt"]
    assert broken.broken and broken.errors == 1 and broken.date is None
    assert broken.problems[0].startswith(f"{lib / 'broken.txt'}:1:6: error:")
    assert not by_name["c.txt"].broken and by_name["c.txt"].problems == []


def test_sort_newest_first_undated_last_by_title(lib: Path) -> None:
    entries, _ = entries_of(lib)
    assert [e.path.name for e in sort_entries(entries)] == [
        "b.md",
        "c.txt",
        "a.txt",
        "broken.txt",
        "undated.txt",
    ]


def test_entry_json_round_trip(lib: Path) -> None:
    entry = read_entry(lib / "a.txt")
    assert Entry.from_json(json.loads(json.dumps(entry.to_json()))) == entry


class CountingLoads:
    """Counts how often the listing loads an annotation in full."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        real = library.load_annotation

        def counting(path: Path) -> Any:
            self.calls += 1
            return real(path)

        monkeypatch.setattr(library, "load_annotation", counting)


def test_header_cache_hits_until_size_or_mtime_change(
    lib: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads = CountingLoads(monkeypatch)
    cache_file = tmp_path / "cache" / "headers.json"
    first, _ = entries_of(lib, HeaderCache(cache_file))
    assert loads.calls == 2  # a.yaml and b.yml
    assert cache_file.is_file()

    reads = ByteCounter(monkeypatch, "")  # every file opened for reading, any name
    second, _ = entries_of(lib, HeaderCache(cache_file))
    assert loads.calls == 2, "a second scan reads no annotation"
    assert reads.read == 0, "nor any article"
    assert sort_entries(second) == sort_entries(first)

    annotation = lib / "a.yaml"
    annotation.write_text(annotation.read_text() + "  - value: '8'\n")  # size changes
    third, _ = entries_of(lib, HeaderCache(cache_file))
    assert loads.calls == 3
    assert reads.read > 0  # the counter does count: this scan read the changed files
    assert {e.path.name: e.figures for e in third}["a.txt"] == 2

    stat = annotation.stat()
    os.utime(annotation, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # same size
    entries_of(lib, HeaderCache(cache_file))
    assert loads.calls == 4

    article = lib / "deep/er/b.md"
    article.write_text(article.read_text().replace("Beta", "Gamma"))
    fourth, _ = entries_of(lib, HeaderCache(cache_file))
    assert loads.calls == 5
    assert "Gamma" in {e.title for e in fourth}


def test_header_cache_is_not_saved_when_nothing_changed(lib: Path, tmp_path: Path) -> None:
    cache_file = tmp_path / "headers.json"
    entries_of(lib, HeaderCache(cache_file))
    before = cache_file.stat().st_mtime_ns
    os.utime(cache_file, ns=(before - 10**9, before - 10**9))
    entries_of(lib, HeaderCache(cache_file))
    assert cache_file.stat().st_mtime_ns == before - 10**9


@pytest.mark.parametrize(
    "content",
    [
        "not json at all",
        "[]",
        '{"version": 99, "entries": {}}',
        '{"version": 1, "entries": []}',
        '{"version": 1, "entries": {"KEY": 5}}',
        '{"version": 1, "entries": {"KEY": {"stamp": "STAMP", "entry": 5}}}',
        '{"version": 1, "entries": {"KEY": {"stamp": "STAMP", "entry": {"path": "p", '
        '"title": 5, "date": null}}}}',
        '{"version": 1, "entries": {"KEY": {"stamp": "STAMP", "entry": {"path": "p", '
        '"title": "t", "date": null, "tags": "abc", "quotes": "1"}}}}',
        '{"version": 1, "entries": {"KEY": {"stamp": "STAMP", "entry": {"path": 3}}}}',
        '{"version": 1, "entries": {"KEY": {"stamp": "STAMP", "entry": {"date": "2026-99-01"}}}}',
        "\x00\xff",
    ],
)
def test_corrupt_cache_is_ignored(
    lib: Path, tmp_path: Path, content: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = os.path.abspath(lib / "a.txt")
    stamp = json.dumps(HeaderCache._stamp(lib / "a.txt"))
    cache_file = tmp_path / "headers.json"
    cache_file.write_text(content.replace('"KEY"', json.dumps(key)).replace('"STAMP"', stamp))
    entries, _ = entries_of(lib, HeaderCache(cache_file))
    assert {e.path.name: e.title for e in entries}["a.txt"] == "Alpha"
    json.loads(cache_file.read_text())  # rewritten as good JSON


def test_unwritable_cache_only_costs_speed(lib: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    entries, _ = entries_of(lib, HeaderCache(blocker / "headers.json"))
    assert len(entries) == 5


def test_each_library_has_its_own_cache_in_the_user_cache_dir(
    isolated_user_dirs: Path, lib: Path, tmp_path: Path
) -> None:
    small = tmp_path / "small"
    write(small / "only.txt", "Date: 2026-01-02\nTitle: Only one\n\nText.\n")
    entries_of(lib, default_cache(lib))
    entries_of(small, default_cache(small))
    folder = isolated_user_dirs / "cache" / "briefing" / "headers"
    assert default_cache(lib).path.parent == default_cache(small).path.parent == folder
    assert default_cache(lib).path != default_cache(small).path
    # The small library's start reads only its own entry, whatever else was opened before.
    saved = json.loads(default_cache(small).path.read_text())["entries"]
    assert [Path(key).name for key in saved] == ["only.txt"]
    (tmp_path / "link").symlink_to(small)  # the same library by another name: the same cache
    assert default_cache(tmp_path / "link").path == default_cache(small).path


class ByteCounter:
    """Counts the bytes read through ``Path.open`` from files whose name ends with a suffix."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, suffix: str) -> None:
        self.read = 0
        real_open = Path.open
        counter = self

        class Counted(io.BufferedReader):
            def read(self, size: int | None = -1, /) -> bytes:
                data = super().read(size)
                counter.read += len(data)
                return data

        def opener(path: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            if mode == "rb" and path.name.endswith(suffix):
                return Counted(io.FileIO(path, "r"))
            return real_open(path, mode, *args, **kwargs)

        monkeypatch.setattr(Path, "open", opener)


@pytest.fixture
def huge_article(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "huge" / "huge.txt"
    paragraph = "A long paragraph of ordinary text. " * 150 + "\n\n"
    write(path, "title Huge\ndate 2026-02-26\n\n" + paragraph * 2_000)
    assert path.stat().st_size > 10 * 2**20
    yield path


def test_listing_reads_only_the_header(huge_article: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counter = ByteCounter(monkeypatch, "huge.txt")
    entries, _ = entries_of(huge_article.parent)
    assert [(e.title, e.date) for e in entries] == [("Huge", date(2026, 2, 26))]
    assert 0 < counter.read <= 64 * 1024
    listed = counter.read
    load_briefing(huge_article)  # the counter does see a full read
    assert counter.read - listed == huge_article.stat().st_size


def test_header_cache_path_key_survives_a_symlink_loop(lib: Path, tmp_path: Path) -> None:
    os.symlink("self.txt", lib / "self.txt")
    entries, _ = entries_of(lib, HeaderCache(tmp_path / "headers.json"))
    (looped,) = [e for e in entries if e.path.name == "self.txt"]
    assert looped.broken


def test_quick_scan_lists_from_headers_and_the_cache_completes_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first start lists every briefing without reading one annotation; the entries are
    completed afterwards and cached, so the next quick scan is complete at once."""
    import briefing.library as library_module
    from briefing.library import HeaderCache, scan

    library = tmp_path / "lib"
    shutil.copytree(Path(__file__).resolve().parent.parent / "briefings", library)
    calls: list[Path] = []
    real = library_module.load_annotation

    def counting(path: Path):  # type: ignore[no-untyped-def]
        calls.append(path)
        return real(path)

    monkeypatch.setattr(library_module, "load_annotation", counting)
    cache = HeaderCache(tmp_path / "headers.json")
    quick = [e for e in scan(library, cache, quick=True) if not isinstance(e, Problem)]
    assert len(quick) == 2 and not any(e.complete for e in quick) and calls == []
    assert {e.quotes for e in quick} == {0}
    full = [cache.entry(e.path) for e in quick]
    cache.save()
    assert all(e.complete for e in full) and {e.quotes for e in full} == {4, 2}
    again = [
        e
        for e in scan(library, HeaderCache(tmp_path / "headers.json"), quick=True)
        if not isinstance(e, Problem)
    ]
    assert all(e.complete for e in again) and len(calls) == 2


def test_entries_not_cached_are_read_on_every_core_and_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, benchmark_generator: Any
) -> None:
    import briefing.parallel

    benchmark_generator.generate(tmp_path / "lib", 30, notes_dir=tmp_path / "notes")
    articles, _ = library.discover(tmp_path / "lib")
    expected = [library.read_entry(article) for article in articles]
    monkeypatch.setattr(briefing.parallel, "PARALLEL_FROM", 5)
    cache = library.HeaderCache(tmp_path / "headers.json")
    assert list(library.scan(tmp_path / "lib", cache)) == expected
    again = library.HeaderCache(tmp_path / "headers.json")
    assert [again.peek(article) for article in articles] == expected
