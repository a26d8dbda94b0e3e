"""The parts of ``briefing draft``, split by concern; ``briefing.draft`` puts them together.

``text`` reads the article once (quote marks, sentences, the text outside quotes), ``speakers``
finds people and attributes quotes, ``figures``, ``timeline``, ``issues`` and ``summary`` find
the rest, and ``merge`` folds a draft into an annotation a human already wrote.
"""
