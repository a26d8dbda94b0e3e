"""Helpers for the export tests: a copy of the sample library, a fixed notes store made through
the ``NotesStore`` API, the command run in-process, and markdown parsed with markdown-it-py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefing.anchoring import sentences
from briefing.cli import main
from briefing.library import load_briefing
from briefing.locations import sample_library
from briefing.notes import NotesStore, ref_for_item, ref_for_sentence

NOW = "2026-03-01T09:30:00+00:00"
TODAY = "2026-03-01"
NATO = "001_nato_rutte_defence_spending.txt"
GUIDE = "002_getting_started.txt"
#: The sentence of the NATO article the fixed store tags (found by its words, not its index).
SENTENCE = "Rutte stressed that the US remains fully committed to the alliance"


def copy_sample(root: Path) -> Path:
    """The shipped sample library copied to ``root / "library"``."""
    library = root / "library"
    shutil.copytree(sample_library(), library)
    return library


def tag_sample(library: Path, notes: Path) -> None:
    """The fixed notes the golden files show: tags, notes, an issue status and a sentence."""
    store = NotesStore(notes)
    nato = load_briefing(library / NATO)
    assert nato.article is not None
    opened = store.open(nato)
    quotes, figures, issues = (
        nato.annotation.quotes,
        nato.annotation.figures,
        nato.annotation.issues,
    )
    store.add_tag(opened, ref_for_item(quotes[0]), "key")
    store.add_tag(opened, ref_for_item(quotes[0]), "nato")
    store.set_note(
        opened, ref_for_item(quotes[0]), "Lead the brief with this.\n\nThen the Hague pledges."
    )
    store.add_tag(opened, ref_for_item(quotes[3]), "ukraine")
    store.add_tag(opened, ref_for_item(figures[0]), "figure-check")
    store.set_note(opened, ref_for_item(figures[0]), "Check against NATO's own estimate.")
    store.add_tag(opened, ref_for_item(issues[0]), "hungary")
    store.set_status(opened, issues[0].id, "resolved")
    store.set_note(opened, ref_for_item(issues[2]), "Ask the press office.")
    store.add_tag(opened, ref_for_item(nato.annotation.summary[2]), "air-defence")
    store.add_tag(opened, ref_for_item(nato.annotation.dates[0]), "timeline")
    span = next(
        s for s in sentences(nato.article) if SENTENCE in nato.article.body[s.start : s.end]
    )
    store.add_tag(opened, ref_for_sentence(nato.article, span), "us-commitment")
    store.set_note(opened, ref_for_sentence(nato.article, span), "Article 5 line.")
    guide = load_briefing(library / GUIDE)
    opened = store.open(guide)
    store.add_tag(opened, ref_for_item(guide.annotation.figures[2]), "key")
    store.set_note(opened, ref_for_item(guide.annotation.quotes[0]), "A note without a tag.")


def tagged_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``tmp_path`` as the working folder, holding ``library/`` and a tagged ``notes/``."""
    library = copy_sample(tmp_path)
    tag_sample(library, tmp_path / "notes")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def export(
    capsys: pytest.CaptureFixture[str], *args: str, notes: str = "notes"
) -> tuple[int, str, str]:
    """Run ``briefing export ARGS`` with the clock fixed; exit code, stdout, stderr."""
    code = main(["export", *args, "--notes-dir", notes, "--today", TODAY, "--now", NOW])
    out, err = capsys.readouterr()
    return code, out, err


def parse(text: str) -> list[Token]:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)


def body(text: str) -> str:
    """The markdown after the front matter."""
    assert text.startswith("---\n")
    return text[text.index("\n---\n", 3) + 5 :]


def plain(token: Token) -> str:
    """The text an inline token shows: text and code spans as written, breaks as spaces."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()


def blocks(tokens: list[Token], opening: str) -> list[str]:
    """The plain text of every inline token directly inside each ``opening`` block."""
    found: list[str] = []
    depth = 0
    current: list[str] = []
    closing = opening.replace("_open", "_close")
    for token in tokens:
        if token.type == opening:
            depth += 1
            if depth == 1:
                current = []
        elif token.type == closing:
            depth -= 1
            if depth == 0:
                found.append(" / ".join(current))
        elif depth and token.type == "inline":
            current.append(plain(token))
    return found
