"""Folding a draft into an annotation a human wrote: add what is new, touch nothing else.

New items are appended to the file's text, at the end of their section (or in a new section at
the end of the file), indented like the items already there; comments and layout stay as they
were. The result is read back and compared with what was expected; if appending could not be
done or the comparison fails, the file is written out again from its parsed content instead.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from briefing.anchoring import fold_needle
from briefing.annotations import parse_annotation
from briefing.model import (
    Annotation,
    BriefingError,
    DateMention,
    Figure,
    Item,
    OpenIssue,
    Quote,
    SummaryPoint,
)
from briefing.yamlio import Located, as_bool, dump, parse

SECTIONS = ("summary", "quotes", "figures", "issues", "dates")
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
#: How alike (rapidfuzz token-set ratio) a drafted question may be to one already in the file.
ISSUE_SIMILARITY = 90
_REWRITTEN = "the file was written out again: its comments and layout were not kept"


def item_data(item: Item) -> Any:
    """An item as the plain data written to YAML (a summary point is a bare string)."""
    if isinstance(item, SummaryPoint):
        return item.body
    data: dict[str, Any] = {}
    if isinstance(item, Quote):
        if item.speaker:
            data["speaker"] = item.speaker
        if item.role:
            data["role"] = item.role
        data["text"] = item.words
    elif isinstance(item, Figure):
        data["value"] = item.value
        if item.label:
            data["label"] = item.label
    elif isinstance(item, OpenIssue):
        data["question"] = item.question
        data["status"] = item.status
    elif isinstance(item, DateMention):
        data["text"] = item.mention
        if item.resolved is not None:
            data["date"] = item.resolved.isoformat()
    if item.note:
        data["note"] = item.note
    if item.draft:
        data["draft"] = True
    return data


def _line(item: Item) -> str:
    text = " ".join(item.text.split())
    short = text if len(text) <= 70 else text[:69] + "…"
    if isinstance(item, Quote):
        return f"quote: {item.speaker or 'unknown speaker'}: “{short}”"
    if isinstance(item, Figure):
        return f"figure: {short}" + (f" ({item.label})" if item.label else "")
    if isinstance(item, OpenIssue):
        return f"open issue: {short}"
    if isinstance(item, DateMention):
        when = item.resolved.isoformat() if item.resolved else "unresolved"
        return f"date: {short} ({when})"
    return f"summary: {short}"


def describe(annotation: Annotation) -> list[str]:
    """One human-readable line per item, in file order."""
    return [_line(item) for section in SECTIONS for item in getattr(annotation, section)]


def _key(text: str) -> str:
    return _EDGE.sub("", fold_needle(text).replace('"', "").casefold())


def _similar(one: str, two: str) -> bool:
    """Two questions worded nearly alike, or one holding all the other's words."""
    from rapidfuzz import fuzz

    return fuzz.token_set_ratio(one, two) >= ISSUE_SIMILARITY


def new_items(existing: Annotation, draft: Annotation) -> dict[str, list[Item]]:
    """The draft's items that the annotation does not already hold, by section.

    An item is already there when an item of its section has its id or its text (compared
    without typography, case or edge punctuation). A drafted quote is also there when a quote
    of the file contains it or is contained in it (a human trimmed it), and a drafted question
    when one of the file is worded nearly alike or holds all its words.
    """
    ids = {item.id for item in existing.items()}
    found: dict[str, list[Item]] = {}
    for section in SECTIONS:
        held = [_key(item.text) for item in getattr(existing, section)]
        if section == "summary" and held:
            continue
        fresh: list[Item] = []
        for item in getattr(draft, section):
            key = _key(item.text)
            if item.id in ids or key in held:
                continue
            if section == "quotes" and any(key in other or other in key for other in held):
                continue
            if section == "issues" and any(_similar(key, other) for other in held):
                continue
            fresh.append(item)
            held.append(key)
        if fresh:
            found[section] = fresh
    return found


def merge_text(text: str, draft: Annotation, path: Path) -> tuple[str, list[str]]:
    existing, problems = parse_annotation(text, path)
    errors = [problem for problem in problems if problem.severity == "error"]
    if errors:
        raise BriefingError(errors[0])
    additions = new_items(existing, draft)
    if not additions:
        return text, []
    added = [_line(item) for items in additions.values() for item in items]
    root = parse(text, path)
    appended = _append(text, root, additions)
    if appended is not None and _holds(appended, path, existing, additions):
        return appended, added
    return _rewrite(root, additions), [*added, _REWRITTEN]


def _block(items: list[Item], indent: int) -> str:
    lines = dump([item_data(item) for item in items]).splitlines()
    return "".join(f"{' ' * indent}{line}\n" if line else "\n" for line in lines)


def _append(text: str, root: Located | None, additions: dict[str, list[Item]]) -> str | None:
    """``text`` with the new items appended as text, or None when that is not safe."""
    lines = text.splitlines(keepends=True)
    if root is not None and (not isinstance(root.value, dict) or root.column != 1):
        return None
    if any(re.match(r"(?:---|\.\.\.)(?:\s|$)", line) for line in lines[1:]):
        return None
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    sections: dict[str, Located] = root.value if root is not None else {}
    keys = (root.keys or {}) if root is not None else {}
    starts = sorted(line for line, _ in keys.values())
    inserts: list[tuple[int, str]] = []
    tail = ""
    for section, items in additions.items():
        if section not in sections:
            tail += f"{section}:\n{_block(items, 2)}"
            continue
        value = sections[section]
        key_line = keys[section][0]
        if value.value is None:
            rest = lines[key_line - 1].split(":", 1)[-1].split("#", 1)[0]
            if rest.strip():
                return None  # "quotes: ~" or "quotes: null"
            inserts.append((key_line, _block(items, 2)))
            continue
        if not isinstance(value.value, list) or not value.value:
            return None
        first = lines[value.value[0].line - 1]
        dash = len(first) - len(first.lstrip(" "))
        if first[dash : dash + 1] != "-" or value.line == key_line:
            return None  # a flow list ("[a, b]") or an odd layout
        later = [line for line in starts if line > key_line]
        end = (later[0] - 1) if later else len(lines)
        while end > key_line and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1
        inserts.append((end, _block(items, dash)))
    for at, block in sorted(inserts, reverse=True):
        lines.insert(at, block)
    merged = "".join(lines)
    if tail:
        merged += ("\n" if merged.strip() else "") + tail
    return merged


def _holds(text: str, path: Path, existing: Annotation, additions: dict[str, list[Item]]) -> bool:
    """True when ``text`` reads back as the existing annotation plus the additions, in order."""
    merged, problems = parse_annotation(text, path)
    if any(problem.severity == "error" for problem in problems):
        return False
    if (merged.title, merged.tags) != (existing.title, existing.tags):
        return False
    for section in SECTIONS:
        before = [item_data(item) for item in getattr(existing, section)]
        wanted = before + [item_data(item) for item in additions.get(section, [])]
        if [item_data(item) for item in getattr(merged, section)] != wanted:
            return False
    return True


def _plain(located: Located) -> Any:
    if isinstance(located.value, dict):
        return {key: _plain(value) for key, value in located.value.items()}
    if isinstance(located.value, list):
        return [_plain(value) for value in located.value]
    flag = as_bool(located)
    return flag if flag is not None else located.value


def _rewrite(root: Located | None, additions: dict[str, list[Item]]) -> str:
    data: dict[str, Any] = _plain(root) if root is not None else {}
    for section, items in additions.items():
        current = data.get(section)
        listed = current if isinstance(current, list) else [] if current is None else [current]
        data[section] = listed + [item_data(item) for item in items]
    return dump(data)
