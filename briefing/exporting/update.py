"""``--update``: re-export into a file the reader has edited, without losing their lines.

The old file and the fresh export are both read as a tree: groups (``briefing:group``) holding
items (``briefing:item``) and the free lines between them. Items present in both take the fresh
text; fresh items are inserted beside their neighbours; items no longer exported are marked
removed, never deleted; groups are merged the same way, recursively. Every free line of the old
file — whatever the reader wrote outside the markers — is kept byte for byte. The front matter's
own keys are refreshed and any key the reader added is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from briefing.exporting.markers import (
    ANY_MARKER,
    GROUP_CLOSE_LINE,
    GROUP_OPEN_LINE,
    ITEM_CLOSE_LINE,
    ITEM_OPEN_LINE,
    ITEM_ROW,
    REMOVED,
    item_open,
)

REMOVED_LINE = "*Removed: no longer in this export.*"
REMOVED_CELL = "*(removed)* "
_FRONT_KEY = re.compile(r"^[^\s#'\"\-?:,\[\]{}&*!|>%@`][^:]*:(?:\s|$)")


class UpdateProblem(Exception):
    """The existing file cannot be updated safely; ``line`` is 1-based where known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class Region:
    """An item (its lines) or a group (its open line, children and close line)."""

    kind: Literal["item", "group"]
    key: str
    lines: list[str]
    children: list[Region | str] = field(default_factory=list)
    close: str = ""
    removed: bool = False
    #: An item written inside one table row (both markers on one line).
    inline: bool = False

    def text(self) -> list[str]:
        if self.kind == "item":
            return list(self.lines)
        return [*self.lines, *_flatten(self.children), self.close]


def _flatten(children: list[Region | str]) -> list[str]:
    out: list[str] = []
    for child in children:
        out.extend([child] if isinstance(child, str) else child.text())
    return out


def _bare(line: str) -> str:
    return line.rstrip("\r\n")


def parse(lines: list[str], first: int = 1) -> list[Region | str]:
    """The tree of ``lines`` (which keep their line endings); ``first`` is the number of the
    first line, for messages. Raises ``UpdateProblem`` for markers that do not pair up."""
    root: list[Region | str] = []
    stack: list[tuple[Region, int]] = []
    index = 0
    while index < len(lines):
        line, number = lines[index], first + index
        bare = _bare(line)
        target = stack[-1][0].children if stack else root
        if row := ITEM_ROW.match(bare):
            target.append(Region("item", row[1], [line], removed=bool(row[2]), inline=True))
        elif opened := ITEM_OPEN_LINE.match(bare):
            end = index + 1
            while end < len(lines) and not ITEM_CLOSE_LINE.match(_bare(lines[end])):
                if ANY_MARKER.match(lines[end]):
                    break
                end += 1
            if end >= len(lines) or not ITEM_CLOSE_LINE.match(_bare(lines[end])):
                raise UpdateProblem(f"item {opened[1]!r} is never closed", number)
            target.append(
                Region("item", opened[1], lines[index : end + 1], removed=bool(opened[2]))
            )
            index = end
        elif opened := GROUP_OPEN_LINE.match(bare):
            group = Region("group", opened[1], [line])
            target.append(group)
            stack.append((group, number))
        elif GROUP_CLOSE_LINE.match(bare):
            if not stack:
                raise UpdateProblem("a group is closed that was never opened", number)
            stack.pop()[0].close = line
        elif ANY_MARKER.match(bare):
            raise UpdateProblem("a briefing marker out of place or altered", number)
        else:
            target.append(line)
        index += 1
    if stack:
        group, number = stack[-1]
        raise UpdateProblem(f"group {group.key!r} is never closed", number)
    return root


def _removed(region: Region) -> Region:
    """``region`` marked as no longer exported (its groups' items, for a group)."""
    if region.kind == "group":
        return Region(
            "group", region.key, region.lines, _map_removed(region.children), region.close
        )
    if region.removed:
        return region
    first = region.lines[0]
    ending = first[len(_bare(first)) :] or "\n"
    marker, marked = item_open(region.key), item_open(f"{region.key} {REMOVED}")
    if region.inline:
        line = first.replace(marker, marked + REMOVED_CELL, 1)
        return Region("item", region.key, [line], removed=True, inline=True)
    lines = [marked + ending, REMOVED_LINE + ending, ending, *region.lines[1:]]
    return Region("item", region.key, lines, removed=True)


def _map_removed(children: list[Region | str]) -> list[Region | str]:
    return [child if isinstance(child, str) else _removed(child) for child in children]


def _position(children: list[Region | str], key: str) -> int | None:
    for index, child in enumerate(children):
        if isinstance(child, Region) and child.key == key:
            return index
    return None


def _merge(old: list[Region | str], new: list[Region | str]) -> list[Region | str]:
    fresh = {child.key: child for child in new if isinstance(child, Region)}
    result: list[Region | str] = []
    for child in old:
        if isinstance(child, str):
            result.append(child)
            continue
        twin = fresh.get(child.key)
        if twin is None:
            result.append(_removed(child))
        elif child.kind == "group" and twin.kind == "group":
            merged = _merge(child.children, twin.children)
            result.append(Region("group", child.key, child.lines, merged, child.close))
        else:
            result.append(twin)
    for index, child in enumerate(new):
        if isinstance(child, Region) and _position(result, child.key) is None:
            _insert(result, new, index)
    return result


def _insert(result: list[Region | str], new: list[Region | str], index: int) -> None:
    """Place ``new[index]`` after its nearest earlier sibling already in ``result`` (past the
    reader's lines that follow it), else before its nearest later one, else at the end; with
    the free lines that separate it from that sibling in the fresh export."""
    region = new[index]
    assert isinstance(region, Region)
    for before in range(index - 1, -1, -1):
        sibling = new[before]
        if isinstance(sibling, Region):
            at = _position(result, sibling.key)
            if at is None:
                continue
            at += 1
            if not region.inline:
                while at < len(result) and isinstance(result[at], str):
                    at += 1
            result[at:at] = [*new[before + 1 : index], region]
            return
    for after in range(index + 1, len(new)):
        sibling = new[after]
        if isinstance(sibling, Region) and (at := _position(result, sibling.key)) is not None:
            result[at:at] = [region, *new[index + 1 : after]]
            return
    # No sibling at all (every earlier one would be in ``result`` by now): only free lines
    # precede it in the fresh export.
    result.extend(new[: index + 1])


def _front_matter(lines: list[str]) -> int | None:
    """Index of the line closing the front matter that opens ``lines``, if there is one."""
    if not lines or _bare(lines[0]) != "---":
        return None
    for index in range(1, len(lines)):
        if _bare(lines[index]) in ("---", "..."):
            return index
    return None


def _key_blocks(lines: list[str]) -> list[tuple[str | None, list[str]]]:
    """Front matter lines in blocks: a top-level ``key:`` with its indented or ``- `` lines;
    comments and anything else as blocks of their own."""
    blocks: list[tuple[str | None, list[str]]] = []
    for line in lines:
        bare = _bare(line)
        if _FRONT_KEY.match(bare):
            blocks.append((bare.split(":", 1)[0].strip(), [line]))
        elif blocks and blocks[-1][0] is not None and (bare[:1] in (" ", "\t", "-") or not bare):
            blocks[-1][1].append(line)
        else:
            blocks.append((None, [line]))
    return blocks


def _merge_front_matter(old: list[str], new: list[str]) -> list[str]:
    fresh = {key: lines for key, lines in _key_blocks(new) if key is not None}
    out: list[str] = []
    seen: set[str] = set()
    for key, lines in _key_blocks(old):
        if key is not None and key in fresh and key not in seen:
            out.extend(fresh[key])
            seen.add(key)
        else:
            out.extend(lines)
    for key, lines in fresh.items():
        if key not in seen:
            out.extend(lines)
    return out


def merge(old_text: str, new_text: str) -> str:
    """``old_text`` (an export the reader may have edited) brought up to ``new_text``."""
    bom = "\ufeff" if old_text.startswith("\ufeff") else ""
    old = old_text[len(bom) :].splitlines(keepends=True)
    if old and old[0].endswith("\r\n"):  # keep the file's line endings
        new_text = new_text.replace("\n", "\r\n")
    new = new_text.splitlines(keepends=True)
    head: list[str] = []
    old_end, new_end = _front_matter(old), _front_matter(new)
    if old_end is not None:
        inner = old[1:old_end]
        if new_end is not None:
            inner = _merge_front_matter(inner, new[1:new_end])
        head = [old[0], *inner, old[old_end]]
        old = old[old_end + 1 :]
    if new_end is not None:
        new = new[new_end + 1 :]
    first = len(head) + 1
    old_tree = parse(old, first)
    if not any(isinstance(child, Region) for child in old_tree):
        raise UpdateProblem("no briefing export markers found: this is not an export to update")
    body = _flatten(_merge(old_tree, parse(new)))
    lines = [*head, *body]
    # A last line without a line ending must not run into a line added after it.
    for index in range(len(lines) - 1):
        if not lines[index].endswith(("\n", "\r")):
            lines[index] += "\n"
    return bom + "".join(lines)
