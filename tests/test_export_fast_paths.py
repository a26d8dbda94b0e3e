"""Shortcuts taken for speed on a large export give what the plain definitions give."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.exporting.build import _Keys
from briefing.exporting.markers import safe_key


def _plain_safe_key(text: str) -> str:
    return re.sub(r"-{2,}", "-", re.sub(r"[^A-Za-z0-9-]+", "-", text)).strip("-")


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(list("aZ09-_ é\n#")), max_size=20))
def test_safe_key_is_its_plain_definition(text: str) -> None:
    assert safe_key(text) == _plain_safe_key(text)


def test_safe_key_keeps_a_safe_key_and_mends_the_rest() -> None:
    assert safe_key("q-1a2b3c4d") == "q-1a2b3c4d"
    assert safe_key("--q--1a2b3c4d-") == "q-1a2b3c4d"
    assert safe_key("Zitat #3: «Europa»") == "Zitat-3-Europa"
    assert safe_key("—") == ""


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["q-1", "q-1-2", "f-2", "b-3"]), max_size=4),
    st.lists(st.lists(st.sampled_from(["q-1", "q-1-2", "f-2", "f-2-2", "s-4"]), max_size=5)),
)
def test_taking_a_briefings_keys_at_once_is_taking_them_in_turn(
    before: list[str], briefings: list[list[str]]
) -> None:
    at_once, in_turn = _Keys(), _Keys()
    for base in before:
        assert at_once.take(base) == in_turn.take(base)
    for bases in briefings:
        assert at_once.take_all(list(bases)) == [in_turn.take(base) for base in bases]
