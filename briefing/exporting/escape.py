"""Untrusted text made literal in markdown: the one escaping function every export goes through.

Text from articles, annotations, tags and notes must come out as the characters it is, whatever
it holds: ``#`` must not make a heading or an Obsidian tag, ``|`` must not split a table cell,
``*``/``_``/backticks must not emphasise, ``<script>`` and ``<!-- -->`` must not become HTML,
``[x](y)`` must not become a link, and a leading ``>``, ``- ``, ``1.`` or ``=`` must not start a
quote, a list or a heading. Every value is flattened to one line, so it can sit in a table cell,
a list item or a blockquote line without ending it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from briefing.safety import sanitize

#: Characters escaped wherever they appear (``>`` matters only at the start of a line, but a
#: value may land there). ``<`` and ``|`` also make export markers unforgeable.
_ALWAYS = re.compile(r"([\\`*_\[\]<>|#~$^])")
#: ``&`` only where it would start an entity (``&amp;``, ``&#35;``), which renders as another
#: character; ``==`` (Obsidian highlight) and ``%%`` (Obsidian comment) only when doubled.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_DOUBLED = re.compile(r"(?<=[=%])([=%])|([=%])(?=[=%])")
#: What can start a block when a value begins a line: list markers, setext underlines, and
#: ordered-list numbers (``1.`` / ``1)``).
_LEADING = re.compile(r"^( ?)(?:([-+=])|(\d{1,9})([.)])(?=\s|$))")
_LINE_BREAKS = re.compile(r"\s*\n\s*")
#: White space at either end shrinks to one space: four spaces would start a code block, two
#: before a line end make a hard break, one keeps ``" · "`` separators intact.
_EDGE_SPACE = re.compile(r"^\s+|\s+$")


#: Every character any rule below acts on (besides control characters, which make a string
#: fail ``isprintable``, and white space at either end), and the first characters of ASCII
#: text that ``_LEADING`` acts on. Apart, as a search for a set of characters is quick.
_SPECIAL = re.compile(r"[\\`*_\[\]<>|#~$^&=%]")
_BLOCK_START = frozenset("-+=0123456789")


def escape_markdown(text: object) -> str:
    """``text`` as one line of markdown that renders literally — in a paragraph, a list item,
    a blockquote line or a table cell alike.

    Control and bidi characters are made visible (``sanitize``); newlines become spaces; white
    space at either end shrinks to a single space.
    """
    plain = str(text)
    if (
        plain.isascii()
        and plain.isprintable()
        and not plain[:1].isspace()
        and not plain[-1:].isspace()
        and plain[:1] not in _BLOCK_START
        and not _SPECIAL.search(plain)
    ):
        return plain  # nothing to escape: the common case, kept quick
    return _escape_every_rule(plain)


def _escape_every_rule(text: str) -> str:
    flat = text
    # Printable ASCII (most figures, dates and file names that get here) has nothing to
    # normalise, make visible or join into one line; each rule below runs only if it can act.
    if not (text.isascii() and text.isprintable()):
        flat = _LINE_BREAKS.sub(" ", sanitize(unicodedata.normalize("NFC", text)))
    if flat[:1].isspace() or flat[-1:].isspace():
        flat = _EDGE_SPACE.sub(" ", flat)
    escaped = _ALWAYS.sub(r"\\\1", flat)
    if "&" in escaped:
        escaped = _ENTITY.sub(r"\\&", escaped)
    if "=" in escaped or "%" in escaped:
        escaped = _DOUBLED.sub(lambda m: "\\" + (m[1] or m[2]), escaped)
    leading = _LEADING.match(escaped)
    if leading:
        space, rest = leading[1], escaped[leading.end() :]
        if leading[2]:
            escaped = f"{space}\\{leading[2]}{rest}"
        else:
            escaped = f"{space}{leading[3]}\\{leading[4]}{rest}"
    return escaped


class Md(Markup):
    """Markdown that is already safe (generated structure, or text that went through
    ``escape_markdown``). Anything mixed into it with ``+``, ``%``, ``format`` or ``join`` is
    escaped as markdown, not HTML."""

    __slots__ = ()

    def __new__(cls, base: Any = "", encoding: str | None = None, errors: str = "strict") -> Md:
        # Most are made from a plain ``str`` (every marker, link and escaped value of an
        # export): made directly, without markupsafe's checks for the other cases.
        if base.__class__ is str and encoding is None:
            return str.__new__(cls, base)
        return super().__new__(cls, base, encoding, errors)

    @classmethod
    def escape(cls, s: Any) -> Md:
        if hasattr(s, "__html__"):
            return cls(s.__html__())
        return cls(escape_markdown("" if s is None else s))


def md(text: object) -> Md:
    """Escape untrusted ``text`` into safe markdown (a no-op for what is already safe)."""
    return Md.escape(text)


_TAG_INVALID = re.compile(r"[^\w/-]+")
#: An underscore next to a non-letter could open or close emphasis; only keep it between two.
_LOOSE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")


@lru_cache(maxsize=4096)  # a library uses the same few tags over and over
def tag_name(tag: str) -> str:
    """A tag as Obsidian and similar tools read it after ``#``: letters, digits, ``_``, ``-``
    and ``/`` (nesting), at least one character that is not a digit. ``""`` when nothing is
    left.

    ``"defence spending"`` → ``defence-spending``, ``"#EU/Ukraine!"`` → ``EU/Ukraine``,
    ``"2026"`` → ``tag-2026``.
    """
    name = unicodedata.normalize("NFC", sanitize(tag))
    name = _TAG_INVALID.sub("-", name)
    name = _LOOSE_UNDERSCORE.sub("-", name)
    name = re.sub(r"-{2,}", "-", re.sub(r"/{2,}", "/", name))
    name = re.sub(r"(?:-*/-*)", "/", name).strip("-/")
    if name and name.isdigit():
        name = f"tag-{name}"
    return name


def hashtags(tags: Sequence[str]) -> Md:
    """``#tag`` words for already normalised tag names (see ``tag_name``)."""
    return Md(" ".join(f"#{tag}" for tag in tags))
