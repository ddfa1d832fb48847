"""The command line (SPEC §9): thin, it calls the core and prints what comes back.

Exit codes: 0 success, 1 the content has errors, 2 usage error.
Problems go to stderr, one a line: ``FILE:LINE:COL: severity: message [code]``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from pleitbrief import __version__, startup_cache
from pleitbrief.problems import PleitbriefError, Problem, has_errors

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A wrong command line: unknown name, missing file. Exit code 2."""


def console() -> NoReturn:
    """The ``pleitbrief`` command: :func:`main`, then out without tearing Python down.

    Freeing every module and object at exit costs ~15 ms, a tenth of a small export, for
    memory the system takes back anyway. Nothing is lost by skipping it: output is flushed
    here, every file was written (atomically) and closed before ``main`` returned, and no
    thread is left running. The TUI exits the ordinary way (Textual restores the terminal
    in its own exit handlers), and so does a run under a profiler or coverage. What this
    run compiled that the next one can reuse is saved first (:mod:`pleitbrief.startup_cache`).
    """
    code = main()
    startup_cache.save()
    if "textual" in sys.modules or sys.gettrace() or sys.getprofile():
        sys.exit(code)  # a profiler or coverage writes its report at the ordinary exit
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # `pleitbrief refs list | head`; a closed stream
        pass
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    try:
        if handler is None:  # bare `pleitbrief`: the TUI on the workspace found from here
            from pleitbrief.commands.tui_cmd import run_tui

            return run_tui(args)
        return int(handler(args))
    except UsageError as exc:
        print(f"pleitbrief: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except PleitbriefError as exc:
        print_problems(exc.problems)
        return EXIT_USAGE if any(p.code == "no-workspace" for p in exc.problems) else EXIT_CONTENT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `pleitbrief refs list | head`
        return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    from pleitbrief.commands import blocks_cmd, export_cmd, init_cmd, refs_cmd, tui_cmd

    parser = argparse.ArgumentParser(
        prog="pleitbrief",
        description="Draft open letters and written parliamentary questions from argument "
        "blocks and a BibTeX library; export with real footnotes.",
    )
    parser.add_argument("--version", action="version", version=f"pleitbrief {__version__}")
    parser.add_argument(
        "-w",
        "--workspace",
        type=Path,
        metavar="DIR",
        help="the workspace folder (default: found by walking up from here)",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    init_cmd.register(commands)
    export_cmd.register(commands)
    blocks_cmd.register(commands)
    refs_cmd.register(commands)
    tui_cmd.register(commands)
    return parser


def print_problems(problems: list[Problem]) -> None:
    cwd = Path.cwd()
    for problem in problems:
        print(problem.format(relative_to=cwd), file=sys.stderr)


def exit_code(problems: list[Problem]) -> int:
    return EXIT_CONTENT if has_errors(problems) else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
