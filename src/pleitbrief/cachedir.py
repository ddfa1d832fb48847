"""The user cache folder that pleitbrief's caches keep their files in, one subfolder each.

``platformdirs`` says where (``~/.cache/pleitbrief`` on Linux); ``PLEITBRIEF_CACHE_DIR``
sets another folder and ``PLEITBRIEF_NO_CACHE=1`` turns every cache off. The parsed
``.bib`` files (:mod:`pleitbrief.library.cache`) live in ``library/``, pandoc's citeproc
answers (:mod:`pleitbrief.cite.citeproc_cache`) in ``citeproc/``, the regular expressions
and dataclass methods the command compiles (:mod:`pleitbrief.startup_cache`) in ``startup/``.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

CACHE_DIR_ENV = "PLEITBRIEF_CACHE_DIR"
NO_CACHE_ENV = "PLEITBRIEF_NO_CACHE"
STALE_TEMP = 3600.0
"""Seconds after which a cache's temporary file is taken for an interrupted write."""


def cache_root() -> Path | None:
    """The folder that holds every cache's subfolder; None when caching is turned off.

    Read from the environment on each call, so a test (or a CLI subprocess) can point it
    elsewhere.
    """
    if os.environ.get(NO_CACHE_ENV, "") not in ("", "0"):
        return None
    configured = os.environ.get(CACHE_DIR_ENV)
    if configured:
        return Path(configured)
    import platformdirs  # only when no folder is configured: it costs a few ms to import

    return Path(platformdirs.user_cache_dir("pleitbrief", appauthor=False))


def cache_subdir(name: str) -> Path | None:
    """``<root>/<name>``, the folder of one cache; None when caching is turned off."""
    root = cache_root()
    return None if root is None else root / name


def touch(path: Path) -> None:
    """Mark a slot as used now (a hit), so :func:`prune` keeps the recently used."""
    with contextlib.suppress(OSError):
        os.utime(path)


def prune(folder: Path, suffix: str, keep: int) -> None:
    """Delete all but the ``keep`` most recently used slots (``*suffix``) of a cache
    folder, and the temporary files interrupted writes left there; best effort."""
    slots: list[tuple[float, str]] = []
    stale: list[str] = []
    too_old = time.time() - STALE_TEMP
    try:
        with os.scandir(folder) as listing:
            for item in listing:
                with contextlib.suppress(OSError):  # gone meanwhile: another run pruned
                    used = item.stat().st_mtime
                    if item.name.startswith("."):
                        if item.name.endswith(".tmp") and used < too_old:
                            stale.append(item.path)
                    elif item.name.endswith(suffix):
                        slots.append((used, item.path))
    except OSError:
        return
    slots.sort(reverse=True)
    for path in stale + [path for _, path in slots[keep:]]:
        with contextlib.suppress(OSError):
            os.unlink(path)
