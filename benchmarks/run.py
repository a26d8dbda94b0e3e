"""Benchmark the reader at scale: ``.venv/bin/python benchmarks/run.py [--smoke]``.

Generates libraries of 1, 1,000 and 10,000 briefings (``--smoke``: 1 and 20) in a temporary
folder and measures, in one run, each figure beside the same figure for a bare Textual app
showing one line of text (in the terminal, the bare app is started just before each start of
the reader, and each library's ratios are to those starts):

- in a real terminal (tmux): process start to the first screen with the library visible, and
  to every briefing listed, with an empty header cache (cold) and a filled one (warm), for the
  sample library (``briefings/``) and each generated one; the app's peak memory (VmHWM);
- headless, on the largest library: each filter keystroke, opening a briefing, jumping to a
  quote, and the session's peak memory;
- ``briefing list`` (cold and warm cache), ``briefing validate`` and ``briefing export --all``
  on the largest library: wall time and peak memory.

Every user directory (XDG_*, HOME, BRIEFING_NOTES) points into the temporary folder. Prints a
markdown table with each target and PASS/FAIL; exits 1 only when a figure could not be
measured at all (a crash), never because a target was missed.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import terminal  # noqa: E402
from bare_app import LINE  # noqa: E402
from headless import QUERY  # noqa: E402

PYTHON = sys.executable
BRIEFING = Path(sys.executable).with_name("briefing")
SAMPLE = ROOT / "briefings"
_STATUS = re.compile(r"^│ (Loading… )?(\d+)(?: of \d+)? briefings?\b", re.MULTILINE)
PLACEHOLDER = "Choose a briefing in the library"


@dataclass
class Row:
    """One line of the table. ``ok`` is None for figures without a target."""

    name: str
    value: float | None
    unit: str
    base: float | None = None
    target: str = "—"
    ok: bool | None = None
    note: str = ""
    error: str = ""
    #: "> " when the measurement timed out and the value is the time limit.
    bound: str = ""

    def cells(self) -> list[str]:
        if self.value is None:
            return [self.name, "—", "—", self.target, "ERROR", self.error or self.note]
        digits = 0 if self.unit == "MB" or (self.unit == "ms" and self.value >= 100) else 2
        value = f"{self.bound}{self.value:,.{digits}f} {self.unit}"
        ratio = f"{self.bound}{self.value / self.base:.2f}×" if self.base else "—"
        result = {True: "PASS", False: "FAIL", None: "info"}[self.ok]
        return [self.name, value, ratio, self.target, result, self.note]


@dataclass
class Library:
    label: str
    root: Path
    notes: Path
    count: int

    @property
    def slug(self) -> str:
        """A name for the library's user directories."""
        return re.sub(r"\W+", "-", self.label).strip("-")


class Bench:
    def __init__(self, work: Path, *, repeat: int, limit: float) -> None:
        self.work = work
        self.repeat = repeat
        self.limit = limit
        self.rows: list[Row] = []

    def log(self, message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    def env(self, label: str, notes: Path) -> dict[str, str]:
        """User directories for one scenario: reusing a label reuses its cache and state."""
        home = self.work / "users" / label
        dirs = {
            "HOME": home,
            "XDG_CONFIG_HOME": home / "config",
            "XDG_DATA_HOME": home / "data",
            "XDG_STATE_HOME": home / "state",
            "XDG_CACHE_HOME": home / "cache",
            "BRIEFING_NOTES": notes,
        }
        for path in dirs.values():
            path.mkdir(parents=True, exist_ok=True)
        env = {key: str(value) for key, value in dirs.items()}
        env |= {"TERM": "xterm-256color", "LANG": "C.UTF-8", "PATH": os.environ["PATH"]}
        return env

    # -- in a terminal --------------------------------------------------------------------

    def _bare_run(self, label: str) -> terminal.Run:
        """The bare app started once, until its line of text is on the screen."""

        def watch(screen: str, elapsed: float, marks: dict[str, float]) -> bool:
            if LINE in screen:
                marks["screen"] = elapsed
                return True
            return False

        env = self.env(label, self.work / "no-notes")
        command = [PYTHON, str(HERE / "bare_app.py")]
        return terminal.run(command, env, self.work, watch, limit=self.limit, quit_keys=["C-q"])

    def bare_terminal(self) -> tuple[float | None, float | None]:
        # More runs: every ratio of memory is divided by this.
        runs = [self._bare_run(f"bare-{rep}") for rep in range(2 * self.repeat - 1)]
        first = _median([r.milestones.get("screen") for r in runs])
        peak = _max([r.peak_mb for r in runs])
        errors = "; ".join(r.error or "timed out" for r in runs if r.error or r.timed_out)
        self.rows.append(Row("bare Textual app: first screen", first, "s", note=errors))
        self.rows.append(Row("bare Textual app: peak memory", peak, "MB"))
        return first, peak

    def reader_terminal(self, library: Library, bare_mb: float | None, largest: bool) -> None:
        """The reader's start on ``library``, each time beside a start of the bare app just
        before it: the machine's speed drifts over a run, and the ratios are to these."""
        results: dict[str, list[terminal.Run]] = {"cold": [], "warm": []}
        bare_runs: list[terminal.Run] = []
        for rep in range(self.repeat):
            bare_runs.append(self._bare_run(f"bare-{library.slug}-{rep}"))
            label = f"{library.slug}-{rep}"
            for state in ("cold", "warm"):  # warm: the same user dirs, cache filled by cold
                self.log(f"terminal: {library.label}, {state} cache, run {rep + 1}")
                run = terminal.run(
                    [str(BRIEFING), str(library.root)],
                    self.env(label, library.notes),
                    self.work,
                    _reader_watch(library.count),
                    limit=self.limit,
                    quit_keys=["q"],
                )
                if run.timed_out or run.error:
                    self.log(f"  {run.error or 'timed out'}; last screen:\n{run.screen}")
                results[state].append(run)
        bare = _median([r.milestones.get("screen") for r in bare_runs])
        for state, runs in results.items():
            name = f"{library.label}, {state} cache"
            first = _median([r.milestones.get("screen") for r in runs])
            if library.root == SAMPLE:
                target, check = "≤ 1.3× bare", _ratio(1.3, bare)
            elif largest:
                target, check = "≤ 1.6× bare", _ratio(1.6, bare)
            else:
                target, check = "—", None
            firsts = _median([r.milestones.get("first") for r in runs])
            note = f"first briefing listed at {firsts:.2f} s" if firsts is not None else ""
            if bare is not None:
                note = f"bare app beside it {bare:.2f} s; " + note
            self._add(f"first screen, {name}", first, "s", bare, target, check, runs, note)
            listed = _median([r.milestones.get("all") for r in runs])
            timed_out = [r for r in runs if r.timed_out]
            bound = ""
            if timed_out and listed is None:
                listed, bound = self.limit, "> "
                note = f"timed out: not all listed after {self.limit:.0f} s"
            else:
                note = f"{len(timed_out)} of {len(runs)} runs timed out" if timed_out else ""
            opened = _median([r.milestones.get("opened") for r in runs])
            if opened is not None:
                note = f"newest briefing shown at {opened:.2f} s " + note
            target, check = ("≤ 3 s", _at_most(3.0)) if largest else ("—", None)
            self._add(
                f"all listed, {name}", listed, "s", bare, target, check, runs, note, bound=bound
            )
            if largest:
                peak = _max([r.peak_mb for r in runs])
                self._add(
                    f"peak memory, {name}",
                    peak,
                    "MB",
                    bare_mb,
                    "≤ 400 MB",
                    _at_most(400),
                    runs,
                    "VmHWM of the app process",
                )

    def _add(
        self,
        name: str,
        value: float | None,
        unit: str,
        base: float | None,
        target: str,
        check: Callable[[float], bool] | None,
        runs: Sequence[terminal.Run] = (),
        note: str = "",
        *,
        bound: str = "",
    ) -> None:
        error = "; ".join(sorted({r.error for r in runs if r.error}))
        ok = check(value) if check is not None and value is not None else None
        self.rows.append(Row(name, value, unit, base, target, ok, note, error, bound))

    # -- headless ---------------------------------------------------------------------------

    def headless(self, library: Library, label: str) -> None:
        self.log("headless: bare app keystrokes")
        bare, error = self._probe(["--bare"], self.env("bare-headless", self.work / "no-notes"))
        bare_ms = statistics.median(bare["keystroke_ms"]) if bare else None
        self._add(
            "bare Textual app: keystroke in an input box (median)",
            bare_ms,
            "ms",
            None,
            "—",
            None,
            note=error,
        )
        self.log(f"headless: reader on {library.count:,} briefings")
        args = [str(library.root), str(library.count), "--today", generate.TODAY.isoformat()]
        found, error = self._probe(args, self.env(label, library.notes))
        size = library.label
        for key, name, target, check in (
            ("keystroke_ms", f"filter keystroke, {size} (worst key)", "≤ 50 ms", _at_most(50)),
            ("open_ms", f"open a briefing, {size} (worst)", "≤ 100 ms", _at_most(100)),
            ("jump_ms", f"jump to a quote, {size} (worst)", "—", None),
        ):
            times = found.get(key) if found else None
            if not times:
                self.rows.append(Row(name, None, "ms", target=target, error=error or "no data"))
                continue
            note = f"median {statistics.median(times):.0f} ms of {len(times)}"
            if key == "keystroke_ms":
                note += f" keys typing and deleting {QUERY!r}"
            self._add(name, max(times), "ms", bare_ms, target, check, note=note)
        peak = found.get("peak_rss_mb") if found else None
        self._add(
            f"peak memory, headless session, {size}",
            peak,
            "MB",
            None,
            "≤ 400 MB",
            _at_most(400),
            note=error or "ru_maxrss: list, filter, open, jump",
        )

    def _probe(self, args: list[str], env: dict[str, str]) -> tuple[dict[str, Any] | None, str]:
        """Run ``headless.py``: its JSON, or None and what went wrong."""
        command = [PYTHON, str(HERE / "headless.py"), *args, "--limit", str(self.limit)]
        done = measure(command, env, self.work, self.limit * 5)
        if done.code != 0 or done.timed_out:
            self.log(f"  headless probe failed: {done.problem()}")
            return None, done.problem()
        return json.loads(done.stdout), ""

    # -- the command line -------------------------------------------------------------------

    def commands(self, library: Library, bare: float | None) -> None:
        """``list`` once with an empty cache and once with the cache it filled; ``validate``
        and ``export --all``, each the median of three runs (one run of ten seconds moves by
        a fifth with the machine's load)."""
        size = library.label
        out = self.work / "export" / "all.md"
        out.parent.mkdir(exist_ok=True)
        label = f"cli-{library.slug}"
        root = str(library.root)
        for name, command, runs, target, check in (
            (f"briefing list, {size}, cold cache", ["list", root], 1, "—", None),
            (f"briefing list, {size}, warm cache", ["list", root], 1, "—", None),
            (
                f"briefing validate, {size}",
                ["validate", root],
                3,
                "≤ 10 s",
                _at_most(10),
            ),
            (
                f"briefing export --all, {size}",
                ["export", root, "--all", "--force", "-o", str(out)],
                3,
                "≤ 10 s",
                _at_most(10),
            ),
        ):
            self.log(f"command: {name}")
            done = [
                measure(
                    [str(BRIEFING), *command], self.env(label, library.notes), self.work, self.limit
                )
                for _ in range(runs)
            ]
            if any(run.timed_out for run in done):
                self._add(
                    name,
                    self.limit,
                    "s",
                    bare,
                    target,
                    check,
                    note=f"timed out after {self.limit:.0f} s",
                    bound="> ",
                )
                continue
            failed = [run for run in done if run.code != 0]
            if failed:
                self.rows.append(Row(name, None, "s", target=target, error=failed[0].problem()))
                continue
            seconds = sorted(run.seconds for run in done)
            note = f"exit 0, peak {max(run.peak_mb for run in done):.0f} MB"
            if runs > 1:
                note = f"median of {runs}: {seconds[0]:.2f}–{seconds[-1]:.2f} s; " + note
            self._add(name, statistics.median(seconds), "s", bare, target, check, note=note)

    def table(self) -> str:
        header = ["measurement", "value", "× bare", "target", "result", "notes"]
        rows = [header, ["---"] * len(header), *(row.cells() for row in self.rows)]
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        lines = []
        for row in rows:
            cells = [
                ("-" * widths[i] if cell == "---" else cell.ljust(widths[i]))
                for i, cell in enumerate(row)
            ]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)


def _reader_watch(count: int) -> Callable[[str, float, dict[str, float]], bool]:
    """Milestones: ``screen`` (the library's status line is up), ``first`` (a briefing is
    listed), ``all`` (N briefings, no longer loading), ``opened`` (an article is shown)."""

    def watch(screen: str, elapsed: float, marks: dict[str, float]) -> bool:
        status = _STATUS.search(screen)
        if status is None:
            return False
        listed, loading = int(status[2]), bool(status[1])
        marks.setdefault("screen", elapsed)
        if listed >= 1:
            marks.setdefault("first", elapsed)
        if listed == count and not loading:
            marks.setdefault("all", elapsed)
        if PLACEHOLDER not in screen:  # the last one read may open before the list is full
            marks.setdefault("opened", elapsed)
        return "all" in marks and "opened" in marks

    return watch


@dataclass
class Measured:
    seconds: float
    code: int
    peak_mb: float
    stdout: str
    stderr: str
    timed_out: bool

    def problem(self) -> str:
        if self.timed_out:
            return f"timed out after {self.seconds:.0f} s"
        tail = " ".join(self.stderr.strip().splitlines()[-3:])
        return f"exit {self.code}: {tail[:300]}"


def measure(command: Sequence[str], env: dict[str, str], cwd: Path, limit: float) -> Measured:
    """Run a command to completion (killed after ``limit`` s): wall time and its own peak RSS
    (``wait4`` reports the child's, not a maximum over every child so far)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=cwd, stdout=out, stderr=err)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > limit:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                timed_out = True
                break
            time.sleep(0.005)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Measured(
            seconds,
            process.returncode,
            usage.ru_maxrss / 1024,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            timed_out,
        )


def _median(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present and len(present) == len(values) else None


def _max(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def _at_most(limit: float) -> Callable[[float], bool]:
    return lambda value: value <= limit


def _ratio(limit: float, base: float | None) -> Callable[[float], bool] | None:
    return None if base is None else (lambda value: value <= limit * base)


def machine() -> str:
    """The facts a reader of the table needs: CPU, memory, versions, commit."""

    def output(*command: str) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            return ""

    from importlib.metadata import version

    memory = [line.split() for line in output("free", "-h").splitlines() if line.startswith("Mem")]
    cpu = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
    commit = output("git", "-C", str(ROOT), "rev-parse", "--short", "HEAD").strip()
    changed = output("git", "-C", str(ROOT), "status", "--porcelain", "--", "briefing")
    return "\n".join(
        [
            f"- CPU: {cpu[1] if cpu else platform.processor()}; `nproc`: {output('nproc').strip()}",
            f"- memory (`free -h`): {memory[0][1] if memory else '?'} total",
            f"- {platform.system()} {platform.release()}; Python {platform.python_version()}; "
            f"textual {version('textual')}; {output('tmux', '-V').strip()}",
            f"- briefing at commit {commit}"
            + (" plus uncommitted changes under briefing/" if changed else ""),
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="sizes 1 and 20, one repetition")
    parser.add_argument("--repeat", type=int, help="runs per terminal figure (default 9)")
    parser.add_argument("--limit", type=float, help="seconds per measurement (default 120)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    sizes = (1, 20) if args.smoke else (1, 1000, 10000)
    repeat = args.repeat or (1 if args.smoke else 9)
    limit = args.limit or (30.0 if args.smoke else 120.0)
    if shutil.which("tmux") is None or not BRIEFING.exists():
        print("run.py: needs tmux and the installed briefing command (make run)", file=sys.stderr)
        return 2
    # Bytecode as an installed package has it: with PYTHONDONTWRITEBYTECODE set, a module
    # edited since its .pyc was written would otherwise be compiled again at every start.
    compileall.compile_dir(ROOT / "briefing", quiet=1)
    # Stopped with SIGTERM (or SIGINT, ignored in background jobs): still clean up.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    work = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    bench = Bench(work, repeat=repeat, limit=limit)
    # Nothing this process does may touch the real user directories either.
    os.environ.update(bench.env("runner", work / "no-notes"))
    os.environ.pop("BRIEFING_LIBRARY", None)
    started, load = time.perf_counter(), os.getloadavg()
    try:
        sample = _count(SAMPLE)
        libraries = [Library(f"sample library ({sample})", SAMPLE, work / "no-notes", sample)]
        for size in sizes:
            bench.log(f"generating {size:,} briefings")
            made = generate.generate(work / f"lib-{size}", size, notes_dir=work / f"notes-{size}")
            bench.log(
                f"  {made.bytes_written / 2**20:.1f} MiB, {made.noted} with notes, "
                f"{made.seconds:.1f} s"
            )
            name = f"{size:,} briefing{'s' * (size != 1)}"
            libraries.append(Library(name, made.root, made.notes_dir, size))
        # Written out before anything is timed: the writeback of the generated libraries
        # (~200 MB at 10,000) otherwise overlapped the first starts, the sample library's.
        os.sync()
        bench.log("terminal: bare app")
        bare, bare_mb = bench.bare_terminal()
        largest = libraries[-1]
        for library in libraries:
            bench.reader_terminal(library, bare_mb, largest=library is largest)
        bench.headless(largest, f"{largest.slug}-0")
        bench.commands(largest, bare)
        draft = _draft(work, args.smoke, limit)
    finally:
        if args.keep:
            bench.log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"## briefing benchmarks{' (smoke: tiny sizes, figures mean nothing)' * args.smoke}\n")
    print(machine())
    print(
        f"- load average (1 min): {load[0]:.2f} at the start, {os.getloadavg()[0]:.2f} at the end"
    )
    print(
        f"- {repeat} run(s) per terminal figure (median; memory: the highest); "
        f"{time.perf_counter() - started:.0f} s in all\n"
    )
    print(bench.table())
    if draft:
        print(f"\n## Drafting (benchmarks/bench_draft.py)\n\n{draft}")
    return 1 if any(row.value is None for row in bench.rows) else 0


def _count(root: Path) -> int:
    return sum(1 for path in root.iterdir() if path.suffix in (".txt", ".md"))


def _draft(work: Path, smoke: bool, limit: float) -> str:
    """The drafting benchmark's own output, when ``bench_draft.py`` is there."""
    script = HERE / "bench_draft.py"
    if not script.exists():
        return ""
    command = [PYTHON, str(script), *(["--words", "500", "--runs", "1"] if smoke else [])]
    done = measure(command, dict(os.environ), work, limit * 5)
    if done.code != 0 or done.timed_out:
        return f"bench_draft.py failed: {done.problem()}"
    return done.stdout.strip()


if __name__ == "__main__":
    raise SystemExit(main())
