"""Undoable changes to one record (a tag added or taken off, a note set), applied to the
notes as they are on disk; each returns its inverse."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TypeAlias

from briefing.notes.model import BriefingNotes, Record, _copy


def _record_in(notes: BriefingNotes, base: Record) -> Record:
    """The record for ``base.target`` in ``notes``, or a new empty one (not yet inserted)."""
    record = notes.records.get(base.target)
    if record is not None:
        return record
    return replace(_copy(base), tags=[], note="", rejected=[])


def _settle(notes: BriefingNotes, record: Record, now: str) -> None:
    """Store ``record`` after a change; a record with no tags and no note leaves the file."""
    record.updated = now
    if record.empty:
        notes.records.pop(record.target, None)
    else:
        notes.records[record.target] = record


@dataclass(frozen=True)
class _TagChange:
    """Add or remove one tag on one record. ``base`` recreates the record when it is gone."""

    base: Record
    tag: str
    add: bool
    #: Where to put the tag back when undoing a removal.
    index: int | None = None

    def apply(self, notes: BriefingNotes, now: str) -> _Change | None:
        record = _record_in(notes, self.base)
        if self.add == (self.tag in record.tags):
            return None
        before = _copy(record)
        if self.add:
            index = len(record.tags) if self.index is None else self.index
            record.tags.insert(min(index, len(record.tags)), self.tag)
            inverse = _TagChange(before, self.tag, add=False)
        else:
            index = record.tags.index(self.tag)
            record.tags.remove(self.tag)
            inverse = _TagChange(before, self.tag, add=True, index=index)
        _settle(notes, record, now)
        return inverse


@dataclass(frozen=True)
class _NoteChange:
    base: Record
    text: str

    def apply(self, notes: BriefingNotes, now: str) -> _Change | None:
        record = _record_in(notes, self.base)
        if record.note == self.text:
            return None
        before = _copy(record)
        record.note = self.text
        _settle(notes, record, now)
        return _NoteChange(before, before.note)


_Change: TypeAlias = "_TagChange | _NoteChange"


def _merge_into(target: Record, other: Record) -> None:
    """Fold ``other``'s tags and note into ``target`` (accepting a candidate already tagged)."""
    target.tags += [tag for tag in other.tags if tag not in target.tags]
    if other.note and other.note != target.note:
        target.note = f"{target.note}\n\n{other.note}" if target.note else other.note
    target.created = min(target.created, other.created) or other.created
