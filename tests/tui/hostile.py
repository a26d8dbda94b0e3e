"""A briefing whose every text field tries to style, link, run an action or move the cursor."""

from __future__ import annotations

from pathlib import Path

HOSTILE_TITLE = "[bold red]Boom[/] [@click=app.quit]click me[/] \x1b]0;pwned\x07 \u202eevil"
ARTICLE = (
    "date 2026-02-20\n"
    "title Hostile [b]title[/b]\n"
    "\n"
    "Markup [bold]bold[/bold] and [/] and [@click=app.quit]quit[/] and "
    "[link=file:///etc/passwd]a link[/link] stay literal.\n"
    "\n"
    "Escapes \x1b[31mred\x1b[0m and \x1b]52;c;aGVsbG8=\x07 and NUL \x00 and bidi \u202eabc.\n"
    "\n"
    '"[red]x[/blue] is a quote," said [i]Mallory[/i].\n'
)
ANNOTATION = """\
title: "[bold red]Boom[/] [@click=app.quit]click me[/]"
summary:
  - "[/] unbalanced and [sic] and list[int]"
quotes:
  - speaker: "[i]Mallory[/i]"
    role: "[@click=app.quit]role[/]"
    text: "[red]x[/blue] is a quote"
figures:
  - value: "[b]"
    label: "[link=file:///etc/passwd]label[/link]"
issues:
  - question: "x [/ what now?"
"""


def write_hostile(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    article = folder / "hostile.txt"
    article.write_bytes(ARTICLE.encode("utf-8"))
    (folder / "hostile.yaml").write_text(ANNOTATION, encoding="utf-8")
    return article
