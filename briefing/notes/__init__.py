"""The tag and note store: one human-readable YAML file per briefing, never lost.

Records name their target by a stable id: annotation items by ``Item.id``, article sentences by
a W3C-style text-quote selector (exact text, prefix, suffix, offsets, paragraph). The file
also keeps the hash of the normalised article body and the article path last seen, so notes
follow a moved file and an edited one.

Every change is applied under a lock on ``NAME.yaml.lock``: the file is re-read, the change is
re-applied to what is on disk (so two processes never erase each other's tags), and the result
is written with ``atomic_write``. A file that cannot be read makes that briefing's notes
read-only; it is never overwritten, and a backup is made before any repair.

The package: ``model`` (targets, selectors, records, normalising tags and notes),
``fileformat`` (the YAML file, read strictly and written), ``anchoring`` (finding stored targets
in the briefing as it is now), ``changes`` (undoable tag and note changes) and ``store``
(``NotesStore``: locating, locking, saving, undo). Tunables such as ``LOCK_TIMEOUT`` are read
where they are defined, so patch them there (``briefing.notes.store.LOCK_TIMEOUT``).
"""

from briefing.notes.anchoring import CANDIDATE_SCORE, FOUND_SCORE, ITEM_CANDIDATE_SCORE
from briefing.notes.fileformat import FORMAT_VERSION
from briefing.notes.model import (
    CONTEXT,
    ITEM_KINDS,
    MAX_TAG_LENGTH,
    READING_STATES,
    TAG_DEFAULTS,
    BriefingNotes,
    Reading,
    Record,
    TargetRef,
    TextSelector,
    clean,
    normalise_note,
    normalise_tag,
    ref_for_item,
    ref_for_sentence,
)
from briefing.notes.store import HISTORY_LIMIT, LOCK_TIMEOUT, NotesStore

__all__ = [
    "CANDIDATE_SCORE",
    "CONTEXT",
    "FORMAT_VERSION",
    "FOUND_SCORE",
    "HISTORY_LIMIT",
    "ITEM_CANDIDATE_SCORE",
    "ITEM_KINDS",
    "LOCK_TIMEOUT",
    "MAX_TAG_LENGTH",
    "READING_STATES",
    "TAG_DEFAULTS",
    "BriefingNotes",
    "NotesStore",
    "Reading",
    "Record",
    "TargetRef",
    "TextSelector",
    "clean",
    "normalise_note",
    "normalise_tag",
    "ref_for_item",
    "ref_for_sentence",
]
