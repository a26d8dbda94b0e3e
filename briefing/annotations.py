"""Reading and validating annotation YAML, with a location for every error and warning."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from briefing.anchoring import Locator
from briefing.article import read_text
from briefing.dates import parse_iso
from briefing.model import (
    ISSUE_STATUSES,
    Annotation,
    Article,
    BriefingError,
    DateMention,
    Figure,
    IssueStatus,
    Item,
    OpenIssue,
    Problem,
    Quote,
    SummaryPoint,
    content_id,
)
from briefing.yamlio import Located, as_bool, parse

TOP_KEYS = ("title", "summary", "quotes", "figures", "issues", "dates", "tags")
ITEM_KEYS = {
    "quotes": ("id", "speaker", "role", "text", "note", "draft"),
    "figures": ("id", "value", "label", "note", "draft"),
    "issues": ("id", "question", "status", "note", "draft"),
    "dates": ("id", "text", "date", "note", "draft"),
}
REQUIRED = {"quotes": "text", "figures": "value", "issues": "question", "dates": "text"}
ANNOTATION_SUFFIXES = (".yaml", ".yml")
#: Largest annotation file read; anything bigger is not a hand-written annotation.
MAX_ANNOTATION_BYTES = 4 * 1024 * 1024


class _Reader:
    """Turns located YAML into an ``Annotation``, collecting problems instead of stopping."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def error(self, at: Located, message: str, hint: str = "") -> None:
        self.problems.append(Problem("error", self.path, message, at.line, at.column, hint))

    def warn_unknown(
        self, key: str, at: tuple[int, int], known: tuple[str, ...], where: str
    ) -> None:
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        hint = f"did you mean `{close[0]}`?" if close else f"known keys: {', '.join(known)}"
        self.problems.append(
            Problem("warning", self.path, f"unknown key {key!r}{where}", at[0], at[1], hint)
        )

    def text(self, at: Located, field: str) -> str | None:
        """A scalar field as text; numbers and dates as written. Lists and maps are errors."""
        if at.value is None:
            return None
        if not isinstance(at.value, str):
            kind = "a list" if isinstance(at.value, list) else "a mapping"
            self.error(
                at, f"`{field}` must be text, not {kind}", "quote it or write it on one line"
            )
            return None
        return at.value

    def flag(self, at: Located, field: str) -> bool:
        value = as_bool(at)
        if value is None and at.value is not None:
            self.error(at, f"`{field}` must be true or false", f"got {at.value!r}")
        return bool(value)

    def read(self, root: Located | None) -> Annotation:
        annotation = Annotation(path=self.path)
        if root is None:
            return annotation
        if not isinstance(root.value, dict):
            self.error(root, "an annotation must be a mapping of fields", "start with `summary:`")
            return annotation
        keys = root.keys or {}
        for key, value in root.value.items():
            if key not in TOP_KEYS:
                self.warn_unknown(key, keys[key], TOP_KEYS, "")
            elif key == "title":
                annotation.title = self.text(value, "title") or ""
            elif key == "summary":
                annotation.summary = self.summary(value)
            elif key == "tags":
                annotation.tags = [tag for tag, _ in self.strings(value, "tags") if tag]
            else:
                self.items(key, value, annotation)
        return annotation

    def strings(self, at: Located, field: str) -> list[tuple[str, int]]:
        """The text of a field holding one string or a list of them, each with its line."""
        if isinstance(at.value, dict):
            self.error(at, f"`{field}` must be a list of text", "write `- item` lines")
            return []
        entries = at.value if isinstance(at.value, list) else [at]
        found: list[tuple[str, int]] = []
        for entry in entries:
            text = self.text(entry, field)
            if text is not None:
                found.append((text, entry.line))
        return found

    def summary(self, at: Located) -> list[SummaryPoint]:
        return [
            SummaryPoint(id=content_id("s", text), body=text.strip(), line=line)
            for text, line in self.strings(at, "summary")
            if text.strip()
        ]

    def items(self, section: str, at: Located, annotation: Annotation) -> None:
        if at.value is None:
            return
        if not isinstance(at.value, list):
            self.error(
                at, f"`{section}` must be a list", f"write `- {REQUIRED[section]}: ...` items"
            )
            return
        builders: dict[str, Callable[[dict[str, Any], Located], Item | None]] = {
            "quotes": self.quote,
            "figures": self.figure,
            "issues": self.issue,
            "dates": self.date,
        }
        target: list[Any] = getattr(annotation, section)
        seen: set[str] = {item.id for item in annotation.items()}
        for entry in at.value:
            if not isinstance(entry.value, dict):
                self.error(
                    entry,
                    f"each of `{section}` must be a mapping",
                    f"write `- {REQUIRED[section]}: ...`",
                )
                continue
            fields = self.fields(section, entry)
            required = REQUIRED[section]
            if not (fields.get(required) or "").strip():
                given: Located | None = fields.get(f"@{required}")
                if given is None or not isinstance(given.value, list | dict):
                    # (a list or mapping there has had its own error already)
                    self.error(
                        entry,
                        f"this item of `{section}` has no `{required}`",
                        f"add `{required}:` or remove the item",
                    )
                continue
            item = builders[section](fields, entry)
            if item is None:
                continue
            if item.id in seen:
                self.error(
                    entry,
                    f"duplicate id {item.id!r} in `{section}`",
                    "give each item its own `id`, or remove the repeated item",
                )
                continue
            seen.add(item.id)
            target.append(item)

    def fields(self, section: str, entry: Located) -> dict[str, Any]:
        known = ITEM_KEYS[section]
        out: dict[str, Any] = {}
        keys = entry.keys or {}
        for key, value in entry.value.items():
            if key not in known:
                self.warn_unknown(key, keys[key], known, f" in `{section}`")
            elif key == "draft":
                out[key] = self.flag(value, key)
            else:
                out[key] = self.text(value, key)
                out[f"@{key}"] = value
        return out

    def quote(self, fields: dict[str, Any], at: Located) -> Item:
        words = fields["text"].strip()
        return Quote(
            id=fields.get("id") or content_id("q", words),
            words=words,
            speaker=(fields.get("speaker") or "").strip(),
            role=(fields.get("role") or "").strip(),
            note=fields.get("note") or "",
            draft=fields.get("draft", False),
            line=at.line,
        )

    def figure(self, fields: dict[str, Any], at: Located) -> Item:
        value = fields["value"].strip()
        label = (fields.get("label") or "").strip()
        return Figure(
            id=fields.get("id") or content_id("f", value, label),
            value=value,
            label=label,
            note=fields.get("note") or "",
            draft=fields.get("draft", False),
            line=at.line,
        )

    def issue(self, fields: dict[str, Any], at: Located) -> Item | None:
        question = fields["question"].strip()
        status = (fields.get("status") or "open").strip().lower()
        if status not in ISSUE_STATUSES:
            self.error(
                fields["@status"],
                f"`status` must be one of {', '.join(ISSUE_STATUSES)}",
                f"got {fields['status']!r}",
            )
            return None
        return OpenIssue(
            id=fields.get("id") or content_id("i", question),
            question=question,
            status=cast(IssueStatus, status),
            note=fields.get("note") or "",
            draft=fields.get("draft", False),
            line=at.line,
        )

    def date(self, fields: dict[str, Any], at: Located) -> Item | None:
        mention = fields["text"].strip()
        resolved = None
        if fields.get("date"):
            resolved = parse_iso(fields["date"])
            if resolved is None:
                self.error(
                    fields["@date"],
                    "`date` must be a real date as YYYY-MM-DD",
                    f"got {fields['date']!r}",
                )
                return None
        return DateMention(
            id=fields.get("id") or content_id("d", mention),
            mention=mention,
            resolved=resolved,
            note=fields.get("note") or "",
            draft=fields.get("draft", False),
            line=at.line,
        )


def parse_annotation(text: str, path: Path) -> tuple[Annotation, list[Problem]]:
    """Parse annotation YAML; structural errors are returned as problems, never raised."""
    reader = _Reader(path)
    try:
        root = parse(text, path)
    except BriefingError as exc:
        return Annotation(path=path), [exc.problem]
    return reader.read(root), reader.problems


def load_annotation(path: Path) -> tuple[Annotation, list[Problem]]:
    try:
        size = path.stat().st_size
        if size > MAX_ANNOTATION_BYTES:
            return Annotation(path=path), [
                Problem(
                    "error",
                    path,
                    f"the annotation is too large ({size} bytes)",
                    None,
                    None,
                    f"annotations up to {MAX_ANNOTATION_BYTES // 2**20} MiB are read",
                )
            ]
        text = read_text(path)
    except (BriefingError, OSError) as exc:
        problem = (
            exc.problem
            if isinstance(exc, BriefingError)
            else Problem(
                "error", path, f"cannot read the file: {exc}", None, None, "check the file"
            )
        )
        return Annotation(path=path), [problem]
    return parse_annotation(text, path)


def anchor(annotation: Annotation, article: Article) -> list[Problem]:
    """Locate every quote, figure and date mention in the article; warn about the missing."""
    locator = Locator(article)
    problems: list[Problem] = []
    path = annotation.path or article.path
    for quote in annotation.quotes:
        quote.anchor = locator.find(quote.words)
        if quote.anchor is None:
            problems.append(
                Problem(
                    "warning",
                    path,
                    f"quote {_short(quote.words)} not found in article",
                    quote.line,
                    None,
                    "copy the exact words from the article",
                )
            )
    for figure in annotation.figures:
        figure.anchor = locator.find(figure.value, whole_word=True)
        if figure.anchor is None:
            problems.append(
                Problem(
                    "warning",
                    path,
                    f"figure {_short(figure.value)} not found in article",
                    figure.line,
                    None,
                    "write the value as the article does",
                )
            )
    for mention in annotation.dates:
        mention.anchor = locator.find(mention.mention)
    return problems


def _short(text: str, width: int = 48) -> str:
    flat = " ".join(text.split())
    return f'"{flat[: width - 1]}…"' if len(flat) > width else f'"{flat}"'
