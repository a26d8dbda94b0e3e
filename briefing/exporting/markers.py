"""The invisible markers around exported items and groups, which ``--update`` finds again.

``<!-- briefing:item KEY -->`` … ``<!-- /briefing:item -->`` wrap one item: on lines of their
own, or both inside one table row (a marker line would end the table). Groups (a briefing, a
tag, a section) nest as ``<!-- briefing:group KEY -->`` … ``<!-- /briefing:group -->`` on lines
of their own. Keys hold no white space and no ``--`` (which would end an HTML comment).

Escaped text can never forge a marker: ``escape_markdown`` puts a backslash before every ``<``
and ``|``, and markers are only recognised at the start of a line (or of a table row).
"""

from __future__ import annotations

import re

ITEM_CLOSE = "<!-- /briefing:item -->"
GROUP_CLOSE = "<!-- /briefing:group -->"
REMOVED = "removed"

_KEY = r"[^\s>]+"
ITEM_OPEN_LINE = re.compile(rf"^<!-- briefing:item ({_KEY})(?: ({REMOVED}))? -->$")
ITEM_CLOSE_LINE = re.compile(r"^<!-- /briefing:item -->$")
#: A whole item in one table row: ``| <!-- briefing:item K -->cells… <!-- /briefing:item --> |``.
ITEM_ROW = re.compile(
    rf"^\|[ \t]*<!-- briefing:item ({_KEY})(?: ({REMOVED}))? -->.*"
    r"(?<!\\)<!-- /briefing:item -->[ \t]*\|?[ \t]*$"
)
GROUP_OPEN_LINE = re.compile(rf"^<!-- briefing:group ({_KEY}) -->$")
GROUP_CLOSE_LINE = re.compile(r"^<!-- /briefing:group -->$")
#: Anything that looks like one of our markers at a line start, to report malformed ones.
ANY_MARKER = re.compile(r"^(?:\|[ \t]*)?<!-- /?briefing:")


def item_open(key: str) -> str:
    return f"<!-- briefing:item {key} -->"


def group_open(key: str) -> str:
    return f"<!-- briefing:group {key} -->"


#: A key that is usable as it is (the common case: ``q-1a2b3c4d``).
_SAFE_KEY = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")


def safe_key(text: str) -> str:
    """``text`` made usable as a marker key and an Obsidian block id: ASCII letters, digits
    and single hyphens; ``""`` when nothing is left."""
    if _SAFE_KEY.fullmatch(text):
        return text
    return re.sub(r"-{2,}", "-", re.sub(r"[^A-Za-z0-9-]+", "-", text)).strip("-")
