"""Every path the app reads or writes outside the library, computed lazily (never at import)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

APP_NAME = "briefing"


if TYPE_CHECKING:
    from platformdirs import PlatformDirs


def _dirs() -> PlatformDirs:
    from platformdirs import PlatformDirs

    return PlatformDirs(APP_NAME, appauthor=False)


def library_cache(kind: str, library: Path) -> Path:
    """The ``kind`` cache file (``headers``, ``index``) of one library: each library has its
    own, so a small library does not start by reading what a large one left there."""
    import hashlib

    key = os.path.realpath(library).encode("utf-8", "surrogateescape")
    return cache_dir() / kind / f"{hashlib.sha256(key).hexdigest()[:16]}.json"


def config_dir() -> Path:
    return Path(_dirs().user_config_dir)


def data_dir() -> Path:
    return Path(_dirs().user_data_dir)


def state_dir() -> Path:
    return Path(_dirs().user_state_dir)


def cache_dir() -> Path:
    return Path(_dirs().user_cache_dir)


def documents_dir() -> Path:
    return Path(_dirs().user_documents_dir)


def notes_dir(override: Path | None = None) -> Path:
    """``--notes-dir``, else ``$BRIEFING_NOTES``, else the user data directory's ``notes``."""
    if override is not None:
        return override
    if env := os.environ.get("BRIEFING_NOTES"):
        return Path(env).expanduser()
    return data_dir() / "notes"


def sample_library() -> Path:
    """The sample briefings shipped inside the package."""
    return Path(__file__).resolve().parent / "sample"


def default_library() -> Path:
    """``$BRIEFING_LIBRARY``, else ``./briefings`` if it exists, else the shipped samples."""
    if env := os.environ.get("BRIEFING_LIBRARY"):
        return Path(env).expanduser()
    local = Path("briefings")
    if local.is_dir():
        return local
    return sample_library()
