"""Unit tests of the tag and note store's API, and a property test against a simple model."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.anchoring import sentences
from briefing.library import load_briefing
from briefing.model import Briefing
from briefing.notes import (
    TAG_DEFAULTS,
    BriefingNotes,
    NotesStore,
    TargetRef,
    TextSelector,
    normalise_note,
    normalise_tag,
    ref_for_item,
    ref_for_sentence,
)
from briefing.yamlio import parse

SAMPLE = Path(__file__).resolve().parent.parent / "briefings"
STEM = "001_nato_rutte_defence_spending"


def copy_sample(folder: Path, name: str = STEM) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in (".txt", ".yaml"):
        shutil.copyfile(SAMPLE / f"{STEM}{suffix}", folder / f"{name}{suffix}")
    return folder / f"{name}.txt"


@pytest.fixture
def briefing(tmp_path: Path) -> Briefing:
    return load_briefing(copy_sample(tmp_path / "library"))


@pytest.fixture
def store(tmp_path: Path) -> NotesStore:
    return NotesStore(tmp_path / "notes")


def sentence_ref(briefing: Briefing, index: int) -> TargetRef:
    assert briefing.article is not None
    return ref_for_sentence(briefing.article, sentences(briefing.article)[index])


def state(notes: BriefingNotes) -> dict[str, tuple[list[str], str]]:
    return {target: (r.tags, r.note) for target, r in notes.records.items()}


# --- normalising and refs ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "tag"),
    [
        ("key", "key"),
        ("  Key Point  ", "key-point"),
        ("#Follow Up", "follow-up"),
        ("to   check\tlater", "to-check-later"),
        ("Énergie", "énergie"),
        ("a/b.c+d&e:f_g", "a/b.c+d&e:f_g"),
        ("-- edge --", "edge"),
        ("red\x1b[31m", "red31m"),
        ("bidi\u202eevil", "bidievil"),
        ("   ", ""),
        ("!!!", ""),
        ("#", ""),
    ],
)
def test_normalise_tag(raw: str, tag: str) -> None:
    assert normalise_tag(raw) == tag


def test_normalise_tag_caps_length() -> None:
    assert len(normalise_tag("x" * 500)) == 64


def test_normalise_note_sanitizes_and_trims() -> None:
    assert normalise_note("  \n first line  \r\nsecond\x1b line\u2028third\n\n") == (
        "first line\nsecond\u241b line\nthird"
    )
    assert normalise_note(" \n\t ") == ""
    assert normalise_note("lone \ud800 surrogate") == "lone \ufffd surrogate"


def test_tag_defaults() -> None:
    assert TAG_DEFAULTS == {
        1: "key",
        2: "follow-up",
        3: "question",
        4: "disputed",
        5: "figure-check",
    }


def test_text_selector_from_span(briefing: Briefing) -> None:
    assert briefing.article is not None
    body = briefing.article.body
    span = sentences(briefing.article)[3]
    selector = TextSelector.from_span(briefing.article, span)
    assert selector.exact == body[span.start : span.end]
    assert selector.exact.startswith("Rutte stressed")
    assert selector.prefix == body[span.start - 32 : span.start]
    assert selector.suffix == body[span.end : span.end + 32]
    assert (selector.start, selector.end, selector.paragraph) == (span.start, span.end, 4)
    assert selector.span == span
    first = TextSelector.from_span(briefing.article, sentences(briefing.article)[0])
    assert first.prefix == ""


def test_ref_for_item(briefing: Briefing) -> None:
    quote = briefing.annotation.quotes[0]
    ref = ref_for_item(quote)
    assert (ref.target, ref.kind, ref.text, ref.selector) == (quote.id, "quote", quote.words, None)


def test_ref_for_sentence_is_stable_and_positional(briefing: Briefing) -> None:
    assert briefing.article is not None
    again = load_briefing(briefing.path)
    assert again.article is not None
    assert sentence_ref(briefing, 3) == sentence_ref(again, 3)
    assert sentence_ref(briefing, 3).target != sentence_ref(briefing, 4).target
    # The same words elsewhere in the article are another target.
    span = sentences(briefing.article)[3]
    moved = type(span)(span.paragraph, span.start + 1, span.end + 1)
    assert ref_for_sentence(briefing.article, moved).target != sentence_ref(briefing, 3).target
    assert sentence_ref(briefing, 3).kind == "sentence"
    assert not sentence_ref(briefing, 3).target.startswith("s-")  # summary ids use s-


# --- opening and tagging -----------------------------------------------------------------


def test_open_without_notes_is_empty_and_creates_nothing(
    store: NotesStore, briefing: Briefing, tmp_path: Path
) -> None:
    notes = store.open(briefing)
    assert notes.records == {}
    assert notes.reading == "new"
    assert notes.statuses == {}
    assert not notes.read_only and notes.problem is None and notes.backup is None
    assert notes.title == briefing.title
    assert notes.date == "2026-02-26"
    assert notes.article == briefing.path.resolve()
    assert briefing.article is not None
    assert notes.body_hash == briefing.article.body_hash()
    assert notes.path.parent == tmp_path / "notes"
    assert not (tmp_path / "notes").exists()


def test_toggle_tag_writes_at_once_outside_the_library(
    store: NotesStore, briefing: Briefing, tmp_path: Path
) -> None:
    library = sorted(p.name for p in (tmp_path / "library").iterdir())
    annotation = (tmp_path / "library" / f"{STEM}.yaml").read_bytes()
    notes = store.open(briefing)
    ref = ref_for_item(briefing.annotation.quotes[0])
    assert store.toggle_tag(notes, ref, "Key") is True
    assert notes.records[ref.target].tags == ["key"]
    assert NotesStore(tmp_path / "notes").open(briefing).records[ref.target].tags == ["key"]
    assert store.toggle_tag(notes, ref, "key") is False
    assert ref.target not in notes.records
    assert NotesStore(tmp_path / "notes").open(briefing).records == {}
    assert sorted(p.name for p in (tmp_path / "library").iterdir()) == library
    assert (tmp_path / "library" / f"{STEM}.yaml").read_bytes() == annotation


def test_add_and_remove_tag(store: NotesStore, briefing: Briefing) -> None:
    notes = store.open(briefing)
    ref = sentence_ref(briefing, 3)
    store.add_tag(notes, ref, "question")
    store.add_tag(notes, ref, "Question")  # already there: no change, no duplicate
    store.add_tag(notes, ref, "disputed")
    record = notes.records[ref.target]
    assert record.tags == ["question", "disputed"]
    assert record.kind == "sentence"
    assert record.selector == ref.selector
    assert ref.selector is not None and record.span == ref.selector.span
    assert record.created and record.updated
    store.remove_tag(notes, ref, "question")
    store.remove_tag(notes, ref, "never-added")
    assert notes.records[ref.target].tags == ["disputed"]
    with pytest.raises(ValueError):
        store.add_tag(notes, ref, "  !! ")


def test_set_note_multiline_and_removal(
    store: NotesStore, briefing: Briefing, tmp_path: Path
) -> None:
    notes = store.open(briefing)
    ref = ref_for_item(briefing.annotation.issues[0])
    store.set_note(notes, ref, "Ask the press office.\n\n  - who said it?\n")
    assert notes.records[ref.target].note == "Ask the press office.\n\n  - who said it?"
    assert notes.records[ref.target].tags == []
    reloaded = NotesStore(tmp_path / "notes").open(briefing)
    assert reloaded.records[ref.target].note == "Ask the press office.\n\n  - who said it?"
    store.set_note(notes, ref, "")
    assert ref.target not in notes.records
    assert NotesStore(tmp_path / "notes").open(briefing).records == {}


def test_reading_state(store: NotesStore, briefing: Briefing, tmp_path: Path) -> None:
    notes = store.open(briefing)
    store.set_reading(notes, "done")
    assert notes.reading == "done"
    assert NotesStore(tmp_path / "notes").open(briefing).reading == "done"
    with pytest.raises(ValueError):
        store.set_reading(notes, "skimmed")  # type: ignore[arg-type]


def test_issue_status_override(store: NotesStore, briefing: Briefing, tmp_path: Path) -> None:
    notes = store.open(briefing)
    issue = briefing.annotation.issues[0]
    assert issue.status == "open"
    store.set_status(notes, issue.id, "watching")
    assert notes.statuses == {issue.id: "watching"}
    assert NotesStore(tmp_path / "notes").open(briefing).statuses == {issue.id: "watching"}
    store.set_status(notes, issue.id, "open")  # the annotation's own status: no override
    assert notes.statuses == {}
    with pytest.raises(ValueError):
        store.set_status(notes, issue.id, "closed")  # type: ignore[arg-type]


def test_tagged_in_article_order_and_orphans_empty(store: NotesStore, briefing: Briefing) -> None:
    notes = store.open(briefing)
    late, early = sentence_ref(briefing, 10), sentence_ref(briefing, 1)
    summary = ref_for_item(briefing.annotation.summary[0])
    quote = ref_for_item(briefing.annotation.quotes[1])
    for ref in (summary, late, quote, early):
        store.add_tag(notes, ref, "key")
    order = [record.target for record in notes.tagged()]
    assert order == [early.target, quote.target, late.target, summary.target]
    assert notes.orphans() == []


def test_record_for_and_tags_of(store: NotesStore, briefing: Briefing) -> None:
    notes = store.open(briefing)
    ref = sentence_ref(briefing, 2)
    assert notes.record_for(ref) is None and notes.tags_of(ref) == []
    store.add_tag(notes, ref, "key")
    record = notes.record_for(ref)
    assert record is not None and record.ref == ref
    assert notes.tags_of(ref) == ["key"]
    assert ref.selector is not None
    assert notes.sentence_at(ref.selector.start, ref.selector.end) is record


# --- the file ----------------------------------------------------------------------------


def test_file_is_readable_yaml_with_the_contract_fields(
    store: NotesStore, briefing: Briefing
) -> None:
    notes = store.open(briefing)
    store.add_tag(notes, sentence_ref(briefing, 3), "question")
    store.set_note(notes, ref_for_item(briefing.annotation.quotes[0]), "line one\nline two")
    text = notes.path.read_text("utf-8")
    assert "&id" not in text and "*id" not in text
    assert notes.path.name.startswith(STEM) and notes.path.suffix == ".yaml"
    root = parse(text, notes.path)
    assert root is not None
    top = root.value
    assert top["version"].value == "1"
    assert top["article"].value == str(briefing.path.resolve())
    assert briefing.article is not None
    assert top["body_hash"].value == briefing.article.body_hash()
    records = top["records"].value
    sentence = records[sentence_ref(briefing, 3).target].value
    assert sentence["kind"].value == "sentence"
    assert [t.value for t in sentence["tags"].value] == ["question"]
    selector = sentence["selector"].value
    assert set(selector) == {"exact", "prefix", "suffix", "start", "end", "paragraph"}
    assert selector["paragraph"].value == "4"
    quote = records[briefing.annotation.quotes[0].id].value
    assert quote["note"].value == "line one\nline two"
    assert "note: |" in text  # multi-line notes as readable blocks


def test_moved_and_renamed_briefing_keeps_its_notes(
    store: NotesStore, briefing: Briefing, tmp_path: Path
) -> None:
    notes = store.open(briefing)
    ref = ref_for_item(briefing.annotation.figures[0])
    store.add_tag(notes, ref, "figure-check")
    elsewhere = copy_sample(tmp_path / "archive" / "2026", "rutte_renamed")
    for suffix in (".txt", ".yaml"):
        (tmp_path / "library" / f"{STEM}{suffix}").unlink()
    moved = NotesStore(tmp_path / "notes").open(load_briefing(elsewhere))
    assert moved.path == notes.path
    assert moved.records[ref.target].tags == ["figure-check"]


def test_stores_sharing_out_the_headers_find_what_one_store_finds(
    store: NotesStore, briefing: Briefing, tmp_path: Path
) -> None:
    store.add_tag(store.open(briefing), ref_for_item(briefing.annotation.figures[0]), "key")
    (tmp_path / "notes" / "other-0badf00d.yaml").write_text("records: [", encoding="utf-8")
    moved = load_briefing(copy_sample(tmp_path / "archive", "rutte_renamed"))
    parts = [NotesStore(tmp_path / "notes") for _ in range(2)]
    read = [part.read_headers(number, 2) for number, part in enumerate(parts)]
    assert len(read[0]) == len(read[1]) == 1 and read[0].keys() != read[1].keys()
    parts[0].learn_headers(read[1])
    parts[1].learn_headers(read[0])
    for found in (briefing, moved):
        expected = NotesStore(tmp_path / "notes").read(found)
        for part in parts:
            notes = part.read(found)
            assert (notes.path, state(notes)) == (expected.path, state(expected))
    # What was learned is checked against the file as it is now, as a store's own headers
    # are: notes whose header no longer names this article nor its text are not its notes.
    learner = NotesStore(tmp_path / "notes")
    learner.learn_headers(NotesStore(tmp_path / "notes").read_headers(0, 1))
    path = store.open(briefing).path
    text = path.read_text(encoding="utf-8")
    assert briefing.article is not None and briefing.article.body_hash() in text
    text = text.replace(briefing.article.body_hash(), "0" * 16)
    path.write_text(text.replace(str(briefing.path.resolve()), "/elsewhere.txt"), encoding="utf-8")
    expected = NotesStore(tmp_path / "notes").read(briefing)
    assert expected.path != path
    assert learner.read(briefing).path == expected.path


def test_all_notes_and_used_tags(store: NotesStore, briefing: Briefing, tmp_path: Path) -> None:
    other = load_briefing(copy_sample(tmp_path / "library2", "other"))
    assert other.article is not None
    other.article.body += "\n\nA paragraph only the other copy has."
    first, second = store.open(briefing), store.open(other)
    assert first.path != second.path
    store.add_tag(first, ref_for_item(briefing.annotation.quotes[0]), "key")
    store.add_tag(first, ref_for_item(briefing.annotation.quotes[1]), "key")
    store.add_tag(first, ref_for_item(briefing.annotation.quotes[1]), "disputed")
    store.add_tag(second, ref_for_item(other.annotation.quotes[2]), "disputed")
    store.add_tag(second, ref_for_item(other.annotation.quotes[2]), "zebra")
    store.add_tag(second, ref_for_item(other.annotation.quotes[3]), "key")
    fresh = NotesStore(tmp_path / "notes")
    listed = {n.path: n for n in fresh.all_notes()}
    assert set(listed) == {first.path, second.path}
    assert listed[first.path].title == briefing.title
    assert listed[first.path].date == "2026-02-26"
    assert listed[first.path].article == briefing.path.resolve()
    assert len(listed[first.path].tagged()) == 2
    assert not any(n.read_only for n in listed.values())
    assert fresh.used_tags() == ["key", "disputed", "zebra"]
    assert NotesStore(tmp_path / "nowhere").all_notes() == []


def test_change_through_listed_notes_keeps_the_header(
    store: NotesStore, briefing: Briefing, tmp_path: Path
) -> None:
    notes = store.open(briefing)
    quote = ref_for_item(briefing.annotation.quotes[0])
    store.add_tag(notes, quote, "key")
    listing = NotesStore(tmp_path / "notes")
    (listed,) = listing.all_notes()
    record = listed.records[quote.target]
    listing.remove_tag(listed, record.ref, "key")
    assert listed.records == {}
    reopened = NotesStore(tmp_path / "notes").open(briefing)
    assert reopened.records == {}
    assert reopened.path == notes.path
    assert listing.all_notes()[0].article == briefing.path.resolve()
    assert listing.undo() is listed
    assert NotesStore(tmp_path / "notes").open(briefing).records[quote.target].tags == ["key"]


# --- undo and redo -----------------------------------------------------------------------


def test_undo_redo_across_briefings(store: NotesStore, briefing: Briefing, tmp_path: Path) -> None:
    other = load_briefing(copy_sample(tmp_path / "library2", "other"))
    assert other.article is not None
    other.article.body += "\n\nOnly here."
    a, b = store.open(briefing), store.open(other)
    quote = ref_for_item(briefing.annotation.quotes[0])
    assert store.undo() is None and store.redo() is None
    store.add_tag(a, quote, "key")
    store.add_tag(b, quote, "question")
    assert store.undo() is b
    assert b.records == {}
    assert store.undo() is a
    assert a.records == {}
    assert store.undo() is None
    assert store.redo() is a
    assert a.records[quote.target].tags == ["key"]
    assert NotesStore(tmp_path / "notes").open(briefing).records[quote.target].tags == ["key"]
    # A new change forgets what could have been redone.
    store.set_note(a, quote, "new")
    assert store.redo() is None


def test_undo_brings_back_a_removed_record_as_it_was(store: NotesStore, briefing: Briefing) -> None:
    notes = store.open(briefing)
    ref = sentence_ref(briefing, 5)
    store.add_tag(notes, ref, "key")
    store.add_tag(notes, ref, "question")
    store.add_tag(notes, ref, "disputed")
    created = notes.records[ref.target].created
    store.remove_tag(notes, ref, "question")
    store.remove_tag(notes, ref, "key")
    store.remove_tag(notes, ref, "disputed")
    assert ref.target not in notes.records
    store.undo()
    store.undo()
    store.undo()
    record = notes.records[ref.target]
    assert record.tags == ["key", "question", "disputed"]  # each back in its place
    assert record.created == created
    assert record.selector == ref.selector


# --- property: the store behaves like a dict of (tags, note) with snapshot undo ------------

TARGET = st.integers(0, 1)
OPS = st.one_of(
    st.tuples(st.just("toggle"), TARGET, st.sampled_from(["key", "q", "x-y"])),
    st.tuples(st.just("remove"), TARGET, st.sampled_from(["key", "q"])),
    st.tuples(st.just("note"), TARGET, st.one_of(st.just(""), st.text(max_size=30))),
    st.tuples(st.just("undo"), st.just(0), st.just("")),
    st.tuples(st.just("redo"), st.just(0), st.just("")),
)
Model = dict[str, tuple[list[str], str]]


def _model_apply(model: Model, target: str, tags: list[str], note: str) -> Model:
    new = {k: (list(v[0]), v[1]) for k, v in model.items()}
    if tags or note:
        new[target] = (tags, note)
    else:
        new.pop(target, None)
    return new


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(ops=st.lists(OPS, min_size=6, max_size=30))
def test_random_sequences_match_a_simple_model(
    briefing: Briefing, ops: list[tuple[str, int, str]]
) -> None:
    refs = [
        ref_for_item(briefing.annotation.quotes[0]),
        sentence_ref(briefing, 3),
    ]
    with tempfile.TemporaryDirectory() as folder:
        store = NotesStore(Path(folder))
        notes = store.open(briefing)
        model: Model = {}
        undo: list[tuple[Model, Model]] = []
        redo: list[tuple[Model, Model]] = []
        for op, index, arg in ops:
            ref = refs[index]
            tags, note = model.get(ref.target, ([], ""))
            if op == "undo":
                store.undo()
                if undo:
                    before, after = undo.pop()
                    model = before
                    redo.append((before, after))
            elif op == "redo":
                store.redo()
                if redo:
                    before, after = redo.pop()
                    model = after
                    undo.append((before, after))
            else:
                if op == "toggle":
                    now_tagged = store.toggle_tag(notes, ref, arg)
                    assert now_tagged == (arg not in tags)
                    tags = [t for t in tags if t != arg] if arg in tags else [*tags, arg]
                elif op == "remove":
                    store.remove_tag(notes, ref, arg)
                    tags = [t for t in tags if t != arg]
                else:
                    store.set_note(notes, ref, arg)
                    note = normalise_note(arg)
                new = _model_apply(model, ref.target, tags, note)
                if new != model:
                    undo.append((model, new))
                    redo.clear()
                    model = new
            assert state(notes) == model
        reloaded = NotesStore(Path(folder)).open(briefing)
        assert state(reloaded) == model
        assert {t: r.selector for t, r in reloaded.records.items()} == {
            t: r.selector for t, r in notes.records.items()
        }
