"""Every key binding, declared once: screens build ``BINDINGS`` from here, the help screen
lists it, and the command palette offers every action in it.

Each ``Key`` belongs to a scope: ``app`` (works everywhere), ``main`` (the reading screen),
``library``, ``article`` or ``pane`` (only when that widget has focus).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Key:
    id: str
    keys: str
    action: str
    description: str
    scope: str
    #: Shown in the footer (short description) when True.
    footer: bool = False
    #: Offered in the command palette.
    palette: bool = True
    display: str | None = None
    priority: bool = False
    #: Footer label when the description is too long for it.
    short: str = ""


KEYS: tuple[Key, ...] = (
    # Everywhere
    Key(
        "help",
        "question_mark",
        "help",
        "Help: every key",
        "app",
        footer=True,
        short="Help",
        display="?",
    ),
    Key("palette", "ctrl+p", "command_palette", "Command palette", "app", palette=False),
    Key("quit", "q", "quit", "Quit", "app", footer=True),
    # The reading screen
    Key("focus-next", "tab", "app.focus_next", "Next area", "main", palette=False),
    Key(
        "focus-previous", "shift+tab", "app.focus_previous", "Previous area", "main", palette=False
    ),
    Key("filter", "f", "filter", "Filter the library", "main", footer=True, short="Filter"),
    Key(
        "toggle-library",
        "l",
        "toggle_library",
        "Show or hide the library",
        "main",
        footer=True,
        short="Library",
    ),
    Key("summary", "s", "focus_pane('summary')", "Summary pane", "main"),
    Key("quotes", "Q", "focus_pane('quote')", "Key quotes pane", "main"),
    Key("figures", "F", "focus_pane('figure')", "Figures pane", "main"),
    Key("issues", "I", "focus_pane('issue')", "Open issues pane", "main"),
    Key(
        "next-briefing",
        "right_square_bracket",
        "next_briefing(1)",
        "Next briefing",
        "main",
        display="]",
    ),
    Key(
        "previous-briefing",
        "left_square_bracket",
        "next_briefing(-1)",
        "Previous briefing",
        "main",
        display="[",
    ),
    Key("reload", "r", "reload", "Reload the briefing from disk", "main"),
    Key("export", "e", "export", "Export notes as markdown…", "main", footer=True, short="Export"),
    Key("export-again", "E", "export_again", "Export this briefing again (last settings)", "main"),
    Key("draft", "D", "draft", "Draft annotations for this briefing…", "main"),
    Key("people", "P", "view('people')", "People: every speaker and their quotes", "main"),
    Key(
        "figures-view",
        "percent_sign",
        "view('figures')",
        "Figures across the library",
        "main",
        display="%",
    ),
    Key("issues-view", "O", "view('issues')", "Open issues across the library", "main"),
    Key(
        "timeline",
        "L",
        "view('timeline')",
        "Timeline of briefings and the dates they mention",
        "main",
    ),
    Key("done", "x", "toggle_done", "Mark the briefing done / not done", "main"),
    Key("next-new", "space", "next_new", "Next new (unread) briefing", "main", display="Space"),
    # Library list
    Key(
        "library-search",
        "slash",
        "filter",
        "Filter the library",
        "library",
        display="/",
        palette=False,
    ),
    # Article
    Key(
        "article-search",
        "slash",
        "search",
        "Search the article",
        "article",
        footer=True,
        short="Search",
        display="/",
    ),
    Key("search-next", "n", "search_next(1)", "Next match", "article"),
    Key("search-previous", "N", "search_next(-1)", "Previous match", "article"),
    Key(
        "sentences",
        "v",
        "toggle_sentences",
        "Sentence selection on/off (to tag sentences)",
        "article-view",
        footer=True,
        short="Sentences",
    ),
    # Tagging and notes: on the focused item, or the sentence under the cursor
    *(
        Key(
            f"tag-{digit}",
            str(digit),
            f"tag_key({digit})",
            f"Toggle the tag on key {digit}",
            "tagging",
            palette=False,
        )
        for digit in range(1, 10)
    ),
    Key("add-tag", "t", "add_tag", "Add a tag by name", "tagging", footer=True, short="Tag"),
    Key("remove-tag", "T", "remove_tag", "Remove a tag", "tagging"),
    Key("note", "a", "edit_note", "Add or edit a note", "tagging", footer=True, short="Note"),
    Key("repeat", "full_stop", "repeat_tag", "Repeat the last tag action", "tagging", display="."),
    Key("undo", "u", "undo", "Undo the last tag or note change", "tagging"),
    Key("redo", "ctrl+r", "redo", "Redo", "tagging"),
    Key("tagged", "ctrl+t", "tagged_view", "Tagged: every tagged item in the library", "tagging"),
    Key("orphans", "ctrl+o", "orphans", "Tags that lost their place in this briefing", "tagging"),
    Key(
        "repair",
        "",
        "repair_notes",
        "Repair this briefing's unreadable notes (keeps a backup)",
        "palette",
    ),
    # The Tagged view and the library-wide views
    Key(
        "list-close",
        "escape",
        "close",
        "Back to reading",
        "list-screen",
        footer=True,
        short="Back",
        palette=False,
        display="Esc",
    ),
    Key(
        "list-filter",
        "f,slash",
        "filter",
        "Filter the rows",
        "list-screen",
        footer=True,
        short="Filter",
        palette=False,
        display="f or /",
    ),
    Key(
        "sort-left",
        "less_than_sign",
        "sort(-1)",
        "Sort by the column to the left",
        "view",
        footer=True,
        short="Sort ←",
        palette=False,
        display="<",
    ),
    Key(
        "sort-right",
        "greater_than_sign",
        "sort(1)",
        "Sort by the column to the right",
        "view",
        footer=True,
        short="Sort →",
        palette=False,
        display=">",
    ),
    Key(
        "issue-status",
        "c",
        "cycle_status",
        "Open issues view: change the status",
        "issues-view",
        footer=True,
        short="Status",
        palette=False,
    ),
    # Moving inside a list or the article
    Key("down", "j,down", "cursor_down", "Down", "move", palette=False, display="j/↓"),
    Key("up", "k,up", "cursor_up", "Up", "move", palette=False, display="k/↑"),
    Key("top", "g,home", "first", "Top", "move", palette=False, display="g"),
    Key("bottom", "G,end", "last", "Bottom", "move", palette=False, display="G"),
    Key(
        "select",
        "enter",
        "select",
        "Open / jump to anchor",
        "move",
        palette=False,
        footer=True,
        short="Open/jump",
    ),
)

SCOPE_TITLES = {
    "app": "Everywhere",
    "main": "Reading screen",
    "library": "Library list",
    "article": "Article",
    "article-view": "Article",
    "tagging": "Tags and notes (on the focused item or sentence)",
    "move": "In any list or the article",
    "list-screen": "Tagged view and library-wide views",
    "view": "Tagged view and library-wide views",
    "issues-view": "Tagged view and library-wide views",
    "palette": "Only in the command palette (Ctrl+P)",
    "pane": "Annotation panes",
}


def bindings(*scopes: str) -> list[BindingType]:
    """``Binding`` objects for the keys of ``scopes``, with ids so users can remap them."""
    return [
        Binding(
            key.keys,
            key.action,
            key.short or key.description,
            show=key.footer,
            tooltip=key.description,
            key_display=key.display,
            priority=key.priority,
            id=key.id,
        )
        for key in KEYS
        if key.scope in scopes and key.keys
    ]


def display(key: Key) -> str:
    """How a key is written in help: ``?``, ``Ctrl+P``, ``j/↓``."""
    if key.display:
        return key.display
    if not key.keys:
        return "—"
    *modifiers, last = key.keys.split(",")[0].split("+")
    named = last.capitalize() if len(last) > 1 else last.upper() if modifiers else last
    return "+".join([*(modifier.capitalize() for modifier in modifiers), named])
