"""W3C Web Annotation JSON-LD: shape, offsets, the round trip, and imports from other tools."""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from briefing.anchoring import sentences
from briefing.article import read_text
from briefing.export import ExportOptions, Selection, build
from briefing.library import discover, load_briefing
from briefing.model import Briefing, BriefingError
from briefing.notes import BriefingNotes, NotesStore, ref_for_item, ref_for_sentence
from briefing.webannotation import (
    CONTEXT,
    ID_PREFIX,
    annotation_id,
    import_jsonld,
    render_jsonld,
)

SAMPLE = Path(__file__).resolve().parent.parent / "briefings"
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SEED = "001_nato_rutte_defence_spending"


def load_library(root: Path) -> list[Briefing]:
    return [load_briefing(article) for article in discover(root)[0]]


def state(store_root: Path, briefings: list[Briefing]) -> dict[str, dict[str, tuple[Any, ...]]]:
    """Everything a record holds but its timestamps, per briefing, as a fresh store sees it."""
    store = NotesStore(store_root)
    found: dict[str, dict[str, tuple[Any, ...]]] = {}
    for briefing in briefings:
        notes = store.open(briefing)
        found[briefing.path.name] = {
            target: (r.kind, r.text, r.tags, r.note, r.selector, r.orphan)
            for target, r in notes.records.items()
        }
    return found


def files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(root.glob("*.yaml"))}


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    shutil.copytree(SAMPLE, root)
    return root


@pytest.fixture
def tagged(library: Path, tmp_path: Path) -> tuple[list[Briefing], list[BriefingNotes]]:
    """The sample library with tags and notes on every kind of target in both briefings."""
    briefings = load_library(library)
    store = NotesStore(tmp_path / "notes")
    notes = [store.open(briefing) for briefing in briefings]
    (seed_b, seed_n), (guide_b, guide_n) = _by_name(briefings, notes)
    annotation = seed_b.annotation
    assert seed_b.article is not None and guide_b.article is not None
    store.add_tag(seed_n, ref_for_item(annotation.quotes[0]), "key")
    store.add_tag(seed_n, ref_for_item(annotation.quotes[0]), "nato")
    store.set_note(seed_n, ref_for_item(annotation.figures[0]), "Check the 5.4%:\nsource?")
    store.add_tag(seed_n, ref_for_item(annotation.issues[0]), "hungary")
    store.add_tag(seed_n, ref_for_item(annotation.summary[1]), "germany")
    store.add_tag(seed_n, ref_for_item(annotation.dates[1]), "deadline")
    sentence = ref_for_sentence(seed_b.article, sentences(seed_b.article)[4])
    store.add_tag(seed_n, sentence, "follow-up")
    store.set_note(seed_n, sentence, "Article 5 again.")
    other = ref_for_sentence(guide_b.article, sentences(guide_b.article)[0])
    store.add_tag(guide_n, other, "question")
    store.add_tag(guide_n, ref_for_item(guide_b.annotation.quotes[1]), "key")
    return briefings, notes


def _by_name(
    briefings: list[Briefing], notes: list[BriefingNotes]
) -> tuple[tuple[Briefing, BriefingNotes], tuple[Briefing, BriefingNotes]]:
    pairs = dict(
        zip([b.path.stem for b in briefings], zip(briefings, notes, strict=True), strict=True)
    )
    return pairs[SEED], pairs["002_getting_started"]


def items_of(text: str) -> list[dict[str, Any]]:
    data = json.loads(text)
    return list(data["first"]["items"]) if "first" in data else []


def bodies(annotation: dict[str, Any], purpose: str) -> list[str]:
    return [body["value"] for body in annotation["body"] if body["purpose"] == purpose]


# --- validation against the W3C Web Annotation Data Model ---------------------------------

#: W3C Web Annotation Data Model (Recommendation, 23 February 2017): the properties each class
#: MUST have, and the types their values must take (sections 3.1, 3.2.2, 4.2.4, 4.2.5, 5.1, 5.2).
REQUIRED: dict[str, dict[str, type | tuple[type, ...]]] = {
    "AnnotationCollection": {"@context": (str, list), "id": str, "type": (str, list)},
    "AnnotationPage": {"id": str, "type": (str, list), "items": list},
    "Annotation": {"id": str, "type": (str, list), "target": (str, dict, list)},
    "TextualBody": {"type": str, "value": str},
    "SpecificResource": {"source": str},
    "TextQuoteSelector": {"type": str, "exact": str},
    "TextPositionSelector": {"type": str, "start": int, "end": int},
}
OPTIONAL: dict[str, dict[str, type | tuple[type, ...]]] = {
    "AnnotationCollection": {"label": str, "total": int, "first": (str, dict)},
    "AnnotationPage": {"startIndex": int, "next": (str, dict), "partOf": (str, dict)},
    "Annotation": {
        "motivation": (str, list),
        "created": str,
        "modified": str,
        "generated": str,
        "body": (str, dict, list),
    },
    "TextualBody": {"purpose": str, "format": str, "language": str},
    "SpecificResource": {"type": str, "selector": (dict, list)},
    "TextQuoteSelector": {"prefix": str, "suffix": str},
    "TextPositionSelector": {},
}
#: Section 3.3.5: the motivations (and body purposes) the model defines.
MOTIVATIONS = {
    "assessing",
    "bookmarking",
    "classifying",
    "commenting",
    "describing",
    "editing",
    "highlighting",
    "identifying",
    "linking",
    "moderating",
    "questioning",
    "replying",
    "tagging",
}
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")  # RFC 3987: an absolute IRI has a scheme
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")


def check(node: Any, cls: str, where: str) -> list[str]:
    """Every way ``node`` breaks the model's rules for ``cls``."""
    if not isinstance(node, dict):
        return [f"{where}: a {cls} must be an object"]
    errors: list[str] = []
    for key, kind in REQUIRED[cls].items():
        if key not in node:
            errors.append(f"{where}: {cls} lacks `{key}`")
        elif not isinstance(node[key], kind) or isinstance(node[key], bool):
            errors.append(f"{where}: {cls}.{key} has the wrong type")
    for key, kind in OPTIONAL[cls].items():
        if key in node and (not isinstance(node[key], kind) or isinstance(node[key], bool)):
            errors.append(f"{where}: {cls}.{key} has the wrong type")
    known = set(REQUIRED[cls]) | set(OPTIONAL[cls])
    errors += [f"{where}: unknown property `{key}` on {cls}" for key in node if key not in known]
    if "type" in REQUIRED[cls] and node.get("type") != cls:
        errors.append(f"{where}: type must be {cls}, not {node.get('type')!r}")
    if "id" in node and not IRI.match(str(node["id"])):
        errors.append(f"{where}: id {node['id']!r} is not an absolute IRI")
    return errors


def validate(document: dict[str, Any]) -> list[str]:
    errors = check(document, "AnnotationCollection", "collection")
    context = document.get("@context")
    if context != CONTEXT and not (isinstance(context, list) and CONTEXT in context):
        errors.append("collection: @context must be (or include) the anno.jsonld context")
    annotations: list[Any] = []
    if "first" in document:
        page = document["first"]
        errors += check(page, "AnnotationPage", "page")
        annotations = page.get("items", [])
        if document.get("total") != len(annotations):
            errors.append("collection: total does not count the items")
    elif document.get("total"):
        errors.append("collection: total without a first page")
    ids = [a.get("id") for a in annotations if isinstance(a, dict)]
    if len(ids) != len(set(ids)):
        errors.append("annotation ids are not unique")
    for number, annotation in enumerate(annotations):
        where = f"annotation {number}"
        errors += check(annotation, "Annotation", where)
        motivation = annotation.get("motivation", [])
        for value in motivation if isinstance(motivation, list) else [motivation]:
            if value not in MOTIVATIONS:
                errors.append(f"{where}: unknown motivation {value!r}")
        for key in ("created", "modified", "generated"):
            if key in annotation and not DATETIME.match(annotation[key]):
                errors.append(f"{where}: {key} is not an xsd:dateTime with a timezone")
        for body in annotation.get("body", []):
            errors += check(body, "TextualBody", f"{where} body")
            if body.get("purpose") not in MOTIVATIONS:
                errors.append(f"{where}: body purpose {body.get('purpose')!r} is not a motivation")
        target = annotation.get("target")
        errors += check(target, "SpecificResource", f"{where} target")
        if isinstance(target, dict):
            if not IRI.match(str(target.get("source"))):
                errors.append(f"{where}: target source is not an IRI")
            for selector in target.get("selector", []):
                kind = selector.get("type")
                if kind not in ("TextQuoteSelector", "TextPositionSelector"):
                    errors.append(f"{where}: unexpected selector {kind!r}")
                    continue
                found = check(selector, kind, f"{where} {kind}")
                errors += found
                in_order = found or 0 <= selector.get("start", 0) <= selector.get("end", 0)
                if kind == "TextPositionSelector" and not in_order:
                    errors.append(f"{where}: positions must satisfy 0 <= start <= end")
    return errors


def test_the_validator_catches_what_the_model_forbids() -> None:
    """The validator is only worth something if it fails on broken documents."""
    good = {
        "@context": CONTEXT,
        "id": "urn:x:1",
        "type": "AnnotationCollection",
        "total": 1,
        "first": {
            "id": "urn:x:1:p",
            "type": "AnnotationPage",
            "items": [
                {
                    "id": "urn:x:a",
                    "type": "Annotation",
                    "motivation": "tagging",
                    "body": [{"type": "TextualBody", "purpose": "tagging", "value": "t"}],
                    "target": {
                        "source": "file:///a.txt",
                        "selector": [{"type": "TextPositionSelector", "start": 1, "end": 2}],
                    },
                }
            ],
        },
    }
    assert validate(good) == []
    breakages = [
        lambda d: d.pop("@context"),
        lambda d: d.update(type="Collection"),
        lambda d: d.update(total=3),
        lambda d: d["first"]["items"][0].pop("target"),
        lambda d: d["first"]["items"][0].update(id="not an iri"),
        lambda d: d["first"]["items"][0].update(type="Note"),
        lambda d: d["first"]["items"][0].update(created="2026-03-01 12:00"),
        lambda d: d["first"]["items"][0].update(motivation="liking"),
        lambda d: d["first"]["items"][0]["body"][0].pop("value"),
        lambda d: d["first"]["items"][0]["target"].pop("source"),
        lambda d: d["first"]["items"][0]["target"]["selector"][0].update(start="1"),
        lambda d: d["first"]["items"][0]["target"]["selector"][0].update(start=5),
        lambda d: d["first"]["items"][0]["target"]["selector"].append(
            {"type": "TextQuoteSelector"}
        ),
    ]
    for breakage in breakages:
        broken = json.loads(json.dumps(good))
        breakage(broken)
        assert validate(broken), breakage


# --- export ------------------------------------------------------------------------------


def test_export_validates_against_the_model(
    tagged: tuple[list[Briefing], list[BriefingNotes]],
) -> None:
    briefings, notes = tagged
    for include_items in (False, True):
        document = json.loads(render_jsonld(briefings, notes, include_items=include_items, now=NOW))
        assert validate(document) == []
        assert document["total"] > 0


def test_tags_and_notes_become_bodies_with_their_purposes(
    tagged: tuple[list[Briefing], list[BriefingNotes]],
) -> None:
    briefings, notes = tagged
    annotations = items_of(render_jsonld(briefings, notes, include_items=False, now=NOW))
    assert len(annotations) == 8  # one per tagged or noted target
    by_kind = {bodies(a, "classifying")[0]: a for a in annotations if bodies(a, "classifying")}
    quote = next(a for a in annotations if bodies(a, "tagging") == ["key", "nato"])
    assert quote["motivation"] == "tagging"
    assert bodies(quote, "describing")[0].endswith("— Mark Rutte, NATO Secretary-General")
    figure = by_kind["figure"]
    assert figure["motivation"] == "commenting"
    assert bodies(figure, "commenting") == ["Check the 5.4%:\nsource?"]
    sentence = next(a for a in annotations if bodies(a, "tagging") == ["follow-up"])
    assert sentence["motivation"] == ["tagging", "commenting"]
    assert bodies(sentence, "describing") == []  # the text is in its TextQuoteSelector
    assert all(a["generated"] == "2026-03-01T12:00:00+00:00" for a in annotations)
    assert all(DATETIME.match(a["created"]) and DATETIME.match(a["modified"]) for a in annotations)


def test_positions_index_the_article_file_as_the_markdown_export_does(
    tagged: tuple[list[Briefing], list[BriefingNotes]],
) -> None:
    briefings, notes = tagged
    annotations = items_of(render_jsonld(briefings, notes, include_items=True, now=NOW))
    placed = 0
    for annotation in annotations:
        target = annotation["target"]
        selectors = {s["type"]: s for s in target.get("selector", [])}
        if "TextPositionSelector" not in selectors:
            continue
        quote, position = selectors["TextQuoteSelector"], selectors["TextPositionSelector"]
        text = read_text(Path(target["source"].removeprefix("file://")))
        start, end = position["start"], position["end"]
        assert text[start:end] == quote["exact"]
        assert text[:start].endswith(quote["prefix"]) and text[end:].startswith(quote["suffix"])
        placed += 1
    assert placed >= 12  # quotes, figures, date mentions and sentences
    # The same offsets as the markdown export's #char= links.
    sources = list(zip(briefings, notes, strict=True))
    document = build(sources, ExportOptions(Selection(include_all=True)))
    char_links = {
        (item.briefing.file, item.id): (item.char_start, item.char_end)
        for briefing in document.briefings
        for item in briefing.items
        if item.char_start is not None
    }
    ours = {}
    for annotation in annotations:
        target = annotation["target"]
        for selector in target.get("selector", []):
            if selector["type"] == "TextPositionSelector":
                item_id = annotation["id"].rsplit(":", 1)[1]
                name = Path(target["source"]).name
                ours[(name, item_id)] = (selector["start"], selector["end"])
    shared = char_links.keys() & ours.keys()
    assert len(shared) >= 10
    assert {key: ours[key] for key in shared} == {key: char_links[key] for key in shared}


def test_include_items_adds_every_item_once(
    tagged: tuple[list[Briefing], list[BriefingNotes]],
) -> None:
    briefings, notes = tagged
    annotations = items_of(render_jsonld(briefings, notes, include_items=True, now=NOW))
    item_count = sum(len(b.annotation.items()) for b in briefings)
    assert len(annotations) == item_count + 2  # plus the two tagged sentences
    plain = [a for a in annotations if not bodies(a, "tagging") and not bodies(a, "commenting")]
    assert {a["motivation"] for a in plain} == {"highlighting", "describing"}
    issue = next(a for a in plain if bodies(a, "classifying") == ["issue"])
    assert "selector" not in issue["target"]  # questions are not in the article text
    assert (
        bodies(issue, "describing")[0].endswith("(open)")
        or "(watching)" in bodies(issue, "describing")[0]
    )


def test_ids_name_the_article_and_the_target(
    tagged: tuple[list[Briefing], list[BriefingNotes]],
) -> None:
    briefings, notes = tagged
    seed = next(b for b in briefings if b.path.stem == SEED)
    assert seed.article is not None
    annotations = items_of(render_jsonld(briefings, notes, include_items=False, now=NOW))
    quote = seed.annotation.quotes[0]
    expected = annotation_id(seed.article.body_hash(), quote.id)
    assert expected.startswith(ID_PREFIX) and expected in {a["id"] for a in annotations}
    assert (
        annotation_id("abc", "odd id: with/slash") == f"{ID_PREFIX}abc:odd%20id%3A%20with%2Fslash"
    )


def test_notes_are_matched_to_briefings_by_path_too(
    tagged: tuple[list[Briefing], list[BriefingNotes]], tmp_path: Path
) -> None:
    """Notes listed with ``all_notes()`` (not opened for a briefing) still find theirs."""
    briefings, notes = tagged
    listed = NotesStore(tmp_path / "notes").all_notes()
    assert all(n.briefing is None for n in listed)
    by_path = render_jsonld(briefings, listed, include_items=False, now=NOW)
    opened = render_jsonld(briefings, notes, include_items=False, now=NOW)
    assert {a["id"] for a in items_of(by_path)} == {a["id"] for a in items_of(opened)}


def test_nothing_tagged_gives_an_empty_collection(library: Path) -> None:
    briefings = load_library(library)
    document = json.loads(render_jsonld(briefings, [], include_items=False, now=NOW))
    assert document["total"] == 0 and "first" not in document
    assert validate(document) == []


def test_hostile_text_stays_data(library: Path, tmp_path: Path) -> None:
    briefings = load_library(library)
    store = NotesStore(tmp_path / "notes")
    notes = [store.open(b) for b in briefings]
    seed_b, seed_n = next(
        (b, n) for b, n in zip(briefings, notes, strict=True) if b.path.stem == SEED
    )
    hostile = 'Quote "this" \\ and </script> and \x1b[31mred\u202e and {"@context": 1}'
    store.set_note(seed_n, ref_for_item(seed_b.annotation.quotes[0]), hostile)
    text = render_jsonld(briefings, notes, include_items=False, now=NOW)
    (annotation,) = items_of(text)
    note = bodies(annotation, "commenting")[0]
    assert "\x1b" not in note and "\u202e" not in note and "</script>" in note
    assert validate(json.loads(text)) == []


# --- the round trip ----------------------------------------------------------------------


def test_round_trip_into_an_empty_store_gives_the_same_state(
    tagged: tuple[list[Briefing], list[BriefingNotes]], tmp_path: Path
) -> None:
    briefings, notes = tagged
    text = render_jsonld(briefings, notes, include_items=True, now=NOW)
    result = import_jsonld(text, NotesStore(tmp_path / "empty"), briefings)
    assert (result.added, result.present, result.not_found, result.problems) == (8, 0, [], [])
    assert result.skipped == len(items_of(text)) - 8  # items without tags or notes
    assert state(tmp_path / "empty", briefings) == state(tmp_path / "notes", briefings)
    # And exporting the imported store gives the same annotations (times aside).
    again = [NotesStore(tmp_path / "empty").open(b) for b in briefings]
    second = render_jsonld(briefings, again, include_items=True, now=NOW)

    def timeless(text: str) -> list[dict[str, Any]]:
        found = items_of(text)
        for annotation in found:
            annotation.pop("created", None)
            annotation.pop("modified", None)
        return found

    assert timeless(second) == timeless(text)


def test_importing_twice_changes_nothing(
    tagged: tuple[list[Briefing], list[BriefingNotes]], tmp_path: Path
) -> None:
    briefings, notes = tagged
    text = render_jsonld(briefings, notes, include_items=False, now=NOW)
    store_root = tmp_path / "other"
    import_jsonld(text, NotesStore(store_root), briefings)
    before = files(store_root)
    result = import_jsonld(text, NotesStore(store_root), briefings)
    assert (result.added, result.present) == (0, 8)
    assert files(store_root) == before


def test_importing_into_the_store_it_came_from_changes_nothing(
    tagged: tuple[list[Briefing], list[BriefingNotes]], tmp_path: Path
) -> None:
    briefings, notes = tagged
    before = files(tmp_path / "notes")
    text = render_jsonld(briefings, notes, include_items=False, now=NOW)
    result = import_jsonld(text, NotesStore(tmp_path / "notes"), briefings)
    assert (result.added, result.present) == (0, 8)
    assert files(tmp_path / "notes") == before


def test_import_merges_with_what_is_there(library: Path, tmp_path: Path) -> None:
    briefings = load_library(library)
    seed = next(b for b in briefings if b.path.stem == SEED)
    ref = ref_for_item(seed.annotation.quotes[0])
    theirs = NotesStore(tmp_path / "theirs")
    mine = NotesStore(tmp_path / "mine")
    their_notes = theirs.open(seed)
    theirs.add_tag(their_notes, ref, "key")
    theirs.add_tag(their_notes, ref, "shared")
    theirs.set_note(their_notes, ref, "Their view.")
    my_notes = mine.open(seed)
    mine.add_tag(my_notes, ref, "mine")
    mine.add_tag(my_notes, ref, "shared")
    mine.set_note(my_notes, ref, "My view.")
    text = render_jsonld([seed], [their_notes], include_items=False, now=NOW)
    for _ in range(2):
        import_jsonld(text, NotesStore(tmp_path / "mine"), briefings)
    record = NotesStore(tmp_path / "mine").open(seed).records[ref.target]
    assert record.tags == ["mine", "shared", "key"]
    assert record.note == "My view.\n\nTheir view."


def test_orphans_survive_the_round_trip(library: Path, tmp_path: Path) -> None:
    """Records whose quote left the annotation, or whose sentence left the article."""
    seed_path = library / f"{SEED}.txt"
    briefing = load_briefing(seed_path)
    assert briefing.article is not None
    store = NotesStore(tmp_path / "notes")
    notes = store.open(briefing)
    quote = briefing.annotation.quotes[3]
    store.add_tag(notes, ref_for_item(quote), "gone")
    spans = sentences(briefing.article)
    store.add_tag(notes, ref_for_sentence(briefing.article, spans[-1]), "last")
    annotation_file = seed_path.with_suffix(".yaml")
    annotation_file.write_text(
        annotation_file.read_text().replace("    text: Stopping this kind", "    text: XStopping")
    )
    last = briefing.article.body[spans[-1].start : spans[-1].end]
    seed_path.write_text(read_text(seed_path).replace(last, "Something else entirely."))
    edited = load_briefing(seed_path)
    opened = NotesStore(tmp_path / "notes").open(edited)
    assert sorted(r.orphan for r in opened.records.values()) == [True, True]
    text = render_jsonld([edited], [opened], include_items=False, now=NOW)
    assert validate(json.loads(text)) == []
    result = import_jsonld(text, NotesStore(tmp_path / "copy"), [edited])
    assert (result.added, result.not_found) == (2, [])
    assert state(tmp_path / "copy", [edited]) == state(tmp_path / "notes", [edited])


def test_a_moved_library_is_found_by_the_body_hash_in_the_ids(
    tagged: tuple[list[Briefing], list[BriefingNotes]], library: Path, tmp_path: Path
) -> None:
    briefings, notes = tagged
    text = render_jsonld(briefings, notes, include_items=False, now=NOW)
    moved = tmp_path / "elsewhere"
    library.rename(moved)
    moved_briefings = load_library(moved)
    result = import_jsonld(text, NotesStore(tmp_path / "fresh"), moved_briefings)
    assert (result.added, result.not_found) == (8, [])
    assert state(tmp_path / "fresh", moved_briefings) == state(tmp_path / "notes", moved_briefings)


# --- annotations from other tools --------------------------------------------------------


def foreign(source: str, target: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    annotation: dict[str, Any] = {
        "@context": CONTEXT,
        "id": "https://hypothes.is/a/abc",
        "type": "Annotation",
        "target": {"source": source, **(target or {})},
    }
    annotation.update(fields)
    return annotation


@pytest.fixture
def seed_briefing(library: Path) -> Briefing:
    return load_briefing(library / f"{SEED}.txt")


def test_foreign_quote_selector_lands_on_a_sentence(
    seed_briefing: Briefing, tmp_path: Path
) -> None:
    source = seed_briefing.path.resolve().as_uri()
    annotation = foreign(
        source,
        {
            "selector": {
                "type": "TextQuoteSelector",
                "exact": "Rutte added that NATO is now stronger",
            }
        },
        motivation="commenting",
        body=[
            {"type": "TextualBody", "value": "Is it, though?", "format": "text/markdown"},
            {"type": "TextualBody", "purpose": "tagging", "value": "Disputed Claim"},
        ],
    )
    result = import_jsonld(json.dumps(annotation), NotesStore(tmp_path / "n"), [seed_briefing])
    assert result.added == 1
    (record,) = NotesStore(tmp_path / "n").open(seed_briefing).records.values()
    assert record.kind == "sentence" and not record.orphan
    assert (record.tags, record.note) == (["disputed-claim"], "Is it, though?")
    assert record.text == "Rutte added that NATO is now stronger"


def test_foreign_selector_on_an_anchored_quote_lands_on_the_quote(
    seed_briefing: Briefing, tmp_path: Path
) -> None:
    assert seed_briefing.article is not None
    quote = seed_briefing.annotation.quotes[1]
    assert quote.anchor is not None
    offset = seed_briefing.article.body_offset
    annotation = foreign(
        str(seed_briefing.path),  # a plain path works as a source too
        {
            "selector": [
                {
                    "type": "TextPositionSelector",
                    "start": offset + quote.anchor.start,
                    "end": offset + quote.anchor.end,
                }
            ]
        },
        motivation="tagging",
        body={"type": "TextualBody", "value": "equalizing"},
    )
    import_jsonld(json.dumps([annotation]), NotesStore(tmp_path / "n"), [seed_briefing])
    records = NotesStore(tmp_path / "n").open(seed_briefing).records
    assert list(records) == [quote.id] and records[quote.id].tags == ["equalizing"]


def test_prefix_and_suffix_choose_between_repeated_text(
    seed_briefing: Briefing, tmp_path: Path
) -> None:
    assert seed_briefing.article is not None
    body = seed_briefing.article.body
    assert body.count("defense spending") >= 2
    second = body.index("defense spending", body.index("defense spending") + 1)
    annotation = foreign(
        seed_briefing.path.resolve().as_uri(),
        {
            "selector": {
                "type": "TextQuoteSelector",
                "exact": "defense spending",
                "prefix": body[second - 20 : second],
                "suffix": body[second + 16 : second + 30],
            }
        },
        bodyValue="the second one",
    )
    import_jsonld(json.dumps(annotation), NotesStore(tmp_path / "n"), [seed_briefing])
    (record,) = NotesStore(tmp_path / "n").open(seed_briefing).records.values()
    assert record.span is not None and record.span.start == second
    assert record.note == "the second one"


def test_a_web_address_matches_the_articles_url_field(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    (root / "a.txt").write_text(
        "title A\ndate 2026-01-01\nurl https://example.org/a\n\nOne sentence here. Another one.\n"
    )
    briefing = load_briefing(root / "a.txt")
    annotation = foreign(
        "https://example.org/a",
        {"selector": {"type": "TextQuoteSelector", "exact": "Another one."}},
        body={"type": "TextualBody", "purpose": "tagging", "value": "web"},
    )
    result = import_jsonld(json.dumps(annotation), NotesStore(tmp_path / "n"), [briefing])
    assert result.added == 1


def test_what_is_not_in_the_library_is_reported(seed_briefing: Briefing, tmp_path: Path) -> None:
    source = seed_briefing.path.resolve().as_uri()
    tag = {"type": "TextualBody", "purpose": "tagging", "value": "x"}
    annotations = [
        foreign(
            "file:///nowhere/else.txt",
            {"selector": {"type": "TextQuoteSelector", "exact": "a"}},
            body=tag,
        ),
        foreign("https://example.org/unknown", body=tag),
        foreign(
            source, {"selector": {"type": "TextQuoteSelector", "exact": "never written"}}, body=tag
        ),
        foreign(source, body=tag),  # the whole article: briefing keeps notes on text only
    ]
    result = import_jsonld(json.dumps(annotations), NotesStore(tmp_path / "n"), [seed_briefing])
    assert result.added == 0 and len(result.not_found) == 4
    assert result.not_found[0] == "file:///nowhere/else.txt"
    assert result.not_found[2].endswith("“never written” is not in the article")
    assert not (tmp_path / "n").exists() or files(tmp_path / "n") == {}


def test_annotations_without_tags_or_notes_are_skipped(
    seed_briefing: Briefing, tmp_path: Path
) -> None:
    annotation = foreign(
        seed_briefing.path.resolve().as_uri(),
        {"selector": {"type": "TextQuoteSelector", "exact": "Rutte"}},
        motivation="highlighting",
    )
    result = import_jsonld(json.dumps(annotation), NotesStore(tmp_path / "n"), [seed_briefing])
    assert (result.added, result.skipped) == (0, 1)


def test_pages_lists_and_single_annotations_are_read(
    seed_briefing: Briefing, tmp_path: Path
) -> None:
    source = seed_briefing.path.resolve().as_uri()

    def tagged_as(tag: str) -> dict[str, Any]:
        return foreign(
            source,
            {"selector": {"type": "TextQuoteSelector", "exact": "Rutte said"}},
            body={"type": "TextualBody", "purpose": "tagging", "value": tag},
        )

    page2 = {"id": "urn:p2", "type": "AnnotationPage", "items": [tagged_as("two")]}
    page1 = {"id": "urn:p1", "type": "AnnotationPage", "items": [tagged_as("one")], "next": page2}
    collection = {
        "@context": CONTEXT,
        "id": "urn:c",
        "type": "AnnotationCollection",
        "first": page1,
    }
    result = import_jsonld(json.dumps(collection), NotesStore(tmp_path / "n"), [seed_briefing])
    assert result.added == 2
    (record,) = NotesStore(tmp_path / "n").open(seed_briefing).records.values()
    assert record.tags == ["one", "two"]


def test_bad_json_is_an_error_with_line_and_column(seed_briefing: Briefing, tmp_path: Path) -> None:
    with pytest.raises(BriefingError) as caught:
        import_jsonld(
            '{\n  "type": "Annotation",\n  oops\n}',
            NotesStore(tmp_path),
            [seed_briefing],
            path=Path("x.jsonld"),
        )
    problem = caught.value.problem
    assert (problem.path, problem.line, problem.column) == (Path("x.jsonld"), 3, 3)
    assert str(problem).startswith("x.jsonld:3:3: error: not valid JSON")


@pytest.mark.parametrize(
    "text",
    ["[]", "{}", '"just a string"', '{"type": "Note"}', "[" * 100_000 + "]" * 100_000],
)
def test_files_without_annotations_are_errors(
    text: str, seed_briefing: Briefing, tmp_path: Path
) -> None:
    with pytest.raises(BriefingError):
        import_jsonld(text, NotesStore(tmp_path), [seed_briefing])


def test_a_linked_first_page_is_an_error(seed_briefing: Briefing, tmp_path: Path) -> None:
    collection = {
        "@context": CONTEXT,
        "id": "urn:c",
        "type": "AnnotationCollection",
        "first": "https://x/p1",
    }
    with pytest.raises(BriefingError, match="is a link"):
        import_jsonld(json.dumps(collection), NotesStore(tmp_path), [seed_briefing])


def test_malformed_annotations_are_reported_and_the_rest_imported(
    seed_briefing: Briefing, tmp_path: Path
) -> None:
    source = seed_briefing.path.resolve().as_uri()
    good = foreign(
        source,
        {"selector": {"type": "TextQuoteSelector", "exact": "Rutte said"}},
        body={"type": "TextualBody", "purpose": "tagging", "value": "good"},
    )
    annotations = [
        {"type": "Annotation", "id": "urn:no-target", "body": {"value": "x"}},
        foreign(source, {"selector": {"type": "TextPositionSelector", "start": "1", "end": 2}}),
        foreign(source, {"selector": {"type": "TextPositionSelector", "start": 9, "end": 2}}),
        foreign(source, body={"type": "TextualBody", "purpose": "tagging", "value": "!!!"}),
        foreign(source, body={"type": "TextualBody", "purpose": "tagging", "value": 5}),
        {"type": "Annotation", "target": 7},
        good,
    ]
    result = import_jsonld(json.dumps(annotations), NotesStore(tmp_path / "n"), [seed_briefing])
    assert result.added == 1
    messages = [p.message for p in result.problems]
    assert len(messages) == 6
    assert messages[0] == "annotation 1 (urn:no-target): it has no `target`"
    assert all(re.match(r"annotation \d+", message) for message in messages)


def test_imported_text_is_sanitized(seed_briefing: Briefing, tmp_path: Path) -> None:
    annotation = foreign(
        seed_briefing.path.resolve().as_uri(),
        {"selector": {"type": "TextQuoteSelector", "exact": "Rutte said"}},
        body=[
            {"type": "TextualBody", "purpose": "commenting", "value": "red \u001b[31m\u202e!"},
            {"type": "TextualBody", "purpose": "tagging", "value": "a\u0000b"},
        ],
    )
    import_jsonld(json.dumps(annotation), NotesStore(tmp_path / "n"), [seed_briefing])
    (record,) = NotesStore(tmp_path / "n").open(seed_briefing).records.values()
    assert "\x1b" not in record.note and "\u202e" not in record.note
    assert all("\x00" not in tag for tag in record.tags)


def test_unreadable_notes_are_left_alone_and_reported(
    tagged: tuple[list[Briefing], list[BriefingNotes]], tmp_path: Path
) -> None:
    briefings, notes = tagged
    text = render_jsonld(briefings, notes, include_items=False, now=NOW)
    target = tmp_path / "broken"
    import_jsonld(text, NotesStore(target), briefings)
    damaged = next(iter(sorted(target.glob("001_*.yaml"))))
    damaged.write_text("records: [unclosed\n")
    result = import_jsonld(text, NotesStore(target), briefings)
    assert damaged.read_text() == "records: [unclosed\n"
    assert result.problems and all(p.path == damaged for p in result.problems)
    assert result.present == 2  # the other briefing's annotations
