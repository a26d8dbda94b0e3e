"""Safe YAML in and out, with a location for every problem.

Files are read from the parser's events straight into ``Located`` values, never constructed:
every scalar stays a string (so ``no``, ``1.10``, ``012345`` and ``2026-02-26`` arrive as
written) and each field's type is checked by the caller with the node's line and column at hand.
Anchors and aliases, custom tags, non-text and duplicate keys, more than one document and
runaway nesting are refused in that same single pass, before anything is expanded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

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


@dataclass(frozen=True, init=False)
class Located:
    """A plain value (str, list or dict of Located, or None) with where it stood in the file."""

    value: Any
    line: int
    column: int
    #: True for an unquoted scalar, where ``null``/``~``/empty mean "no value".
    plain: bool = False
    #: For a mapping: where each key stood, for messages about the key itself.
    keys: dict[str, tuple[int, int]] | None = None

    def __init__(
        self,
        value: Any,
        line: int,
        column: int,
        plain: bool = False,
        keys: dict[str, tuple[int, int]] | None = None,
    ) -> None:
        # One is made per node of every file: filling the instance dict directly is twice as fast
        # as the generated frozen ``__init__`` (an ``object.__setattr__`` call per field).
        fields = self.__dict__
        fields["value"] = value
        fields["line"] = line
        fields["column"] = column
        fields["plain"] = plain
        fields["keys"] = keys

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
        return _read(text, path)
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


def _error(path: Path, message: str, mark: yaml.Mark, hint: str) -> BriefingError:
    return BriefingError(_problem(path, message, mark.line + 1, mark.column + 1, hint))


def _key_error(key: Located, keys: dict[str, tuple[int, int]], path: Path) -> BriefingError:
    """The problem with a mapping key that is not text, or not new."""
    if not isinstance(key.value, str):
        return BriefingError(
            _problem(
                path, "mapping keys must be plain text", key.line, key.column, "write `key: value`"
            )
        )
    return BriefingError(
        _problem(
            path,
            f"duplicate key {key.value!r}",
            key.line,
            key.column,
            f"it is already set on line {keys[key.value][0]}; keep one",
        )
    )


#: Scalars that the resolver, when it picks the tag of a plain one, tags as neither text nor a
#: standard type. A plain scalar cannot be ``!``, ``&`` or ``*``, but ``! '!'`` is resolved too.
_SPECIAL_PLAIN = {
    "<<": "tag:yaml.org,2002:merge",
    "=": "tag:yaml.org,2002:value",
    "!": "tag:yaml.org,2002:yaml",
    "&": "tag:yaml.org,2002:yaml",
    "*": "tag:yaml.org,2002:yaml",
}


def _tag_error(event: Any, path: Path) -> BriefingError | None:
    """Refuse the tags the composer would resolve to anything but a standard type.

    No tag, or the non-specific ``!``, means the resolver picks: ``map``/``seq`` for
    collections, and for a scalar in plain mode (``implicit[0]``, also set by ``!``) the few in
    ``_SPECIAL_PLAIN`` get tags of their own; every other implicit scalar is a standard type.
    """
    tag = event.tag
    if tag is None or tag == "!":
        if isinstance(event, ScalarEvent) and event.implicit[0]:
            tag = _SPECIAL_PLAIN.get(event.value)
        if tag is None or tag == "!":
            return None
    elif tag in _STANDARD_TAGS:
        return None
    return _error(path, f"YAML tag {tag!r} is not allowed", event.start_mark, "remove the tag")


def _read(text: str, path: Path) -> Located | None:
    """One pass over the parser's events: every check, and the located tree, with no recursion.

    Anchors, aliases and deep nesting stop the pass at once, before anything is expanded (an
    alias bomb costs nothing, and the pure-Python parser, quadratic in nesting, never chews on
    ten thousand ``[``). A problem in the tree itself (a tag, a key) is kept while the rest of
    the stream is still checked, so that, as when the file was composed first, a syntax error
    anywhere wins. This loop runs for every event of every file, hence the inlined steps.
    """
    # Only escapes in double-quoted scalars can make characters that ``sanitize`` would change.
    escapes = "\\" in text
    # The open collections, the document's own list of roots at the bottom.
    stack = [Located([], 1, 1)]
    # For each open collection: the mapping key waiting for its value (None when none is).
    waiting: list[str | None] = [None]
    failure: BriefingError | None = None
    documents = 0
    loader = _Loader(text)
    try:  # as ``yaml.parse`` does, without a generator: ``get_event`` gives None at the end
        for event in iter(loader.get_event, None):
            kind = event.__class__
            if kind is ScalarEvent:
                mark = event.start_mark
                if event.anchor is not None:
                    raise _anchor_error(mark, path)
                if failure is not None:
                    continue
                value = event.value
                if event.tag is not None or value in _SPECIAL_PLAIN:
                    failure = _tag_error(event, path)
                    if failure is not None:
                        continue
                style = event.style
                if style:
                    if escapes and style == '"':
                        value = sanitize(value)
                elif value in _NULLS:
                    value = None
                top = stack[-1]
                keys = top.keys
                if keys is not None and (key := waiting[-1]) is None:  # a mapping's key
                    if isinstance(value, str) and value not in keys:
                        keys[value] = (mark.line + 1, mark.column + 1)
                        waiting[-1] = value
                    else:
                        item = Located(value, mark.line + 1, mark.column + 1, not style)
                        failure = _key_error(item, keys, path)
                    continue
                item = Located(value, mark.line + 1, mark.column + 1, not style)
                if keys is None:
                    top.value.append(item)
                else:
                    top.value[key] = item
                    waiting[-1] = None
            elif kind is SequenceEndEvent or kind is MappingEndEvent:
                closed = stack.pop()
                waiting.pop()
                if failure is not None or stack[-1].keys is None:
                    continue
                if waiting[-1] is not None:  # a value, in place since it opened
                    waiting[-1] = None
                else:  # a key, refused once what is inside it has been checked
                    failure = _key_error(closed, stack[-1].keys, path)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                mark = event.start_mark
                if event.anchor is not None:
                    raise _anchor_error(mark, path)
                if len(stack) > MAX_DEPTH:
                    raise _error(
                        path, "YAML nested too deeply", mark, f"at most {MAX_DEPTH} levels"
                    )
                if event.tag is not None and failure is None:
                    failure = _tag_error(event, path)
                if kind is MappingStartEvent:
                    item = Located({}, mark.line + 1, mark.column + 1, keys={})
                else:
                    item = Located([], mark.line + 1, mark.column + 1)
                if failure is None:  # filled in place from now on
                    top = stack[-1]
                    if top.keys is None:
                        top.value.append(item)
                    elif (key := waiting[-1]) is not None:
                        top.value[key] = item
                stack.append(item)
                waiting.append(None)
            elif kind is AliasEvent:
                raise _anchor_error(event.start_mark, path)
            elif kind is DocumentStartEvent:
                documents += 1
                if documents == 2:  # what ``yaml.compose`` refused, reported as it did
                    failure = _error(
                        path,
                        "YAML syntax error: but found another document",
                        event.start_mark,
                        "fix the YAML at that spot",
                    )
    finally:
        loader.dispose()
    if failure is not None:
        raise failure
    roots = stack[0].value
    return roots[0] if roots and roots[0].value is not None else None


def _anchor_error(mark: yaml.Mark, path: Path) -> BriefingError:
    return _error(
        path, "YAML anchors and aliases are not allowed", mark, "write the value out in full"
    )


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
