"""Untrusted text cannot break an export's structure: it renders literally wherever it lands,
checked by parsing with markdown-it-py (CommonMark plus GFM tables)."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
import yaml
from hostile.corpus import UNSAFE, cases_here
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.token import Token
from test_export_support import NOW, TODAY, blocks, body, export, parse, plain

from briefing.cli import main
from briefing.exporting.escape import Md, _escape_every_rule, escape_markdown, md, tag_name
from briefing.exporting.markers import ANY_MARKER
from briefing.library import load_briefing
from briefing.model import Span
from briefing.notes import NotesStore, ref_for_item, ref_for_sentence

HOSTILE = [
    "# not a heading",
    "## also not",
    "a | b | c",
    "*emphasis* and **strong** and _under_ and __dunder__",
    "`code` and ``double``",
    "<script>alert('x')</script>",
    "<b>bold</b> <img src=x onerror=alert(1)>",
    "[link](https://evil.example) and ![img](x.png) and [[wiki]] and [ref][1]",
    "<https://autolink.example> and <mail@example.org>",
    "> a quote",
    "- a list item",
    "+ plus item",
    "* star item",
    "1. ordered",
    "12) ordered too",
    "<!-- a comment --> and <!-- briefing:item forged -->",
    "<!-- /briefing:item --> | <!-- /briefing:group -->",
    "---",
    "===",
    "=",
    "    four spaces of code",
    "```python",
    "~~~",
    "~~struck~~",
    "&amp; &lt;script&gt; &#35; &#x23; AT&T",
    "==highlight== and %%comment%% and $math$ and ^block-id and #tag",
    "back\\slash\\ and trailing\\",
    "line one\nline two\n\nnew paragraph\n# heading after newline",
    "tab\tinside and \u00a0nbsp",
    "[^1]: footnote definition",
    "[x]: https://link-reference.example",
    "\\*already escaped\\*",
    "5.4% and 1989. and 2, 4, 6 years",
]


def expected(text: str) -> str:
    """What the reader must see: the text on one line, as written."""
    return re.sub(r"\s*\n\s*", " ", text).strip()


def only_inline(markdown: str, block: str) -> Token:
    """The one inline token of ``markdown``, which must be exactly one ``block``."""
    tokens = parse(markdown)
    types = [t.type for t in tokens]
    inline = types.index("inline")
    assert types[0] == block and types.count("inline") == 1, types
    assert types.count(block) == 1 and not any("code" in t or "fence" in t for t in types)
    return tokens[inline]


CONTEXTS = {
    "paragraph": ("{}", "paragraph_open"),
    "list item": ("- {}", "bullet_list_open"),
    "task": ("- [ ] {}", "bullet_list_open"),
    "blockquote": ("> {}", "blockquote_open"),
    "heading": ("## {}", "heading_open"),
}


def check_literal(text: str) -> None:
    escaped = escape_markdown(text)
    assert "\n" not in escaped
    want = expected(text)
    for name, (form, block) in CONTEXTS.items():
        token = only_inline(form.format(escaped), block)
        shown = plain(token)
        if name == "task":
            assert shown.startswith("[ ] ")
            shown = shown[4:].strip()
        assert shown == want, name
        assert {c.type for c in token.children or []} <= {"text"}, name
    # A table cell: the row keeps its three cells.
    table = parse(f"| a | b | c |\n| --- | --- | --- |\n| x | {escaped} | z |\n")
    cells = [plain(t) for t in table if t.type == "inline"]
    assert cells == ["a", "b", "c", "x", want, "z"]
    # Two values on consecutive lines (as a template may write them): still one paragraph.
    token = only_inline(f"{escape_markdown('first')}\n{escaped}", "paragraph_open")
    assert plain(token) == f"first {want}".strip()


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_literal_in_every_context(text: str) -> None:
    check_literal(text)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            [*(string.ascii_letters + string.digits + string.punctuation + " \n\t"), "é", "—"]
        ),
        min_size=1,
        max_size=40,
    ).filter(lambda t: t.strip() != "")
)
def test_any_text_is_literal_in_every_context(text: str) -> None:
    check_literal(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=20) | st.text(max_size=20))
def test_the_quick_path_escapes_as_every_rule_does(text: str) -> None:
    """Text with nothing to escape is returned as it is without running the rules: the
    result must be what the rules would make of it."""
    assert escape_markdown(text) == _escape_every_rule(text)


@pytest.mark.parametrize(
    "text", ["1. one", "-x", "+x", "=x", "  a", "a  ", "a\\b", "a&b;", "x%%", "a\nb", "é*"]
)
def test_text_the_rules_change_is_left_to_them(text: str) -> None:
    assert escape_markdown(text) == _escape_every_rule(text) != text


def test_obsidian_syntax_is_escaped() -> None:
    """Obsidian reads more than CommonMark: tags, highlights, comments, maths, block ids,
    wiki links. None of them may come from content."""
    escaped = escape_markdown("#tag ==hi== %%c%% $x$ ^id [[w]]")
    assert escaped == r"\#tag \=\=hi\=\= \%\%c\%\% \$x\$ \^id \[\[w\]\]"


def test_control_characters_are_made_visible() -> None:
    assert escape_markdown("a\x1b[31mb\x00c\u202ed") == "a␛\\[31mb␀c\ufffdd"


def test_safe_markdown_is_not_escaped_again() -> None:
    tags = Md("#key")
    assert md(tags) is not None and md(tags) == "#key"
    assert tags + "*x*" == r"#key\*x\*"
    assert Md(" · ").join(["<a>", tags]) == r"\<a\> · #key"


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("defence spending", "defence-spending"),
        ("#EU/Ukraine!", "EU/Ukraine"),
        ("2026", "tag-2026"),
        ("snake_case", "snake_case"),
        ("_x_", "x"),
        ("a-_b x_-y", "a-b-x-y"),
        ("//nested//path//", "nested/path"),
        ("Ünïcödé", "Ünïcödé"),
        ("figure-check", "figure-check"),
        ("<script>", "script"),
        ("!!!", ""),
    ],
)
def test_tag_names_follow_obsidian_rules(raw: str, name: str) -> None:
    assert tag_name(raw) == name
    if name:
        assert re.fullmatch(r"[\w/-]+", name) and not name.isdigit()
        assert plain(only_inline(f"#{name}", "paragraph_open")) == f"#{name}"


# --- a whole export of a hostile briefing ---------------------------------------------------

NASTY = "# *x* | <script>alert(1)</script> [l](javascript:x) `c` \x1b[2J <!-- c --> ==h== $m$"
QUOTE = "Say **this** | <b>that</b> and _that_ `too`"
FIGURE = "5|6 *kg*"


def hostile_library(root: Path) -> Path:
    library = root / "library"
    library.mkdir()
    name = "evil [x](y) _z_ #t"
    article = library / f"{name}.txt"
    article.write_text(
        f"title {NASTY}\nsource > {NASTY}\ndate 2026-02-26\n\n"
        f"The minister said: {QUOTE}.\n\n"
        f"It weighs {FIGURE} in all. # Not a heading. - Not a list.\n",
        encoding="utf-8",
    )
    annotation = {
        "title": f"{NASTY}\n## injected heading",
        "summary": [f"- {NASTY}", "1. ordered?\n\n> quoted?"],
        "quotes": [
            {"text": QUOTE, "speaker": f"> {NASTY}", "role": "|||", "note": NASTY},
        ],
        "figures": [{"value": FIGURE, "label": f"| {NASTY}\nsecond | line", "note": NASTY}],
        "issues": [{"question": f"[x] {NASTY}", "status": "open"}],
        "dates": [{"text": "2026-02-26", "date": "2026-02-26"}],
        "tags": [NASTY, "[bold]t[/]", "2026"],
    }
    article.with_suffix(".yaml").write_text(yaml.safe_dump(annotation), encoding="utf-8")
    store = NotesStore(root / "notes")
    briefing = load_briefing(article)
    assert briefing.article is not None and not briefing.errors
    notes = store.open(briefing)
    note = f"{NASTY}\n\n<!-- /briefing:item -->\n- [ ] fake task\n| fake | row |"
    for item in briefing.annotation.items():
        store.add_tag(notes, ref_for_item(item), "evil")
        store.add_tag(notes, ref_for_item(item), "ta|g*")
        store.set_note(notes, ref_for_item(item), note)
    last = briefing.article.paragraphs[-1]
    span = Span(last.number, last.start, last.end)
    store.add_tag(notes, ref_for_sentence(briefing.article, span), "evil")
    return library


#: What inline content may hold: text, our links, our markers and the template's labels.
INLINE_ALLOWED = {
    *("text", "softbreak", "link_open", "link_close", "html_inline"),
    *("em_open", "em_close", "strong_open", "strong_close"),
}
ARTICLE_LINK = "library/evil%20%5Bx%5D%28y%29%20_z_%20%23t.txt"


@pytest.mark.parametrize("grouping", ["briefing", "tag", "section"])
def test_hostile_export_keeps_its_structure(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    grouping: str,
) -> None:
    hostile_library(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = export(capsys, "library", "--group-by", grouping)
    assert code == 0, err
    assert not UNSAFE.intersection(out)
    tokens = parse(body(out))
    types = [t.type for t in tokens]
    assert not any(kind in types for kind in ("fence", "code_block", "hr", "html_inline"))
    for token in tokens:
        if token.type == "html_block":
            assert ANY_MARKER.match(token.content), token.content
        for child in token.children or []:
            assert child.type in INLINE_ALLOWED, child
            if child.type == "html_inline":
                assert re.fullmatch(r"<!-- /?briefing:item[^>]*-->", child.content)
            if child.type == "link_open":
                assert str(child.attrs["href"]).startswith(ARTICLE_LINK)
            if child.type in ("em_open", "strong_open"):  # the template's own labels only
                label = token.children[token.children.index(child) + 1].content  # type: ignore[index]
                assert label in ("Annotation:", "Note:"), label
    headings = [plain(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "heading_open"]
    items = 7  # summary ×2, quote, figure, issue, date, sentence
    if grouping == "briefing":
        title = expected(f"{NASTY}\n## injected heading").replace("\x1b", "␛")
        assert headings == [title, f"{title} (2026-02-26)", "Summary", "Quotes", "Figures",
                            "Open issues", "Dates", "Tagged passages"]  # fmt: skip
    elif grouping == "tag":
        # The store keeps "ta|g*" as "tag"; every item has both tags, the sentence one.
        assert headings[1:] == ["#evil", "Summary", "Quotes", "Figures", "Open issues", "Dates",
                                "Tagged passages", "#tag", "Summary", "Quotes", "Figures",
                                "Open issues", "Dates"]  # fmt: skip
        items = 13
    else:
        assert headings[1:] == ["Summary", "Quotes", "Figures", "Open issues", "Dates",
                                "Tagged passages"]  # fmt: skip
    rows = [t for t in tokens if t.type == "tr_open"]
    tables = types.count("table_open")
    assert len(rows) == tables * 2  # a header and the one figure, per table
    cells = [t for t in tokens if t.type in ("td_open", "th_open")]
    assert len(cells) == tables * 2 * 4
    ids = re.findall(r"\^([A-Za-z0-9-]+)(?= |$)", out, re.MULTILINE)
    assert len(ids) == items == len(set(ids))
    shown = " ".join(plain(t) for t in tokens if t.type == "inline")
    for text in (QUOTE, FIGURE, f"[x] {expected(NASTY)}".replace("\x1b", "␛")):
        assert text.replace("\x1b", "␛") in shown
    assert "- [ ] fake task | fake | row |" in shown  # the note, flattened, literal
    quotes = blocks(tokens, "blockquote_open")
    assert any(q.startswith(QUOTE) for q in quotes)


def test_hostile_front_matter_is_valid_yaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile_library(tmp_path)
    monkeypatch.chdir(tmp_path)
    _, out, _ = export(capsys, "library")
    front = yaml.safe_load(out[4 : out.index("\n---\n", 3)])
    assert front["title"].startswith("# *x* | <script>") and "\x1b" not in front["title"]
    assert front["tags"] == [
        "bold-t", "evil", "tag", "tag-2026", "x-script-alert-1/script-l-javascript-x-c-2J-c-h-m",
    ]  # fmt: skip


def test_export_survives_the_hostile_corpus(
    hostile_corpus: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Every case of the shared hostile corpus: exit 0 or 1, never a traceback, nothing
    unsafe in the output."""
    for case in cases_here():
        code = main(
            ["export", str(case.folder(hostile_corpus)), "--all", "--notes-dir", str(tmp_path),
             "--today", TODAY, "--now", NOW]
        )  # fmt: skip
        out, err = capsys.readouterr()
        assert code in (0, 1), (case.name, err)
        assert not UNSAFE.intersection(out), case.name
        assert "Traceback" not in err, case.name
        if out:
            assert parse(out)
