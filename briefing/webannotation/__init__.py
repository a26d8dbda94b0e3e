"""The reader's tags and notes as W3C Web Annotation JSON-LD, out and back in.

Out (``render_jsonld``): one ``AnnotationCollection`` with the annotations embedded in its
first ``AnnotationPage``. Each tagged or noted target (and, with ``include_items``, every
annotation item) is an ``Annotation`` whose target is the article file with a
``TextQuoteSelector`` and a ``TextPositionSelector`` (character offsets in the file, the same
numbers as the markdown export's ``#char=`` links); tags are ``TextualBody`` bodies with purpose
``tagging``, the note one with purpose ``commenting``. A ``classifying`` body names the kind
(``quote``, ``figure``, ``issue``, ``date``, ``summary``, ``sentence``) and a ``describing``
body gives an item's text (with its speaker, label, status or date).

Annotation ids are ``urn:briefing:annotation:<body hash>:<target>``, so a file exported here
comes back onto the very same records, even for an article that moved or was edited.

In (``import_jsonld``): annotations from this or any other tool (Hypothesis and the like) are
merged into the notes store; tags are added, a note not already there is appended, so
importing the same file twice changes nothing.

The package: ``ids`` (the vocabulary and our annotation ids), ``render`` (out), ``parse``
(reading a JSON-LD file) and ``importing`` (placing and merging what was read).
"""

from briefing.webannotation.ids import COLLECTION_PREFIX, CONTEXT, ID_PREFIX, annotation_id
from briefing.webannotation.importing import ImportResult, import_jsonld, source_path
from briefing.webannotation.parse import MAX_PAGES, Incoming, parse_jsonld
from briefing.webannotation.render import render_jsonld

__all__ = [
    "COLLECTION_PREFIX",
    "CONTEXT",
    "ID_PREFIX",
    "MAX_PAGES",
    "ImportResult",
    "Incoming",
    "annotation_id",
    "import_jsonld",
    "parse_jsonld",
    "render_jsonld",
    "source_path",
]
