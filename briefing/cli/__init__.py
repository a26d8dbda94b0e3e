"""The ``briefing`` command: argument parsing, subcommands and exit codes, nothing else.

``briefing [PATH]`` opens the reader; ``briefing COMMAND ...`` runs a subcommand. Each
subcommand lives in its own module with ``register(subparsers)``, and sets ``run`` to a function
taking the parsed arguments and returning the exit code (0 fine, 1 problems found, 2 usage).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from briefing import __version__
from briefing.safety import sanitize

#: Command name → the module under ``briefing.cli`` that defines it. Only the module of the
#: command being run is imported: opening the reader imports none of them.
SUBCOMMANDS = {
    "validate": "validate",
    "list": "listing",
    "export": "export",
    "import": "importing",
    "draft": "draft",
}
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _command_parser(name: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefing", description="Work with briefings.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    importlib.import_module(f"briefing.cli.{SUBCOMMANDS[name]}").register(commands)
    return parser


def _app_parser(command_names: list[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Read, tag and export news and policy briefings in the terminal.",
        epilog=f"commands: {', '.join(command_names)} (briefing COMMAND --help for each)",
    )
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        help="a library folder or a briefing file (default: $BRIEFING_LIBRARY, ./briefings, "
        "or the sample library)",
    )
    parser.add_argument("--notes-dir", type=Path, help="where tags and notes are kept")
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    names = list(SUBCOMMANDS)
    try:
        if args and args[0] in names:
            parsed = _command_parser(args[0]).parse_args(args)
            return int(parsed.run(parsed))
        parsed = _app_parser(names).parse_args(args)
    except SystemExit as exc:  # argparse: --help and --version (0), usage errors (2)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    return _open_app(parsed.path, parsed.notes_dir)


def missing(paths: Sequence[Path]) -> bool:
    """Say so for each of ``paths`` that does not exist; True when any is missing (exit 2)."""
    gone = [path for path in paths if not path.exists()]
    for path in gone:
        print(
            f"briefing: {sanitize(str(path))}: no such file or folder "
            "(give a library folder or a briefing file)",
            file=sys.stderr,
        )
    return bool(gone)


def _open_app(path: Path | None, notes_dir: Path | None) -> int:
    from briefing.locations import default_library

    library = path or default_library()
    if missing([library]):
        return EXIT_USAGE
    from briefing.tui.collector import pause_for_start_up

    pause_for_start_up()  # before Textual is imported: see ``briefing.tui.collector``
    from briefing.tui.app import BriefingApp

    BriefingApp(library, notes_dir=notes_dir).run()
    return EXIT_OK
