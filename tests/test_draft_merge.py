"""Merging a draft into an annotation a human wrote, and the app's plan-then-save flow."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from briefing.annotations import parse_annotation
from briefing.article import load_article, parse_article
from briefing.draft import draft_annotation, merge_draft, plan_draft, render
from briefing.drafting.merge import item_data
from briefing.model import Annotation, BriefingError

ARTICLE = """date 2026-02-26

NATO Secretary-General Mark Rutte spoke in Brussels on Thursday about defence spending.

"We are now equalizing with the United States," Rutte said, pointing to Germany's plans to \
double defense spending and Lithuania's 5.4% of GDP.

Lithuanian Prime Minister Inga Ruginiene urged allies to move toward 3.5% of GDP, adding: \
"Stopping this kind of support is not acceptable for us."
"""
PATH = Path("a.yaml")


@pytest.fixture
def draft() -> Annotation:
    return draft_annotation(parse_article(ARTICLE, Path("a.txt")))


def parsed(text: str) -> Annotation:
    annotation, problems = parse_annotation(text, PATH)
    assert [p for p in problems if p.severity == "error"] == []
    return annotation


def only_insertions(before: str, after: str) -> bool:
    """True when ``after`` is ``before`` with lines inserted and nothing removed or changed."""
    diff = difflib.ndiff(before.splitlines(), after.splitlines())
    return not any(line.startswith(("- ", "? ")) for line in diff)


def test_no_annotation_gives_the_whole_draft(draft: Annotation) -> None:
    for existing in (None, "", "  \n"):
        text, added = merge_draft(existing, draft)
        assert text == render(draft)
        assert len(added) == len(draft.items())


def test_human_items_and_comments_are_kept_and_new_ones_appended(draft: Annotation) -> None:
    human = (
        "# Written by hand; do not lose this comment.\n"
        "title: Rutte on spending\n"
        "summary:\n"
        "  - Rutte wants Europe to spend more.  # my summary\n"
        "quotes:\n"
        "  - speaker: Mark Rutte\n"
        "    text: We are now equalizing with the United States\n"
        "    note: the key line\n"
        "\n"
        "# Figures I checked myself:\n"
        "figures:\n"
        "  - value: 5.4%\n"
        "    label: Lithuania, share of GDP\n"
        "tags: [nato]\n"
    )
    text, added = merge_draft(human, draft, PATH)
    assert only_insertions(human, text)
    assert "# Written by hand; do not lose this comment." in text
    assert "# my summary" in text and "# Figures I checked myself:" in text
    merged, original = parsed(text), parsed(human)
    for section in ("summary", "quotes", "figures"):
        kept = [item_data(item) for item in getattr(original, section)]
        assert [item_data(item) for item in getattr(merged, section)][: len(kept)] == kept
    assert [p.body for p in merged.summary] == ["Rutte wants Europe to spend more."]
    assert merged.title == "Rutte on spending" and merged.tags == ["nato"]
    words = [q.words for q in merged.quotes]
    assert words.count("We are now equalizing with the United States") == 1
    assert "Stopping this kind of support is not acceptable for us." in words
    values = [f.value for f in merged.figures]
    assert values.count("5.4%") == 1 and "3.5%" in values and "double" in values
    assert merged.dates and merged.issues
    assert not any(line.startswith("summary") for line in added)
    assert any(line.startswith("quote: Inga Ruginiene") for line in added)
    assert not any("not kept" in line for line in added)


def test_merging_twice_adds_nothing_more(draft: Annotation) -> None:
    once, _ = merge_draft("quotes:\n  - text: We are now equalizing\n", draft, PATH)
    twice, added = merge_draft(once, draft, PATH)
    assert twice == once and added == []


def test_an_item_with_the_same_id_is_skipped_even_with_other_text(draft: Annotation) -> None:
    quote = draft.quotes[0]
    human = f"quotes:\n  - id: {quote.id}\n    text: my own wording of it\n"
    text, _ = merge_draft(human, draft, PATH)
    assert quote.words not in [q.words for q in parsed(text).quotes]


def test_a_trimmed_quote_counts_as_present(draft: Annotation) -> None:
    text, _ = merge_draft("quotes:\n  - text: now equalizing with the United\n", draft, PATH)
    assert not any("equalizing" in q.words for q in parsed(text).quotes[1:])


def test_empty_and_missing_sections_and_indentless_lists(draft: Annotation) -> None:
    human = "quotes:\nfigures:\n- value: 5.4%\n  label: mine\n"
    text, _ = merge_draft(human, draft, PATH)
    assert only_insertions(human, text)
    merged = parsed(text)
    assert merged.quotes and merged.dates and merged.issues
    assert merged.figures[0].label == "mine" and len(merged.figures) > 1


def test_a_flow_list_is_rewritten_and_says_comments_were_lost(draft: Annotation) -> None:
    human = "# comment\nquotes: []\nfigures: [{value: 5.4%, label: mine}]\ntags: [a, b]\n"
    text, added = merge_draft(human, draft, PATH)
    assert added[-1] == "the file was written out again: its comments and layout were not kept"
    merged = parsed(text)
    assert merged.figures[0].label == "mine" and merged.tags == ["a", "b"]
    assert merged.quotes


def test_booleans_and_statuses_survive_a_rewrite(draft: Annotation) -> None:
    human = "issues: [{question: Will it pass?, status: watching, draft: false}]\n"
    text, _ = merge_draft(human, draft, PATH)
    issue = parsed(text).issues[0]
    assert (issue.question, issue.status, issue.draft) == ("Will it pass?", "watching", False)


def test_a_summary_is_added_only_when_there_is_none(draft: Annotation) -> None:
    text, added = merge_draft("figures:\n  - value: 5.4%\n", draft, PATH)
    assert [p.body for p in parsed(text).summary] == [p.body for p in draft.summary]
    assert any(line.startswith("summary: ") for line in added)


def test_a_broken_annotation_is_never_rewritten(draft: Annotation) -> None:
    with pytest.raises(BriefingError) as caught:
        merge_draft("quotes:\n  - text: [unclosed\n", draft, PATH)
    assert caught.value.problem.line is not None
    with pytest.raises(BriefingError):
        merge_draft("quotes: a string\n", draft, PATH)


# --- plan and save, for the app --------------------------------------------------------------


def test_plan_for_an_article_without_annotation(seed: Path, tmp_path: Path) -> None:
    article = tmp_path / seed.name
    shutil.copyfile(seed, article)
    plan = plan_draft(article)
    assert plan.target == article.with_suffix(".yaml") and plan.original is None
    assert not plan.target.exists()
    plan.save()
    assert plan.target.read_text("utf-8") == render(
        draft_annotation(load_article(article)), load_article(article)
    )


def test_plan_merges_into_the_existing_annotation(seed: Path, tmp_path: Path) -> None:
    article = tmp_path / seed.name
    shutil.copyfile(seed, article)
    shutil.copyfile(seed.with_suffix(".yaml"), article.with_suffix(".yml"))
    plan = plan_draft(article)
    assert plan.target == article.with_suffix(".yml")
    assert plan.original == seed.with_suffix(".yaml").read_text("utf-8")
    assert not plan.empty and only_insertions(plan.original, plan.text)
    assert not any(line.startswith(("quote:", "figure:")) for line in plan.added)
    plan.save()
    assert article.with_suffix(".yml").read_text("utf-8") == plan.text


def test_save_refuses_when_the_file_changed_meanwhile(seed: Path, tmp_path: Path) -> None:
    article = tmp_path / seed.name
    shutil.copyfile(seed, article)
    plan = plan_draft(article)
    article.with_suffix(".yaml").write_text("summary: [written meanwhile]\n", "utf-8")
    with pytest.raises(BriefingError) as caught:
        plan.save()
    assert "changed after the draft was made" in str(caught.value)
    assert article.with_suffix(".yaml").read_text("utf-8") == "summary: [written meanwhile]\n"


def test_plan_reports_an_unreadable_article(tmp_path: Path) -> None:
    article = tmp_path / "bad.txt"
    article.write_bytes(b"date 2026-02-26\n\nBad \xff byte\n")
    with pytest.raises(BriefingError) as caught:
        plan_draft(article)
    problem = caught.value.problem
    assert (problem.path, problem.line, problem.column) == (article, 3, 5)
