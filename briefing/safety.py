"""Untrusted text made harmless, and the one atomic-write helper every writer uses.

Articles, annotation strings, tags, notes and file names come from elsewhere. Control characters
(ESC, NUL, C1 controls, DEL) and bidi overrides reach the terminal untouched by Rich and Textual,
so they are replaced at load time with visible stand-ins. Markup is a separate concern: the TUI
never builds markup from data (see ``briefing.tui.text``).
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

#: Bidi embedding/override/isolate controls (Trojan Source) and other invisible reorderers.
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
REPLACEMENT = "\ufffd"


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # Control Pictures: ␛ for ESC, ␀ for NUL
    if code == 0x7F:
        return "\u2421"  # ␡
    return REPLACEMENT


def sanitize(text: str) -> str:
    """Return ``text`` with control and bidi characters replaced by visible stand-ins.

    Newlines and tabs are kept; a carriage return is dropped when it ends a line (CRLF files)
    and shown as ␍ elsewhere.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    return _UNSAFE.sub(_visible, text)


def is_clean(text: str) -> bool:
    """True when ``sanitize`` would leave ``text`` unchanged."""
    return "\r" not in text and _UNSAFE.search(text) is None


def atomic_write(path: Path, data: str | bytes | Iterable[str], *, encoding: str = "utf-8") -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old file or the new one.

    Temporary file in the same folder, flush, fsync, ``os.replace``, fsync of the folder; the
    original file's permission bits are kept (``mkstemp`` would otherwise leave 0600). ``data``
    may come in pieces, so a large file need not be held whole: if producing them fails, the
    old file stays as it was.
    """
    path = Path(path)
    pieces = [data] if isinstance(data, (str, bytes)) else data
    try:
        mode: int | None = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in pieces:
                handle.write(piece.encode(encoding) if isinstance(piece, str) else piece)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
