"""The vocabulary and our annotation ids, shared by export and import."""

from __future__ import annotations

from urllib.parse import quote, unquote

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ID_PREFIX = "urn:briefing:annotation:"
COLLECTION_PREFIX = "urn:briefing:collection:"


def annotation_id(body_hash: str, target: str) -> str:
    """The IRI of the annotation on ``target`` of the article with ``body_hash``."""
    return f"{ID_PREFIX}{body_hash}:{quote(target, safe='')}"


def _parse_id(value: str) -> tuple[str, str] | None:
    """(body hash, target) of one of our annotation ids, else None."""
    if not value.startswith(ID_PREFIX):
        return None
    body_hash, sep, target = value[len(ID_PREFIX) :].partition(":")
    return (body_hash, unquote(target)) if sep and target else None
