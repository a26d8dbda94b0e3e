"""Reading a JSON-LD file: every W3C annotation in it, as what it asks for (``Incoming``)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.model import BriefingError, Problem
from briefing.notes import clean, normalise_note, normalise_tag

#: Most pages followed through ``next`` links inside one file.
MAX_PAGES = 10_000


@dataclass
class Incoming:
    """What one annotation asks for, read from the JSON."""

    number: int
    id: str
    source: str
    exact: str | None = None
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None
    kind: str | None = None
    text: str | None = None
    tags: list[str] = field(default_factory=list)
    note: str = ""


class _Bad(ValueError):
    """One annotation that cannot be read; it is reported and skipped."""


def _types(node: dict[str, Any]) -> set[str]:
    raw = node.get("type", node.get("@type"))
    values = raw if isinstance(raw, list) else [raw]
    return {value.rsplit(":", 1)[-1] for value in values if isinstance(value, str)}


def _annotations(data: Any, path: Path) -> list[dict[str, Any]]:
    """Every annotation in a parsed file: one annotation, a list, a page or a collection."""
    found: list[dict[str, Any]] = []
    pending: list[Any] = [data]
    pages = 0
    while pending:
        node = pending.pop(0)
        if isinstance(node, list):
            pending[:0] = node
            continue
        if not isinstance(node, dict):
            continue
        kinds = _types(node)
        if "Annotation" in kinds:
            found.append(node)
        elif kinds & {"AnnotationCollection", "AnnotationPage"}:
            pages += 1
            if pages > MAX_PAGES:
                break
            for key in ("first", "items", "next"):
                value = node.get(key)
                if isinstance(value, str) and key != "items":
                    raise BriefingError(
                        Problem(
                            "error",
                            path,
                            f"the collection's `{key}` page is a link, not part of the file",
                            hint="export the annotations with their pages embedded",
                        )
                    )
                if value is not None:
                    pending.append(value)
    return found


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise _Bad(f"`{what}` must be text")
    return clean(value)


def _offset(value: Any, what: str) -> int:
    if type(value) is not int or value < 0:
        raise _Bad(f"`{what}` must be a whole number")
    return value


def _read_target(incoming: Incoming, target: Any) -> None:
    if isinstance(target, list):
        if not target:
            raise _Bad("`target` is empty")
        target = target[0]  # briefing keeps one place per record
    if isinstance(target, str):
        incoming.source = _text(target, "target")
        return
    if not isinstance(target, dict):
        raise _Bad("`target` must be an object or a link")
    incoming.source = _text(target.get("source", target.get("id")), "target.source")
    selectors = target.get("selector", [])
    for selector in selectors if isinstance(selectors, list) else [selectors]:
        if not isinstance(selector, dict):
            continue
        kinds = _types(selector)
        if "TextQuoteSelector" in kinds:
            incoming.exact = _text(selector.get("exact"), "exact")
            incoming.prefix = _text(selector.get("prefix", ""), "prefix")
            incoming.suffix = _text(selector.get("suffix", ""), "suffix")
        elif "TextPositionSelector" in kinds:
            incoming.start = _offset(selector.get("start"), "start")
            incoming.end = _offset(selector.get("end"), "end")
            if incoming.end < incoming.start:
                raise _Bad("a TextPositionSelector ends before it starts")


def _read_bodies(incoming: Incoming, annotation: dict[str, Any]) -> None:
    motivation = annotation.get("motivation")
    motivations = set(motivation if isinstance(motivation, list) else [motivation])
    default = "tagging" if motivations == {"tagging"} else "commenting"
    bodies = annotation.get("body", [])
    bodies = bodies if isinstance(bodies, list) else [bodies]
    if "bodyValue" in annotation:
        bodies = [*bodies, {"value": annotation["bodyValue"]}]
    notes: list[str] = []
    for body in bodies:
        if not isinstance(body, dict) or "value" not in body:
            continue  # a linked resource: nothing briefing can keep
        value = _text(body["value"], "body value")
        purpose = body.get("purpose", default)
        if purpose == "tagging":
            tag = normalise_tag(value)
            if not tag:
                raise _Bad(f"{value!r} is not a usable tag")
            if tag not in incoming.tags:
                incoming.tags.append(tag)
        elif purpose == "commenting":
            if note := normalise_note(value):
                notes.append(note)
        elif purpose == "classifying":
            incoming.kind = value
        elif purpose == "describing":
            incoming.text = value
    incoming.note = "\n\n".join(notes)


def parse_jsonld(text: str, path: Path) -> tuple[list[Incoming], list[Problem]]:
    """The annotations of a JSON-LD file, and a problem for each that cannot be read.

    Raises ``BriefingError`` (with line and column for a JSON syntax error) when the file is
    not JSON, or holds no W3C annotations at all.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BriefingError(
            Problem(
                "error",
                path,
                f"not valid JSON: {exc.msg}",
                exc.lineno,
                exc.colno,
                "fix the JSON at that spot",
            )
        ) from None
    except RecursionError:
        raise BriefingError(Problem("error", path, "the JSON is nested too deeply")) from None
    nodes = _annotations(data, path)
    if not nodes:
        raise BriefingError(
            Problem(
                "error",
                path,
                "no W3C annotations in this file",
                1,
                1,
                "give an Annotation, an AnnotationPage or an AnnotationCollection",
            )
        )
    found: list[Incoming] = []
    problems: list[Problem] = []
    for number, node in enumerate(nodes, 1):
        raw_id = node.get("id", node.get("@id", ""))
        incoming = Incoming(number, clean(raw_id) if isinstance(raw_id, str) else "", "")
        try:
            if "target" not in node:
                raise _Bad("it has no `target`")
            _read_target(incoming, node["target"])
            _read_bodies(incoming, node)
        except _Bad as exc:
            shown = f" ({incoming.id})" if incoming.id else ""
            problems.append(Problem("error", path, f"annotation {number}{shown}: {exc}"))
            continue
        found.append(incoming)
    return found, problems
