"""Shortcuts taken for speed on a large export give what the plain definitions give."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

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
