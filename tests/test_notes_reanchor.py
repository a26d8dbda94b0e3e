"""Notes follow their targets when the article or the annotation is edited."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.anchoring import sentences
from briefing.library import load_briefing
from briefing.model import Briefing
from briefing.notes import NotesStore, TargetRef, ref_for_item, ref_for_sentence
from briefing.yamlio import parse

SAMPLE = Path(__file__).resolve().parent.parent / "briefings"
STEM = "001_nato_rutte_defence_spending"
STRESSED = (
    "Rutte stressed that the US remains fully committed to the alliance, including "
    "commitment to Article 5, the collective defense principle."
)
STRONGER = (
    "Rutte added that NATO is now stronger than at any point since the fall of the Berlin "
    "Wall in 1989, as allies refocus on the alliance's core mission of deterrence and defense."
)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    library = tmp_path / "library"
    library.mkdir()
    for suffix in (".txt", ".yaml"):
        shutil.copyfile(SAMPLE / f"{STEM}{suffix}", library / f"{STEM}{suffix}")
    return library / f"{STEM}.txt"


def edit(path: Path, old: str, new: str) -> Briefing:
    text = path.read_text("utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), "utf-8")
    return load_briefing(path)


def ref_of(briefing: Briefing, exact: str) -> TargetRef:
    assert briefing.article is not None
    body = briefing.article.body
    (span,) = [s for s in sentences(briefing.article) if body[s.start : s.end] == exact]
    return ref_for_sentence(briefing.article, span)


def tag(article: Path, root: Path, exact: str, *tags: str) -> TargetRef:
    briefing = load_briefing(article)
    store = NotesStore(root)
    notes = store.open(briefing)
    ref = ref_of(briefing, exact)
    for name in tags:
        store.add_tag(notes, ref, name)
    return ref


def stored_selector(path: Path, target: str) -> dict[str, str]:
    root = parse(path.read_text("utf-8"), path)
    assert root is not None
    selector = root.value["records"].value[target].value["selector"].value
    return {key: value.value for key, value in selector.items()}


def test_unchanged_article_is_found_at_the_stored_offsets(article: Path, tmp_path: Path) -> None:
    ref = tag(article, tmp_path / "notes", STRESSED, "key")
    notes = NotesStore(tmp_path / "notes").open(load_briefing(article))
    record = notes.records[ref.target]
    assert ref.selector is not None
    assert not record.orphan and record.span == ref.selector.span


def test_paragraph_inserted_before_is_found_by_search(article: Path, tmp_path: Path) -> None:
    root = tmp_path / "notes"
    ref = tag(article, root, STRESSED, "key")
    inserted = "An editor's note was added here, with nothing to do with the rest.\n\n"
    edited = edit(article, "Rutte stressed that", inserted + "Rutte stressed that")
    assert edited.article is not None
    store = NotesStore(root)
    notes = store.open(edited)  # the body hash changed: found by the article's path
    record = notes.records[ref.target]
    assert ref.selector is not None
    assert not record.orphan
    assert record.span is not None and record.span.start == ref.selector.start + len(inserted)
    assert record.span.paragraph == 5
    assert edited.article.body[record.span.start : record.span.end] == STRESSED
    # The reader's cursor on the moved sentence reaches the same record.
    moved = ref_of(edited, STRESSED)
    assert moved.target != ref.target and notes.record_for(moved) is record
    assert store.toggle_tag(notes, moved, "question") is True
    assert list(notes.records) == [ref.target]
    assert notes.records[ref.target].tags == ["key", "question"]
    # Writing stored the new place and the new body hash.
    selector = stored_selector(notes.path, ref.target)
    assert selector["start"] == str(record.span.start) and selector["paragraph"] == "5"
    reopened = NotesStore(root).open(load_briefing(article))  # now found by its new hash
    assert reopened.path == notes.path and reopened.orphans() == []


def test_exact_search_prefers_the_matching_context_over_nearness(
    article: Path, tmp_path: Path
) -> None:
    root = tmp_path / "notes"
    ref = tag(article, root, STRONGER, "key")
    # A copy of the sentence in other surroundings lands nearer the old offsets than the
    # original, which moves down.
    copy = f"Quoting him a year ago: {STRONGER} That was before the summit.\n\n"
    edited = edit(article, STRONGER, copy + STRONGER)
    assert edited.article is not None
    body = edited.article.body
    original = body.index(STRONGER, body.index(STRONGER) + 1)
    assert ref.selector is not None
    assert abs(body.index(STRONGER) - ref.selector.start) < abs(original - ref.selector.start)
    record = NotesStore(root).open(edited).records[ref.target]
    assert not record.orphan and record.span is not None
    assert record.span.start == original


def test_changed_punctuation_is_found_by_fuzzy_search(article: Path, tmp_path: Path) -> None:
    root = tmp_path / "notes"
    ref = tag(article, root, STRESSED, "disputed")
    changed = STRESSED.replace("alliance, including", "alliance \u2014 including").replace(
        "Article 5, the", "Article 5: the"
    )
    edited = edit(article, STRESSED, changed)
    store = NotesStore(root)
    notes = store.open(edited)
    record = notes.records[ref.target]
    assert not record.orphan and record.candidate is None
    assert edited.article is not None and record.span is not None
    assert edited.article.body[record.span.start : record.span.end] == changed
    assert record.text == STRESSED  # until the next write stores the new wording
    store.set_note(notes, record.ref, "checked")
    assert notes.records[ref.target].text == changed
    assert stored_selector(notes.path, ref.target)["exact"] == changed


def test_rewritten_sentence_is_an_orphan_with_a_candidate_then_accepted(
    article: Path, tmp_path: Path
) -> None:
    root = tmp_path / "notes"
    ref = tag(article, root, STRESSED, "key", "question")
    shorter = "Rutte stressed that the US remains committed to NATO."
    edited = edit(article, STRESSED, shorter)
    store = NotesStore(root)
    notes = store.open(edited)
    (orphan,) = notes.orphans()
    assert orphan.target == ref.target and orphan.text == STRESSED
    assert orphan.tags == ["key", "question"] and orphan.span is None
    assert orphan.candidate is not None and orphan.candidate.exact == shorter
    assert orphan in notes.tagged()  # never dropped from view
    store.accept_candidate(notes, ref.target)
    record = notes.records[ref.target]
    assert not record.orphan and record.candidate is None
    assert record.tags == ["key", "question"]
    assert record.span is not None and record.span.start == orphan.candidate.start
    assert notes.record_for(ref_of(edited, shorter)) is record
    again = NotesStore(root).open(edited)
    assert again.orphans() == [] and again.records[ref.target].text == shorter


def test_rejected_candidate_stays_rejected_and_the_orphan_stays(
    article: Path, tmp_path: Path
) -> None:
    root = tmp_path / "notes"
    ref = tag(article, root, STRESSED, "key")
    edited = edit(article, STRESSED, "Rutte stressed that the US remains committed to NATO.")
    store = NotesStore(root)
    notes = store.open(edited)
    store.reject_candidate(notes, ref.target)
    (orphan,) = notes.orphans()
    assert orphan.candidate is None and orphan.tags == ["key"]
    with pytest.raises(ValueError):
        store.accept_candidate(notes, ref.target)
    with pytest.raises(ValueError):
        store.reject_candidate(notes, ref.target)
    (again,) = NotesStore(root).open(edited).orphans()
    assert again.target == ref.target and again.candidate is None


def test_deleted_sentence_is_kept_as_an_orphan(article: Path, tmp_path: Path) -> None:
    root = tmp_path / "notes"
    ref = tag(article, root, STRESSED, "key")
    edited = edit(article, STRESSED + "\n\n", "")
    store = NotesStore(root)
    notes = store.open(edited)
    (orphan,) = notes.orphans()
    assert orphan.target == ref.target and orphan.text == STRESSED and orphan.tags == ["key"]
    assert orphan.candidate is None  # nothing left is like it
    # Other changes and a reload keep it, with its selector as it was.
    store.add_tag(notes, ref_of(edited, STRONGER), "key")
    reloaded = NotesStore(root).open(edited)
    assert [o.target for o in reloaded.orphans()] == [ref.target]
    assert reloaded.records[ref.target].selector == ref.selector


def test_removed_annotation_item_is_an_orphan_keeping_its_text(
    article: Path, tmp_path: Path
) -> None:
    root = tmp_path / "notes"
    briefing = load_briefing(article)
    store = NotesStore(root)
    notes = store.open(briefing)
    issue = briefing.annotation.issues[-1]
    store.add_tag(notes, ref_for_item(issue), "follow-up")
    annotation = article.with_suffix(".yaml")
    text = annotation.read_text("utf-8")
    start = text.index(f"  - question: {issue.question[:20]}")
    end = text.find("\n  - ", start + 1)
    annotation.write_text(text[:start] + (text[end + 1 :] if end > 0 else ""), "utf-8")
    edited = load_briefing(article)
    assert edited.item(issue.id) is None
    (orphan,) = NotesStore(root).open(edited).orphans()
    assert orphan.target == issue.id and orphan.text == issue.question
    assert orphan.tags == ["follow-up"]


def test_edited_item_offers_the_new_item_and_accepting_merges(
    article: Path, tmp_path: Path
) -> None:
    root = tmp_path / "notes"
    briefing = load_briefing(article)
    store = NotesStore(root)
    notes = store.open(briefing)
    figure = briefing.annotation.figures[2]  # 400%
    assert figure.value == "400%"
    store.add_tag(notes, ref_for_item(figure), "figure-check")
    store.set_note(notes, ref_for_item(figure), "source?")
    annotation = article.with_suffix(".yaml")
    text = annotation.read_text("utf-8")
    annotation.write_text(text.replace("  - value: 400%", "  - value: around 400%"), "utf-8")
    edit(article, "by around 400%", "by around 400% ")
    edited = load_briefing(article)
    new = edited.annotation.figures[2]
    assert new.id != figure.id
    store = NotesStore(root)
    notes = store.open(edited)
    store.add_tag(notes, ref_for_item(new), "key")  # the new item already has a tag
    (orphan,) = notes.orphans()
    assert orphan.target == figure.id and orphan.candidate_target == new.id
    assert orphan.candidate is not None and orphan.candidate.exact == "around 400%"
    store.accept_candidate(notes, figure.id)
    assert figure.id not in notes.records
    merged = notes.records[new.id]
    assert (merged.tags, merged.note, merged.orphan) == (["key", "figure-check"], "source?", False)
    assert merged.span == new.anchor


def test_unreadable_article_or_annotation_orphans_nothing(article: Path, tmp_path: Path) -> None:
    root = tmp_path / "notes"
    briefing = load_briefing(article)
    store = NotesStore(root)
    notes = store.open(briefing)
    sentence = ref_of(briefing, STRESSED)
    store.add_tag(notes, sentence, "key")
    store.add_tag(notes, ref_for_item(briefing.annotation.quotes[0]), "key")
    annotation = article.with_suffix(".yaml")
    annotation.write_text("quotes: [\n", "utf-8")
    no_annotation = NotesStore(root).open(load_briefing(article))
    assert no_annotation.orphans() == [] and len(no_annotation.records) == 2
    article.write_bytes(b"\x00\x01binary")
    broken = load_briefing(article)
    assert broken.article is None
    neither = NotesStore(root).open(broken)
    assert neither.path == notes.path  # found by the article's path
    assert neither.orphans() == [] and neither.records[sentence.target].span is None
