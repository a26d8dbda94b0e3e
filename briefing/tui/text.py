"""The one way untrusted text reaches a widget: as ``Content``, never parsed as markup.

Articles, annotations, tags, notes and file names are sanitised at load time (control and bidi
characters made visible); here they are wrapped so ``[bold]``, ``[/]`` or ``[@click=app.quit]``
show as the characters they are.
"""

from __future__ import annotations

import re

from textual.content import Content

from briefing.safety import sanitize


def safe(text: str, style: str = "") -> Content:
    """Untrusted ``text`` as literal ``Content`` in an optional (trusted) ``style``."""
    content = Content(sanitize(text))
    return content.stylize(style) if style else content


def join(*parts: Content | str, separator: str = "") -> Content:
    """Concatenate pieces; plain ``str`` pieces are treated as untrusted too."""
    pieces = [part if isinstance(part, Content) else safe(part) for part in parts]
    return Content(separator).join(pieces)


_PROBLEM = re.compile(r"^.*?(?::(\d+)(?::\d+)?)?: (?:error|warning): (.*)$", re.DOTALL)


def short_problem(problem: str) -> str:
    """``path:3:9: error: message (hint)`` as ``line 3: message (hint)``: the row is narrow
    and the file is the briefing's own."""
    match = _PROBLEM.match(problem)
    if match is None:
        return problem
    line, message = match.groups()
    return f"line {line}: {message}" if line else message


def plural(count: int, word: str) -> str:
    """``1 briefing``, ``2 briefings``."""
    return f"{count} {word}{'s' * (count != 1)}"
