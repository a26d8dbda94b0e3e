"""A corpus of hostile briefings, generated into a folder (large cases are not kept in git).

Every case is a folder holding a tiny library: usually one article and its annotation. Each
case says what the loader must make of it: ``ok`` (loads, no problems), ``warning`` (loads, with
warnings) or ``error`` (an error, located where ``where`` says). The loader, the CLI, the app and
the export are all checked against the same cases::

    from hostile.corpus import build_corpus
    for case in build_corpus(tmp_path):
        case.folder(tmp_path), case.article_path(tmp_path), case.expect, case.where

or through the session fixture ``hostile_corpus`` (the built root folder) in
``tests/conftest.py`` with ``cases_here()``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from unittest.mock import ANY

Expect = Literal["ok", "warning", "error"]

#: Rich/Textual markup that must show literally: crashes, actions, links, eaten brackets.
MARKUP = (
    "[bold]bold[/bold] [/] [red]x[/blue] [@click=app.quit]click me[/] "
    "[link=file:///etc/passwd]a link[/link] [sic] list[int] x [/"
)
#: Terminal escapes: colour, clear screen, window title (OSC 0), clipboard (OSC 52), a C1 CSI,
#: bell, backspace, DEL.
ESCAPES = (
    "\x1b[31mred\x1b[0m \x1b[2J\x1b[H \x1b]0;pwned title\x07 \x1b]52;c;ZXZpbA==\x07 "
    "\x9b31m c1 \x07bell \x08bs \x7fdel"
)
#: Bidi overrides and isolates (Trojan Source).
BIDI = "access \u202eresu\u202c level \u2066isolated\u2069 \u200fmark"
#: Every character no loaded string may keep.
UNSAFE = frozenset(
    [chr(c) for c in range(0x20) if c not in (0x09, 0x0A)]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + list("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
)

ALIAS_BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)
DEEP_YAML = "[" * 10_000 + "]" * 10_000
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 64

_ARTICLE = "title Plain\ndate 2026-02-26\n\nThe minister said \u201cwe will act\u201d.\n"
_ANNOTATION = "quotes:\n  - text: we will act\n"


Content = str | bytes | Callable[[], str | bytes] | None


@dataclass(frozen=True)
class Case:
    name: str
    expect: Expect
    #: ``(severity, line, column)`` of the first problem the loader must report; ``None`` where
    #: the problem has no line or column, ``ANY`` where PyYAML chooses the column.
    where: tuple[str, int | None, int | None] | None = None
    article: Content = _ARTICLE
    annotation: Content = None
    stem: str = "briefing"
    #: Anything else the case needs in its folder (links, orphans, permissions).
    setup: Callable[[Path], None] | None = None

    def folder(self, root: Path) -> Path:
        return root / self.name

    def article_path(self, root: Path) -> Path | None:
        """The case's one article, or ``None`` for library-level cases."""
        return None if self.article is None else self.folder(root) / f"{self.stem}.txt"

    def build(self, root: Path) -> None:
        folder = self.folder(root)
        folder.mkdir(parents=True)
        for suffix, content in ((".txt", self.article), (".yaml", self.annotation)):
            data = content() if callable(content) else content
            if isinstance(data, str):
                data = data.encode("utf-8")
            if data is not None:
                (folder / f"{self.stem}{suffix}").write_bytes(data)
        if self.setup is not None:
            self.setup(folder)


def unsafe_in(text: str) -> set[str]:
    """The characters of ``text`` that must never reach a terminal."""
    return UNSAFE.intersection(text)


def _hostile_text() -> tuple[str, str]:
    """An article and annotation carrying markup, escapes and bidi in every text field."""
    nasty = f"{MARKUP} {ESCAPES} {BIDI}"
    article = (
        f"title {nasty}\nsource {MARKUP}\nauthor {ESCAPES}\ndate 2026-02-26\n\n"
        f"First paragraph: {nasty}.\n\nThe figure was 42% {MARKUP}.\n"
    )
    yaml_nasty = nasty.replace("\\", "\\\\").replace('"', '\\"')
    annotation = (
        f'title: "{yaml_nasty}"\n'
        f'summary:\n  - "{yaml_nasty}"\n  - "escaped \\e[31m \\x9b \\u202e \\a"\n'
        f'quotes:\n  - text: "{yaml_nasty}"\n    speaker: "{yaml_nasty}"\n'
        f'    role: "{yaml_nasty}"\n    note: "{yaml_nasty}"\n'
        f'figures:\n  - value: 42%\n    label: "{yaml_nasty}"\n    note: "{yaml_nasty}"\n'
        f'issues:\n  - question: "{yaml_nasty}"\n    note: "{yaml_nasty}"\n'
        f'dates:\n  - text: "{yaml_nasty}"\n    date: 2026-02-26\n'
        f'tags: ["{yaml_nasty}", "[bold]tag[/]"]\n'
    )
    return article, annotation


def _orphan(folder: Path) -> None:
    (folder / "lonely.yaml").write_text(_ANNOTATION, "utf-8")


def _folder_loop(folder: Path) -> None:
    (folder / "sub").mkdir()
    os.symlink("..", folder / "sub" / "back")


def _file_loop(folder: Path) -> None:
    os.symlink("self.txt", folder / "self.txt")


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "briefing.txt")  # opening it would wait for a writer for ever


def _dev_zero(folder: Path) -> None:
    os.symlink("/dev/zero", folder / "briefing.txt")  # reading it would never end


def _lock(folder: Path) -> None:
    (folder / "briefing.txt").chmod(0)


_HOSTILE_ARTICLE, _HOSTILE_ANNOTATION = _hostile_text()

CASES: tuple[Case, ...] = (
    Case("markup_escapes_bidi", "ok", article=_HOSTILE_ARTICLE, annotation=_HOSTILE_ANNOTATION),
    Case(
        "raw_controls_in_yaml",
        "ok",
        article=f"date 2026-02-26\n\nSaid: we {ESCAPES} act.\n",
        annotation=f"title: raw {ESCAPES}\x00\nquotes:\n  - text: we {ESCAPES} act\n",
    ),
    Case(
        "nul_bytes",
        "ok",
        article="date 2026-02-26\n\nA stray\x00NUL in a long enough line of ordinary prose.\n",
        annotation="quotes:\n  - text: stray\x00NUL\n",
    ),
    Case(
        "invalid_utf8_article",
        "error",
        ("error", 4, 5),
        article=b"date 2026-02-26\n\nok\nabc \xff\n",
    ),
    Case(
        "invalid_utf8_annotation",
        "error",
        ("error", 2, 13),
        annotation=b"title: fine\nsummary: caf\xe9\n",
    ),
    Case(
        "utf16_with_bom",
        "ok",
        article=_ARTICLE.encode("utf-16"),
        annotation=_ANNOTATION.encode("utf-16"),
    ),
    Case(
        "long_line_5mb",
        "ok",
        article=lambda: " date 2026-02-26 we will act " + "and so on " * 500_000,
        annotation=_ANNOTATION,
    ),
    Case(
        "paragraphs_100k",
        "ok",
        article=lambda: (
            "date 2026-02-26\n\n" + "".join(f"Paragraph {n}.\n\n" for n in range(100_000))
        ),
        annotation="figures:\n  - value: '99999'\n",
    ),
    Case("deep_yaml", "error", ("error", 1, ANY), annotation=DEEP_YAML),
    Case("alias_bomb", "error", ("error", 1, 4), annotation=ALIAS_BOMB),
    Case(
        "yaml_python_tag",
        "error",
        ("error", 1, 8),
        annotation="title: !!python/object/apply:os.system ['echo pwned']\n",
    ),
    Case(
        "duplicate_keys",
        "error",
        ("error", 3, 1),
        annotation="title: one\nsummary: s\ntitle: two\n",
    ),
    Case(
        "wrong_types",
        "error",
        ("error", 1, 8),
        annotation=(
            "title: [a, list]\nsummary: {a: map}\nquotes: a string\nfigures:\n"
            "  - value: {x: 1}\nissues:\n  - question: Q?\n    status: no\n"
            "dates:\n  - text: t\n    date: 2026-02-30\ntags: {a: b}\n"
        ),
    ),
    Case("yaml_syntax", "error", ("error", 3, ANY), annotation="quotes:\n  - text: [a\nx: y\n"),
    Case("empty_article", "error", ("error", 1, 1), article=""),
    Case("whitespace_article", "error", ("error", 1, 1), article="  \n\n\t\n"),
    Case("empty_annotation", "ok", annotation=""),
    Case("whitespace_annotation", "ok", annotation="   \n\n"),
    Case("binary_txt", "error", ("error", None, None), article=BINARY),
    Case("binary_yaml", "error", ("error", None, None), annotation=BINARY),
    Case("unreadable_date", "error", ("error", 1, 6), article="date 2026-02-30\n\nBody.\n"),
    Case(
        "quote_not_in_article",
        "warning",
        ("warning", 2, None),
        annotation="quotes:\n  - text: words nobody said\n",
    ),
    Case("unknown_keys", "warning", ("warning", 1, 1), annotation="quote:\n  - text: x\n"),
    Case(
        "evil_file_name",
        "ok",
        article="date 2026-02-26\n\nNo title here, so the file name is shown: we will act.\n",
        annotation=_ANNOTATION,
        stem=f"evil {ESCAPES} {BIDI} [bold]x[red]",
    ),
    Case(
        "evil_file_name_with_problem",
        "warning",
        ("warning", 2, None),
        annotation="quotes:\n  - text: not in the article\n",
        stem=f"evil {ESCAPES} {BIDI}",
    ),
    Case(
        "annotation_without_article",
        "error",
        ("error", None, None),
        article=None,
        setup=_orphan,
    ),
    Case(
        "symlink_loop_folder",
        "warning",
        ("warning", None, None),
        annotation=_ANNOTATION,
        setup=_folder_loop,
    ),
    Case("symlink_loop_file", "error", ("error", None, None), article=None, setup=_file_loop),
    Case("unreadable_file", "error", ("error", None, None), setup=_lock),
    Case("fifo_article", "error", ("error", None, None), article=None, setup=_fifo),
    Case("dev_zero_article", "error", ("error", None, None), article=None, setup=_dev_zero),
)
#: A 50 MB article (10,000 paragraphs of 5 KB): built only on request, it takes seconds to load.
HUGE = Case(
    "article_50mb",
    "ok",
    article=lambda: (
        "date 2026-02-26\n\nwe will act\n\n"
        + ("Ordinary words of a very long article. " * 130 + "\n\n") * 10_000
    ),
    annotation=_ANNOTATION,
)
#: Cases that mean nothing to root, who reads any file whatever its mode.
NEEDS_NON_ROOT = frozenset({"unreadable_file"})


def cases_here() -> tuple[Case, ...]:
    """The cases that make sense for the current user."""
    root_user = os.geteuid() == 0
    return tuple(case for case in CASES if not (root_user and case.name in NEEDS_NON_ROOT))


def build_corpus(root: Path) -> tuple[Case, ...]:
    """Write every case (that makes sense for this user) under ``root``; return them."""
    built = cases_here()
    for case in built:
        case.build(root)
    return built
