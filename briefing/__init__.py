"""briefing: a terminal reader for news and policy briefings."""

__version__ = "0.1.0"
