"""Settings from the library's ``.briefing.yaml`` and the user's ``config.yaml``.

Both files may hold::

    tags:            # digit 1-9 -> tag toggled by that key; `~` unbinds a digit
      1: key
      6: to-verify
    people:          # alias -> the name it stands for
      Rutte: Mark Rutte

The user's file overrides the library's, which overrides ``TAG_DEFAULTS``. Bad config never
stops the app: each problem is reported with its line and column and that entry (or, for a
file that cannot be read, the whole file) is ignored.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from briefing.article import read_text
from briefing.library import CONFIG_NAME
from briefing.model import BriefingError, Problem
from briefing.notes import TAG_DEFAULTS, normalise_tag
from briefing.safety import sanitize
from briefing.yamlio import Located, parse

USER_CONFIG_NAME = "config.yaml"
KNOWN_KEYS = ("tags", "people")
#: A config file larger than this is not hand-written; it is refused.
MAX_CONFIG_BYTES = 1024 * 1024


@dataclass
class Config:
    #: Digit (1-9) -> the tag that key toggles.
    tag_keys: dict[int, str] = field(default_factory=lambda: dict(TAG_DEFAULTS))
    #: Alias -> the person's name it stands for.
    people: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def user_config_path() -> Path:
    """Where the user's config file lives (computed on call, never at import)."""
    from briefing.locations import config_dir

    return config_dir() / USER_CONFIG_NAME


def library_config_path(library_root: Path) -> Path:
    """``.briefing.yaml`` of a library folder (or of the folder holding a single briefing)."""
    folder = library_root if library_root.is_dir() else library_root.parent
    return folder / CONFIG_NAME


def load_config(library_root: Path | None, user_config: Path | None) -> Config:
    """The library's settings overridden by the user's; either path may be None or missing."""
    config = Config()
    for path in (
        library_config_path(library_root) if library_root is not None else None,
        user_config,
    ):
        if path is not None and path.is_file():
            _Reader(path, config).read()
    return config


class _Reader:
    def __init__(self, path: Path, config: Config) -> None:
        self.path = path
        self.config = config

    def warn(self, at: tuple[int, int], message: str, hint: str) -> None:
        problem = Problem("warning", self.path, message, at[0], at[1], hint + "; it is ignored")
        self.config.problems.append(problem)

    def read(self) -> None:
        try:
            size = self.path.stat().st_size
            if size > MAX_CONFIG_BYTES:
                raise BriefingError(
                    Problem(
                        "error",
                        self.path,
                        f"the config file is too large ({size} bytes)",
                        hint="the file is ignored",
                    )
                )
            root = parse(read_text(self.path), self.path)
        except OSError as exc:
            self.config.problems.append(
                Problem("error", self.path, f"cannot read: {exc.strerror}", hint="it is ignored")
            )
            return
        except BriefingError as exc:
            hint = exc.problem.hint
            ignored = f"{hint}; the file is ignored" if hint else "the file is ignored"
            self.config.problems.append(
                Problem(
                    "error",
                    self.path,
                    exc.problem.message,
                    exc.problem.line,
                    exc.problem.column,
                    ignored,
                )
            )
            return
        if root is None:
            return
        if not isinstance(root.value, dict):
            self.warn(
                (root.line, root.column), "the config must be a mapping", "write `key: value`"
            )
            return
        for key, at in (root.keys or {}).items():
            if key not in KNOWN_KEYS:
                close = difflib.get_close_matches(key, KNOWN_KEYS, n=1)
                hint = f"did you mean `{close[0]}`?" if close else f"known: {', '.join(KNOWN_KEYS)}"
                self.warn(at, f"unknown setting {key!r}", hint)
        if "tags" in root.value:
            self.tags(root.value["tags"])
        if "people" in root.value:
            self.people(root.value["people"])

    def entries(self, at: Located, what: str) -> list[tuple[str, tuple[int, int], Located]]:
        if at.value is None:
            return []
        if not isinstance(at.value, dict):
            self.warn((at.line, at.column), f"`{what}` must be a mapping", "write `key: value`")
            return []
        keys = at.keys or {}
        return [(key, keys[key], value) for key, value in at.value.items()]

    def tags(self, at: Located) -> None:
        for key, where, value in self.entries(at, "tags"):
            if not (len(key) == 1 and key in "123456789"):
                self.warn(where, f"tag key {key!r} is not a digit from 1 to 9", "use 1-9")
                continue
            if value.value is None:
                self.config.tag_keys.pop(int(key), None)
                continue
            tag = normalise_tag(value.value) if isinstance(value.value, str) else ""
            if not tag:
                self.warn(
                    (value.line, value.column),
                    f"not a usable tag for key {key}",
                    "write a word such as `follow-up`, or `~` to unbind the key",
                )
                continue
            self.config.tag_keys[int(key)] = tag

    def people(self, at: Located) -> None:
        for alias, where, value in self.entries(at, "people"):
            name = sanitize(value.value).strip() if isinstance(value.value, str) else ""
            if not name or not alias.strip():
                self.warn(where, f"alias {alias!r} needs a name", "write `alias: Full Name`")
                continue
            self.config.people[sanitize(alias).strip()] = name
