"""Article files: header forms, body and paragraphs, decoding, and every way a file can be bad."""

from __future__ import annotations

import os
import re
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.article import (
    HEADER_BYTES,
    MAX_ARTICLE_BYTES,
    load_article,
    parse_article,
    parse_header,
    read_text,
    split_paragraphs,
)
from briefing.model import BriefingError

FEB_26 = date(2026, 2, 26)


def error_of(path: Path) -> BriefingError:
    with pytest.raises(BriefingError) as caught:
        load_article(path)
    return caught.value


# --- the seed -------------------------------------------------------------------------------


def test_seed_header_on_the_same_line_as_the_body(seed: Path) -> None:
    article = load_article(seed)
    assert article.date == FEB_26
    assert article.fields == {"date": "2026-02-26"}
    assert article.body.startswith("NATO Secretary-General Mark Rutte on Thursday")
    assert len(article.paragraphs) == 12
    assert [p.number for p in article.paragraphs] == list(range(1, 13))
    # The header is gone from the body, and the body offset points at its first character.
    raw = seed.read_text("utf-8")
    assert raw[article.body_offset :].startswith("NATO Secretary-General")


def test_seed_paragraph_offsets_index_the_body(seed: Path) -> None:
    article = load_article(seed)
    for paragraph in article.paragraphs:
        assert article.body[paragraph.start : paragraph.end] == paragraph.text
        assert paragraph.text == paragraph.text.strip()
    assert article.paragraphs[1].text.startswith("Speaking at a joint press conference")
    assert article.paragraphs[-1].text.endswith("at least 3.5% of GDP to defense.")
    assert article.paragraph_at(article.paragraphs[4].start + 3) == 5


# --- header forms -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        " date 2026-02-26 NATO body starts here.\n\nSecond.",
        "date 2026-02-26\n\nNATO body starts here.\n\nSecond.",
        "date: 2026-02-26\n\nNATO body starts here.\n\nSecond.",
        "Date: Feb 26, 2026\n\nNATO body starts here.\n\nSecond.",
        " date Feb 26, 2026 NATO body starts here.\n\nSecond.",
        "date 26 February 2026\n\nNATO body starts here.\n\nSecond.",
        " date 26 February 2026 NATO body starts here.\n\nSecond.",
        "date Thursday 26/02/2026\n\nNATO body starts here.\n\nSecond.",
        " date Thursday 26/02/2026 NATO body starts here.\n\nSecond.",
        "\n\n  date 2026-02-26\n\nNATO body starts here.\n\nSecond.",
    ],
    ids=lambda text: text[:30],
)
def test_header_date_forms(text: str) -> None:
    article = parse_article(text, Path("a.txt"))
    assert article.date == FEB_26
    assert article.body.startswith("NATO body starts here.")
    assert [p.text for p in article.paragraphs] == ["NATO body starts here.", "Second."]


def test_header_fields_on_their_own_lines() -> None:
    text = (
        "title Rutte in Brussels\n"
        "source: Wire\n"
        "author  A. Writer\n"
        "url https://example.org/a\n"
        "date 2026-02-26\n"
        "\n"
        "First paragraph.\n\nSecond paragraph.\n"
    )
    article = parse_article(text, Path("a.txt"))
    assert article.fields == {
        "title": "Rutte in Brussels",
        "source": "Wire",
        "author": "A. Writer",
        "url": "https://example.org/a",
        "date": "2026-02-26",
    }
    assert article.title == "Rutte in Brussels" and article.source == "Wire"
    assert article.date == FEB_26
    assert [p.text for p in article.paragraphs] == ["First paragraph.", "Second paragraph."]
    assert article.body_offset == text.index("First paragraph.")


@pytest.mark.parametrize(
    "opening",
    [
        "Title IX protections were widened on Monday, the department said.",
        "Date palms grow along the coast, where 2026-02-26 was a market day.",
        "Source close to the talks said nothing had been agreed.",
        "URL shorteners are everywhere.",
    ],
)
def test_a_capitalised_opening_word_is_body_not_a_header(opening: str) -> None:
    article = parse_article(f"{opening}\n\nSecond paragraph.", Path("a.txt"))
    assert article.fields == {} and article.date is None
    assert [p.text for p in article.paragraphs] == [opening, "Second paragraph."]


def test_header_key_with_a_colon_in_any_case_and_no_space() -> None:
    article = parse_article("DATE:2026-02-26\nTitle: T\n\nBody.", Path("a.txt"))
    assert article.fields == {"date": "2026-02-26", "title": "T"}


def test_article_without_header_is_all_body() -> None:
    article = parse_article("Just a body.\n\nAnd more.", Path("a.txt"))
    assert article.date is None and article.fields == {}
    assert len(article.paragraphs) == 2 and article.body_offset == 0


def test_a_repeated_header_key_ends_the_header() -> None:
    article = parse_article("title One\ntitle Two\n\nBody.", Path("a.txt"))
    assert article.fields == {"title": "One"}
    assert article.body.startswith("title Two")


def test_markdown_front_matter() -> None:
    text = "---\ntitle: Front matter\ndate: 2026-02-26\nextra: ignored\n---\nBody one.\n\nTwo.\n"
    article = parse_article(text, Path("a.md"))
    assert article.fields == {"title": "Front matter", "date": "2026-02-26"}
    assert article.date == FEB_26
    assert [p.text for p in article.paragraphs] == ["Body one.", "Two."]


def test_markdown_front_matter_with_crlf_line_ends() -> None:
    text = "---\r\ntitle: Windows\r\ndate: 2026-02-26\r\n---\r\nBody one.\r\n\r\nTwo.\r\n"
    article = parse_article(text, Path("a.md"))
    assert article.fields == {"title": "Windows", "date": "2026-02-26"}
    assert [p.text for p in article.paragraphs] == ["Body one.", "Two."]
    assert "\r" not in article.body


def test_crlf_header_and_body() -> None:
    article = parse_article("date 2026-02-26\r\ntitle T\r\n\r\nBody.\r\n\r\nTwo.", Path("a.txt"))
    assert article.fields == {"date": "2026-02-26", "title": "T"}
    assert [p.text for p in article.paragraphs] == ["Body.", "Two."]


def test_front_matter_in_a_txt_file_is_body() -> None:
    article = parse_article("---\ntitle: x\n---\nBody.", Path("a.txt"))
    assert article.fields == {}


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("---\ntitle: x\nBody with no closing line.\n", 1, 1),
        ("---\n- a list\n---\nBody.\n", 2, 1),
        ("---\ntitle: [unclosed\n---\nBody.\n", 3, 1),
        ("---\ntitle: x\ntitle: y\n---\nBody.\n", 3, 1),
        ("---\ndate: 2026-02-30\n---\nBody.\n", 2, 7),
    ],
    ids=["unclosed", "not-a-mapping", "syntax", "duplicate", "impossible-date"],
)
def test_bad_front_matter(text: str, line: int, column: int) -> None:
    with pytest.raises(BriefingError) as caught:
        parse_article(text, Path("a.md"))
    problem = caught.value.problem
    assert (problem.severity, problem.line, problem.column) == ("error", line, column)
    assert problem.hint


# --- dates that cannot be read ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("date 2026-02-30\n\nBody.", 1, 6),
        (" date 2026-02-30 NATO body on the same line.", 1, 7),
        ("title T\ndate: sometime soon\n\nBody.", 2, 7),
        ("title T\ndate 32/13/2026\n\nBody.", 2, 6),
    ],
)
def test_unreadable_date_names_file_line_and_column(
    tmp_path: Path, text: str, line: int, column: int
) -> None:
    path = tmp_path / "bad_date.txt"
    path.write_text(text, "utf-8")
    problem = error_of(path).problem
    assert problem.path == path
    assert (problem.severity, problem.line, problem.column) == ("error", line, column)
    assert str(problem).startswith(f"{path}:{line}:{column}: error: ")


def test_impossible_iso_date_says_so(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("date 2026-02-30\n\nBody.", "utf-8")
    problem = error_of(path).problem
    assert "2026-02-30" in problem.message
    assert "YYYY-MM-DD" not in problem.hint  # it *is* YYYY-MM-DD; the day does not exist


def test_long_unreadable_date_line_is_shortened_in_the_message(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("date " + "nonsense " * 200 + "\n\nBody.", "utf-8")
    problem = error_of(path).problem
    assert len(problem.message) < 120


# --- decoding and reading ---------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"   \n\n\t \n"], ids=["empty", "whitespace"])
def test_empty_article(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    problem = error_of(path).problem
    assert (problem.severity, problem.line, problem.column) == ("error", 1, 1)
    assert "empty" in problem.message


def test_invalid_utf8_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"date 2026-02-26\n\nCaf" + b"\xe9 au lait\n")
    problem = error_of(path).problem
    assert (problem.severity, problem.line, problem.column) == ("error", 3, 4)
    assert "UTF-8" in problem.message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_bom_encodings_read_fine(tmp_path: Path, encoding: str) -> None:
    text = " date 2026-02-26 Caf\u00e9 \u201cquoted\u201d body.\n\nSecond \u20ac."
    raw = text.encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    path = tmp_path / "bom.txt"
    path.write_bytes(raw)
    article = load_article(path)
    assert article.date == FEB_26
    assert article.body == "Caf\u00e9 \u201cquoted\u201d body.\n\nSecond \u20ac."


def test_utf16_with_bad_surrogate_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad16.txt"
    path.write_bytes(b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xd8")  # lone surrogate
    problem = error_of(path).problem
    assert problem.severity == "error" and "UTF-16" in problem.message


def test_binary_file_with_txt_name(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    problem = error_of(path).problem
    assert problem.severity == "error" and "binary" in problem.message
    assert problem.hint


def test_a_few_nul_bytes_in_text_are_shown_not_refused(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes(b"date 2026-02-26\n\nBefore\x00after, and a long enough article around it.")
    article = load_article(path)
    assert "\x00" not in article.body
    assert "Before\u2400after" in article.body


def test_control_characters_are_replaced_at_load_time(tmp_path: Path) -> None:
    path = tmp_path / "ansi.txt"
    path.write_text(
        "title Evil \x1b]0;pwned\x07 title\ndate 2026-02-26\n\n"
        "Red \x1b[31mtext\x1b[0m, OSC 52 \x1b]52;c;SGVsbG8=\x07, C1 \x9b31m, "
        "bidi \u202eevil\u202c and \u2066iso\u2069.\n",
        "utf-8",
    )
    article = load_article(path)
    for text in [article.body, *article.fields.values(), *(p.text for p in article.paragraphs)]:
        assert not any(char in text for char in "\x1b\x07\x9b\u202e\u202c\u2066\u2069")
    assert "\u241b[31mtext" in article.body
    assert article.title.startswith("Evil \u241b]0;pwned\u2407")


def test_unreadable_file_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("date 2026-02-26\n\nBody.", "utf-8")

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    problem = error_of(path).problem
    assert problem.severity == "error" and "Permission denied" in problem.message


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root reads files whatever their mode; simulated in the test above"
)
def test_unreadable_file_chmod_000(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("date 2026-02-26\n\nBody.", "utf-8")
    path.chmod(0)
    try:
        problem = error_of(path).problem
    finally:
        path.chmod(0o644)
    assert problem.severity == "error" and "cannot read" in problem.message


def test_too_large_article_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_ARTICLE_BYTES + 1)  # sparse: nothing to read, if it tried
    started = time.perf_counter()
    problem = error_of(path).problem
    assert time.perf_counter() - started < 1
    assert problem.severity == "error" and "too large" in problem.message


def test_a_file_that_grows_while_it_is_read_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "growing.txt"
    path.write_text("date 2026-02-26\n\nFirst paragraph.\n")
    real_open = Path.open

    def grow_then_open(self: Path, *args: object, **kwargs: object) -> object:
        with real_open(self, "a") as handle:  # after the size was taken, before the read
            handle.write("\nA paragraph written meanwhile.\n")
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", grow_then_open)
    assert read_text(path).endswith("First paragraph.\n\nA paragraph written meanwhile.\n")


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_special_files_are_refused_not_read(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "special.txt"
    if kind == "fifo":
        os.mkfifo(path)  # opening it would wait for a writer for ever
    else:
        path.symlink_to("/dev/zero")  # reading it would never end
    problem = error_of(path).problem
    assert problem.severity == "error" and "not a regular file" in problem.message
    with pytest.raises(BriefingError):
        read_text(path, HEADER_BYTES)


def test_missing_file(tmp_path: Path) -> None:
    problem = error_of(tmp_path / "nope.txt").problem
    assert problem.severity == "error" and "cannot read" in problem.message


def test_directory_named_like_an_article(tmp_path: Path) -> None:
    (tmp_path / "folder.txt").mkdir()
    assert error_of(tmp_path / "folder.txt").problem.severity == "error"


# --- reading only the header ------------------------------------------------------------------


def test_header_read_does_not_split_a_multibyte_character(tmp_path: Path) -> None:
    path = tmp_path / "one_line.txt"
    # One long line with no newline: the header read must cut between characters, not bytes.
    path.write_text(" date 2026-02-26 " + "\u00e9" * (HEADER_BYTES * 2), "utf-8")
    head = read_text(path, HEADER_BYTES)
    header = parse_header(head, path)
    assert header.fields["date"] == "2026-02-26"


def test_header_read_of_a_large_utf16_file(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    text = "title Wide\ndate 2026-02-26\n\n" + "Paragraph text here.\n\n" * 2000
    path.write_bytes(text.encode("utf-16"))
    head = read_text(path, HEADER_BYTES)
    assert parse_header(head, path).fields == {"title": "Wide", "date": "2026-02-26"}


def test_header_read_reports_invalid_utf8_inside_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"date 2026-02-26\n\n\xff body\n" + b"x" * HEADER_BYTES)
    with pytest.raises(BriefingError) as caught:
        read_text(path, HEADER_BYTES)
    assert (caught.value.problem.line, caught.value.problem.column) == (3, 1)


# --- paragraphs and scale ---------------------------------------------------------------------


def test_split_paragraphs_offsets_and_blank_line_forms() -> None:
    body = "  One\nstill one.\n\n \t\nTwo.\n\n\n\nThree.  \n"
    paragraphs = split_paragraphs(body)
    assert [(p.number, p.text) for p in paragraphs] == [
        (1, "One\nstill one."),
        (2, "Two."),
        (3, "Three."),
    ]
    for paragraph in paragraphs:
        assert body[paragraph.start : paragraph.end] == paragraph.text


def test_five_megabyte_single_line_loads_in_bounded_time(tmp_path: Path) -> None:
    path = tmp_path / "long_line.txt"
    path.write_text(" date 2026-02-26 " + "word " * 1_000_000, "utf-8")
    started = time.perf_counter()
    article = load_article(path)
    assert time.perf_counter() - started < 10
    assert len(article.paragraphs) == 1 and article.date == FEB_26


def test_hundred_thousand_paragraphs_load_in_bounded_time(tmp_path: Path) -> None:
    path = tmp_path / "many.txt"
    path.write_text("date 2026-02-26\n\n" + "".join(f"P{n}.\n\n" for n in range(100_000)))
    started = time.perf_counter()
    article = load_article(path)
    assert time.perf_counter() - started < 10
    assert len(article.paragraphs) == 100_000
    assert article.paragraphs[-1].text == "P99999." and article.paragraphs[-1].number == 100_000


def paragraphs_by_definition(body: str) -> list[tuple[int, int, str]]:
    """Split at blank lines (only spaces or tabs on them), strip each piece, drop empty ones."""
    found: list[tuple[int, int, str]] = []
    position = 0
    for piece in re.split(r"(\n[ \t]*\n)", body):
        stripped = piece.strip()
        if stripped and not re.fullmatch(r"\n[ \t]*\n", piece):
            start = position + len(piece) - len(piece.lstrip())
            found.append((start, start + len(stripped), stripped))
        position += len(piece)
    return found


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from(list("ab \t\n\u00a0\u2028.")), max_size=50))
def test_split_paragraphs_agrees_with_the_definition(body: str) -> None:
    expected = paragraphs_by_definition(body)
    assert [(p.start, p.end, p.text) for p in split_paragraphs(body)] == expected


def test_crlf_offsets_are_file_offsets(tmp_path: Path) -> None:
    """Body offsets plus body_offset select the same characters in the file, CRLF or not."""
    text = 'title T\r\ndate 2026-02-26\r\n\r\nFirst line.\r\n\r\nHe said "we will act" today.\r\n'
    path = tmp_path / "crlf.txt"
    path.write_bytes(text.encode("utf-8"))
    article = load_article(path)
    assert [p.text for p in article.paragraphs] == ["First line.", 'He said "we will act" today.']
    file_text = path.read_bytes().decode("utf-8")
    for paragraph in article.paragraphs:
        start = article.body_offset + paragraph.start
        assert file_text[start : start + len(paragraph.text)] == paragraph.text
    assert article.fields["title"] == "T" and str(article.date) == "2026-02-26"
