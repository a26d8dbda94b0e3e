"""Safe YAML in and out, with a location for every problem.

Files are *composed* into nodes, never constructed: every scalar stays a string (so ``no``,
``1.10``, ``012345`` and ``2026-02-26`` arrive as written) and each field's type is checked by
the caller with the node's line and column at hand. Anchors and aliases, custom tags, duplicate
keys and runaway nesting are rejected before anything walks the tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from briefing.model import BriefingError, Problem
from briefing.safety import sanitize

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
MAX_DEPTH = 32
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"}
_FALSE = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"}


@dataclass(frozen=True)
class Located:
    """A plain value (str, list or dict of Located, or None) with where it stood in the file."""

    value: Any
    line: int
    column: int
    #: True for an unquoted scalar, where ``null``/``~``/empty mean "no value".
    plain: bool = False
    #: For a mapping: where each key stood, for messages about the key itself.
    keys: dict[str, tuple[int, int]] | None = None

    @property
    def is_null(self) -> bool:
        return self.value is None


def _problem(path: Path, message: str, line: int | None, column: int | None, hint: str) -> Problem:
    return Problem("error", path, message, line, column, hint)


def parse(text: str, path: Path) -> Located | None:
    """Parse YAML ``text`` into ``Located`` values; ``None`` for an empty document.

    Raises ``BriefingError`` for every way a file can be bad. Control characters and bidi
    overrides, raw or written as escapes, come back replaced by visible stand-ins.
    """
    text = sanitize(text)
    try:
        _prescan(text, path)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        reason = (exc.problem or exc.context or "invalid YAML").strip()
        raise BriefingError(
            _problem(
                path, f"YAML syntax error: {reason}", line, column, "fix the YAML at that spot"
            )
        ) from None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        raise BriefingError(
            _problem(
                path,
                f"character U+{exc.character:04X} is not allowed in YAML",
                before.count("\n") + 1,
                len(before) - before.rfind("\n"),
                "delete it",
            )
        ) from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        raise BriefingError(
            _problem(path, f"cannot read YAML: {type(exc).__name__}", None, None, "check the file")
        ) from None
    located = None if node is None else _convert(node, path)
    return None if located is None or located.value is None else located


def _prescan(text: str, path: Path) -> None:
    """Refuse anchors, aliases and deep nesting from the event stream, before anything is built.

    Stopping at the first deep level also keeps the pure-Python parser, which slows down
    quadratically with nesting, from chewing on ten thousand ``[``.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        mark = event.start_mark
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            message, hint = (
                "YAML anchors and aliases are not allowed",
                "write the value out in full",
            )
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth <= MAX_DEPTH:
                continue
            message, hint = "YAML nested too deeply", f"at most {MAX_DEPTH} levels"
        else:
            depth -= isinstance(event, yaml.CollectionEndEvent)
            continue
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise BriefingError(_problem(path, message, line, column, hint))


def _convert(node: yaml.Node, path: Path) -> Located:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    if node.tag not in _STANDARD_TAGS:
        raise BriefingError(
            _problem(path, f"YAML tag {node.tag!r} is not allowed", line, column, "remove the tag")
        )
    if isinstance(node, yaml.ScalarNode):
        plain = not node.style  # None from the Python loader, "" from libyaml
        value = None if plain and node.value in _NULLS else sanitize(node.value)
        return Located(value, line, column, plain)
    if isinstance(node, yaml.SequenceNode):
        return Located([_convert(child, path) for child in node.value], line, column)
    assert isinstance(node, yaml.MappingNode)
    mapping: dict[str, Located] = {}
    keys: dict[str, tuple[int, int]] = {}
    for key_node, value_node in node.value:
        key = _convert(key_node, path)
        if not isinstance(key.value, str):
            raise BriefingError(
                _problem(
                    path,
                    "mapping keys must be plain text",
                    key.line,
                    key.column,
                    "write `key: value`",
                )
            )
        if key.value in mapping:
            raise BriefingError(
                _problem(
                    path,
                    f"duplicate key {key.value!r}",
                    key.line,
                    key.column,
                    f"it is already set on line {keys[key.value][0]}; keep one",
                )
            )
        mapping[key.value] = _convert(value_node, path)
        keys[key.value] = (key.line, key.column)
    return Located(mapping, line, column, keys=keys)


def as_bool(located: Located) -> bool | None:
    """Read a YAML 1.1 boolean from a located scalar; None when it is not one."""
    if isinstance(located.value, str) and located.plain:
        if located.value in _TRUE:
            return True
        if located.value in _FALSE:
            return False
    return None


#: libyaml's emitter when present: about ten times faster than the pure-Python one.
_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[valid-type,misc]
    """Never writes ``&id001`` aliases; multi-line strings as ``|`` blocks where possible."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


#: Line breaks other than ``\n``: PyYAML would write them raw, and they would not come back.
_ODD_BREAKS = ("\x85", "\u2028", "\u2029")


def _str_representer(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = None
    if any(char in data for char in _ODD_BREAKS):
        style = '"'
    elif "\n" in data:
        style = "|"
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str_representer)


def dump(data: Any) -> str:
    """Serialise plain data (dicts, lists, strings, numbers, bools) as readable YAML."""
    return yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False
    )
