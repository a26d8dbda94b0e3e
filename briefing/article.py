"""Reading article files: the header of ``key value`` fields (or YAML front matter), the body,
and its numbered paragraphs.

The header may share a line with the start of the body, as wire copy often does::

     date 2026-02-26 NATO Secretary-General Mark Rutte on Thursday ...

Without a colon a field name must be lower-case, so that an article opening with "Title IX" or
"Date palms" is not taken for a header; with one, any case will do (``Date: Feb 26, 2026``).

Paragraphs are separated by blank lines and numbered from 1; those numbers are how anchors and
exports cite the article.
"""

from __future__ import annotations

import codecs
import re
import stat
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from briefing.dates import ISO_SHAPE, parse_date
from briefing.model import Article, BriefingError, Paragraph, Problem
from briefing.safety import sanitize

HEADER_KEYS = ("date", "title", "source", "author", "url")
ARTICLE_SUFFIXES = (".txt", ".md")
#: Articles larger than this are refused rather than read into memory.
MAX_ARTICLE_BYTES = 64 * 1024 * 1024
#: How much of a file the library list reads to get the header fields.
HEADER_BYTES = 4096

_FIELD = re.compile(
    r"^[ \t]*(date|title|source|author|url)([ \t]*:[ \t]*|[ \t]+)(\S.*)$", re.IGNORECASE
)
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?[ \t]+)?"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
#: A date at the start of a line that goes on with the body: ISO, 26/02/2026, Feb 26, 2026,
#: 26 February 2026, each optionally after a weekday.
_DATE_PREFIX = re.compile(
    r"^(?:\d{4}-\d{1,2}-\d{1,2}"
    rf"|{_WEEKDAY}(?:\d{{1,2}}/\d{{1,2}}/\d{{4}}"
    rf"|{_MONTH}[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?[ \t]+{_MONTH},?[ \t]+\d{{4}}))"
    r"(?=[ \t]|$)",
    re.IGNORECASE,
)
#: A paragraph: from a non-space character to the next blank line (a line of spaces or tabs at
#: most); its trailing white space is trimmed after matching.
_PARAGRAPH = re.compile(r"\S[^\n]*(?:\n(?![ \t]*\n)[^\n]*)*")


@dataclass
class Header:
    fields: dict[str, str]
    #: 1-based line where each field stood, for messages.
    lines: dict[str, int]
    #: Character offset in the text where the body begins.
    body_offset: int
    #: 1-based column where each field's value starts, for messages.
    columns: dict[str, int] = field(default_factory=dict)


_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _looks_binary(sample: bytes) -> bool:
    """NUL bytes in something that is not UTF-8, or in bulk (UTF-16 without a BOM, images).

    A stray NUL in otherwise good text is not enough: such a file loads, the NUL shown as ␀.
    """
    nuls = sample.count(0)
    if not nuls:
        return False
    if nuls * 10 > len(sample):
        return True
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return True
    return False


def decode(raw: bytes, path: Path, *, final: bool = True) -> str:
    """Bytes of a text file to ``str``: UTF-8 (with or without BOM) or UTF-16 with a BOM.

    ``final=False`` is for the first bytes of a longer file: a character cut in two at the end
    is dropped rather than reported.
    """
    encoding = "utf-8"
    for bom, name in _BOMS:
        if raw.startswith(bom):
            raw, encoding = raw[len(bom) :], name
            break
    else:
        if _looks_binary(raw[:8192]):
            raise BriefingError(
                Problem(
                    "error",
                    path,
                    "this is a binary file, not text",
                    None,
                    None,
                    "briefings are UTF-8 text (or UTF-16 with a byte-order mark); "
                    "remove the file or give it another suffix",
                )
            )
    try:
        return codecs.getincrementaldecoder(encoding)().decode(raw, final=final)
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode(encoding, "replace")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        label = "UTF-16" if encoding.startswith("utf-16") else "UTF-8"
        raise BriefingError(
            Problem(
                "error", path, f"the file is not valid {label}", line, column, "save it as UTF-8"
            )
        ) from None


def read_text(path: Path, limit: int | None = None) -> str:
    """Read and decode a text file; ``limit`` bytes only when given (for headers)."""
    try:
        info = path.stat()
        size = info.st_size
        if not stat.S_ISREG(info.st_mode):
            # A FIFO would block for ever on open, /dev/zero would never end.
            raise BriefingError(
                Problem(
                    "error",
                    path,
                    "not a regular file",
                    None,
                    None,
                    "briefings are ordinary text files; remove it or rename it",
                )
            )
        if limit is None and size > MAX_ARTICLE_BYTES:
            raise BriefingError(
                Problem(
                    "error",
                    path,
                    f"the file is too large ({size // 2**20} MiB)",
                    None,
                    None,
                    f"split it; articles up to {MAX_ARTICLE_BYTES // 2**20} MiB are read",
                )
            )
        with path.open("rb") as handle:
            # ``read(n)`` sets n bytes aside first: ask for what the file holds, and one more
            # to see whether it grew meanwhile; never more than was checked above.
            wanted = limit if limit is not None else size + 1
            raw = handle.read(wanted)
            if limit is None and len(raw) == wanted:
                raw += handle.read(MAX_ARTICLE_BYTES - len(raw))
    except OSError as exc:
        raise BriefingError(
            Problem(
                "error",
                path,
                f"cannot read the file: {exc.strerror or exc}",
                None,
                None,
                "check that it exists and that you may read it",
            )
        ) from None
    if limit is None or len(raw) < limit:
        return decode(raw, path)
    # Only the start of a longer file: end at its last whole line when there is one.
    text = decode(raw, path, final=False)
    cut = text.rfind("\n")
    return text[: cut + 1] if cut > 0 else text


def parse_header(text: str, path: Path) -> Header:
    """Find the header fields at the top of ``text`` and where the body starts."""
    if path.suffix.lower() == ".md" and text.startswith("---"):
        return _front_matter(text, path)
    fields: dict[str, str] = {}
    lines: dict[str, int] = {}
    columns: dict[str, int] = {}
    offset = 0
    line_number = 0
    while offset < len(text):
        end = text.find("\n", offset)
        end = len(text) if end < 0 else end
        line = text[offset:end]
        line_number += 1
        if not line.strip():
            if fields:
                return Header(fields, lines, end + 1, columns)
            offset = end + 1
            continue
        match = _FIELD.match(line)
        if not match or match[1].lower() in fields or not (":" in match[2] or match[1].islower()):
            break
        key, value = match[1].lower(), match[3]
        lines[key], columns[key] = line_number, match.start(3) + 1
        if key == "date":
            prefix = _DATE_PREFIX.match(value)
            if prefix and value[prefix.end() :].strip():
                fields[key] = prefix.group()
                rest = offset + match.start(3) + prefix.end()
                while rest < len(text) and text[rest] in " \t":
                    rest += 1
                return Header(fields, lines, rest, columns)
        fields[key] = value.strip()
        offset = end + 1
    return Header(fields, lines, offset if fields else 0, columns)


def _front_matter(text: str, path: Path) -> Header:
    from briefing.yamlio import parse

    close = re.search(r"^---[ \t]*\r?$", text[3:], re.MULTILINE)
    if not re.match(r"---[ \t]*\r?\n", text) or close is None:
        raise BriefingError(
            Problem(
                "error",
                path,
                "front matter opened with --- is never closed",
                1,
                1,
                "end it with a line holding only ---",
            )
        )
    end = 3 + close.start()
    located = parse(text[:end], path) if text[4:end].strip() else None
    fields: dict[str, str] = {}
    lines: dict[str, int] = {}
    columns: dict[str, int] = {}
    if located is not None:
        if not isinstance(located.value, dict):
            raise BriefingError(
                Problem(
                    "error",
                    path,
                    "front matter must be a mapping of fields",
                    2,
                    1,
                    "write `key: value` lines",
                )
            )
        for key, value in located.value.items():
            if key.lower() in HEADER_KEYS and isinstance(value.value, str):
                fields[key.lower()] = value.value.strip()
                lines[key.lower()] = value.line
                columns[key.lower()] = value.column
    body_offset = 3 + close.end()
    for line_end in ("\r\n", "\n"):
        if text.startswith(line_end, body_offset):
            body_offset += len(line_end)
            break
    return Header(fields, lines, body_offset, columns)


def header_date(header: Header, path: Path) -> date | None:
    """The header's date, or a ``BriefingError`` naming the line when it cannot be read."""
    text = header.fields.get("date")
    if text is None:
        return None
    found = parse_date(text, strict=True)
    if found is not None:
        return found
    if ISO_SHAPE.match(text):
        message, hint = f"{text} is not a real date", "check the month and the day"
    else:
        shown = text if len(text) <= 40 else text[:39] + "…"
        message, hint = f"cannot read the date {shown!r}", "write it as YYYY-MM-DD"
    raise BriefingError(
        Problem("error", path, message, header.lines.get("date"), header.columns.get("date"), hint)
    )


def split_paragraphs(body: str) -> list[Paragraph]:
    """Paragraphs separated by blank lines, numbered from 1, with offsets into ``body``."""
    paragraphs: list[Paragraph] = []
    for number, match in enumerate(_PARAGRAPH.finditer(body), 1):
        text = match.group().rstrip()
        paragraphs.append(Paragraph(number, match.start(), match.start() + len(text), text))
    return paragraphs


def parse_article(text: str, path: Path) -> Article:
    """Parse a whole article; raises ``BriefingError`` when its header date is unreadable.

    Windows line ends become a space and a newline, so every offset into the body is still an
    offset into the file (``#char=`` links and exported positions stay exact).
    """
    text = text.replace("\r\n", " \n")
    header = parse_header(text, path)
    body = sanitize(text[header.body_offset :])
    fields = {key: sanitize(value) for key, value in header.fields.items()}
    return Article(
        path=path,
        body=body,
        paragraphs=split_paragraphs(body),
        body_offset=header.body_offset,
        fields=fields,
        date=header_date(header, path),
    )


def load_article(path: Path) -> Article:
    text = read_text(path)
    if not text.strip():
        raise BriefingError(
            Problem("error", path, "the article is empty", 1, 1, "add the article's text")
        )
    return parse_article(text, path)
