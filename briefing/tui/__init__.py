"""The Textual layer: the only part of briefing that knows Textual."""
