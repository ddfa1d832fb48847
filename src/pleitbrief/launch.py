"""The ``pleitbrief`` command's entry point (and ``python -m pleitbrief``'s).

Before anything else is imported, it puts :mod:`pleitbrief.startup_cache` in front of
``re`` and ``dataclasses``, so that every pattern and dataclass of the run, from the first
module on, is compiled once and not again in the next run. Then :func:`pleitbrief.cli.console`.
"""

from __future__ import annotations

from typing import NoReturn


def console() -> NoReturn:
    from pleitbrief import startup_cache

    startup_cache.install()
    from pleitbrief.cli import console as run_command

    run_command()
