"""Greedy word wrapping that keeps character offsets, so spans map to screen lines."""

from __future__ import annotations

import re

from rich.cells import cell_len

_TOKEN = re.compile(r"\S+\s*|\s+")


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of each line of ``text`` wrapped to ``width`` cells.

    Lines break after white space; a word longer than the width is cut. Trailing white space
    stays on its line (it is invisible), so offsets cover the whole text without gaps.
    """
    width = max(width, 4)
    lines: list[tuple[int, int]] = []
    start = 0
    used = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        word = token.rstrip()
        need = cell_len(word)
        if used and used + need > width:
            lines.append((start, match.start()))
            start, used = match.start(), 0
        while need > width:
            cut = _cut(text, start, width)
            lines.append((start, cut))
            start = cut
            need = cell_len(text[start : match.start() + len(word)])
        used = cell_len(text[start : match.end()])
    if start < len(text) or not lines:
        lines.append((start, len(text)))
    return lines


def _cut(text: str, start: int, width: int) -> int:
    """The offset after as many characters from ``start`` as fit in ``width`` cells."""
    used = 0
    position = start
    while position < len(text):
        size = cell_len(text[position])
        if used + size > width:
            break
        used += size
        position += 1
    return max(position, start + 1)
