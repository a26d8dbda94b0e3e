"""The notes file: written as readable YAML, read strictly (the first thing wrong raises,
with its line and column)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from briefing.article import read_text
from briefing.model import ISSUE_STATUSES, BriefingError, IssueStatus, ItemKind, Problem
from briefing.notes.model import (
    ITEM_KINDS,
    READING_STATES,
    BriefingNotes,
    Reading,
    Record,
    TextSelector,
    normalise_note,
    normalise_tag,
)
from briefing.safety import sanitize
from briefing.yamlio import Located, dump, parse

FORMAT_VERSION = 1
_HEADER = (
    "# Tags and notes for one briefing, kept by `briefing`.\n"
    "# You may edit this file by hand; keep it valid YAML or the app will leave it alone.\n"
)


def _to_text(notes: BriefingNotes) -> str:
    records: dict[str, dict[str, Any]] = {}
    for target, record in notes.records.items():
        entry: dict[str, Any] = {"kind": record.kind, "text": record.text, "tags": record.tags}
        if record.note:
            entry["note"] = record.note
        if record.selector is not None:
            selector = record.selector
            entry["selector"] = {
                "exact": selector.exact,
                "prefix": selector.prefix,
                "suffix": selector.suffix,
                "start": selector.start,
                "end": selector.end,
                "paragraph": selector.paragraph,
            }
        if record.rejected:
            entry["rejected"] = record.rejected
        entry["created"] = record.created
        entry["updated"] = record.updated
        records[target] = entry
    data = {
        "version": FORMAT_VERSION,
        # An empty path (notes listed without their article) is written as "", not ".".
        "article": "" if notes.article == Path() else str(notes.article),
        "body_hash": notes.body_hash,
        "title": notes.title,
        "date": notes.date,
        "reading": notes.reading,
        "statuses": dict(notes.statuses),
        "records": records,
    }
    return _HEADER + dump(data)


class _Format:
    """Reads a parsed notes file strictly; the first thing wrong raises, with its location."""

    TOP = ("version", "article", "body_hash", "title", "date", "reading", "statuses", "records")
    RECORD = ("kind", "text", "tags", "note", "selector", "rejected", "created", "updated")
    SELECTOR = ("exact", "prefix", "suffix", "start", "end", "paragraph")

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, at: Located, message: str, hint: str) -> BriefingError:
        return BriefingError(Problem("error", self.path, message, at.line, at.column, hint))

    def mapping(self, at: Located, what: str, known: tuple[str, ...]) -> dict[str, Located]:
        if at.value is None:
            return {}
        if not isinstance(at.value, dict):
            raise self.fail(at, f"{what} must be a mapping", "write `key: value` lines")
        for key, (line, column) in (at.keys or {}).items():
            if known and key not in known:
                raise BriefingError(
                    Problem(
                        "error",
                        self.path,
                        f"unknown key {key!r} in {what}",
                        line,
                        column,
                        f"known keys: {', '.join(known)}",
                    )
                )
        return cast(dict[str, Located], at.value)

    def text(self, fields: dict[str, Located], key: str) -> str:
        at = fields.get(key)
        if at is None or at.value is None:
            return ""
        if not isinstance(at.value, str):
            raise self.fail(at, f"`{key}` must be text", "write it on one line or quote it")
        return sanitize(at.value)

    def number(self, fields: dict[str, Located], key: str, parent: Located) -> int:
        text = self.text(fields, key)
        if not text.isdigit():
            at = fields.get(key, parent)
            raise self.fail(at, f"`{key}` must be a whole number", f"got {text!r}")
        return int(text)

    def choice(
        self, fields: dict[str, Located], key: str, options: tuple[str, ...], parent: Located
    ) -> str:
        text = self.text(fields, key)
        if text not in options:
            at = fields.get(key, parent)
            raise self.fail(at, f"`{key}` must be one of {', '.join(options)}", f"got {text!r}")
        return text

    def strings(self, fields: dict[str, Located], key: str) -> list[tuple[str, Located]]:
        at = fields.get(key)
        if at is None or at.value is None:
            return []
        if not isinstance(at.value, list):
            raise self.fail(at, f"`{key}` must be a list", "write it as [a, b] or `- a` lines")
        found: list[tuple[str, Located]] = []
        for entry in at.value:
            if not isinstance(entry.value, str):
                raise self.fail(entry, f"each of `{key}` must be text", "")
            found.append((sanitize(entry.value), entry))
        return found

    def read(self, root: Located | None) -> BriefingNotes:
        top = self.mapping(root, "the notes file", self.TOP) if root else {}
        version = self.text(top, "version") or str(FORMAT_VERSION)
        if version != str(FORMAT_VERSION):
            raise self.fail(
                top["version"],
                f"notes format version {version} is not known here",
                "it was written by a newer `briefing`; upgrade to edit these notes",
            )
        notes = BriefingNotes(
            path=self.path,
            article=Path(self.text(top, "article")),
            body_hash=self.text(top, "body_hash"),
            title=self.text(top, "title"),
            date=self.text(top, "date"),
        )
        if "reading" in top:
            notes.reading = cast(
                Reading, self.choice(top, "reading", READING_STATES, top["reading"])
            )
        if "statuses" in top:
            statuses = self.mapping(top["statuses"], "`statuses`", ())
            for item_id in statuses:
                status = self.choice(statuses, item_id, ISSUE_STATUSES, top["statuses"])
                notes.statuses[sanitize(item_id)] = cast(IssueStatus, status)
        if "records" in top:
            records = top["records"]
            for target, at in self.mapping(records, "`records`", ()).items():
                line, column = (records.keys or {})[target]
                key = Located(target, line, column)
                notes.records[sanitize(target)] = self.record(sanitize(target), at, key)
        return notes

    def record(self, target: str, at: Located, key: Located) -> Record:
        fields = self.mapping(at, f"record {target!r}", self.RECORD)
        kind = cast(ItemKind, self.choice(fields, "kind", ITEM_KINDS, at))
        tags: list[str] = []
        for raw, where in self.strings(fields, "tags"):
            tag = normalise_tag(raw)
            if not tag:
                raise self.fail(where, f"{raw!r} is not a usable tag", "use letters and digits")
            if tag not in tags:
                tags.append(tag)
        selector = None
        if "selector" in fields:
            where = fields["selector"]
            parts = self.mapping(where, "`selector`", self.SELECTOR)
            selector = TextSelector(
                exact=self.text(parts, "exact"),
                prefix=self.text(parts, "prefix"),
                suffix=self.text(parts, "suffix"),
                start=self.number(parts, "start", where),
                end=self.number(parts, "end", where),
                paragraph=self.number(parts, "paragraph", where),
            )
        if kind == "sentence" and selector is None:
            raise self.fail(key, "a sentence record needs a `selector`", "restore it or remove it")
        return Record(
            target=target,
            kind=kind,
            text=self.text(fields, "text"),
            tags=tags,
            note=normalise_note(self.text(fields, "note")),
            selector=selector,
            created=self.text(fields, "created"),
            updated=self.text(fields, "updated"),
            rejected=[text for text, _ in self.strings(fields, "rejected")],
        )


def _load(path: Path) -> BriefingNotes:
    """Read a notes file; raises ``BriefingError`` with the location of whatever is wrong,
    its hint saying that the notes are read-only until it is fixed."""
    try:
        return _Format(path).read(parse(read_text(path), path))
    except BriefingError as exc:
        hint = exc.problem.hint
        problem = replace(exc.problem, hint=f"{hint}; {_BROKEN_HINT}" if hint else _BROKEN_HINT)
        raise BriefingError(problem) from None


_BROKEN_HINT = (
    "these notes are read-only until the file is fixed: correct it by hand, "
    "or repair it (a backup copy is kept)"
)
