"""The ``pleitbrief`` command leaves without Python's teardown (``cli.console``): what it
prints must still arrive whole, and its exit code unchanged."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import REPO

from pleitbrief.cli import main


# Output to a pipe is block-buffered unless PYTHONUNBUFFERED says otherwise (some machines
# set it): without it, only the flush in console() gets the output out.
def buffered() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def _script() -> str:
    script = Path(sys.executable).parent / "pleitbrief"
    if not script.exists():  # pragma: no cover - an install without console scripts
        pytest.skip("no pleitbrief console script beside this Python")
    return str(script)


def test_a_long_output_arrives_whole_and_equal_to_mains(tmp_path):
    result = subprocess.run(
        [_script(), "-w", str(REPO), "refs", "list", "--json"],
        capture_output=True, text=True, timeout=120, env=buffered(),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    captured = io.StringIO()
    with contextlib.redirect_stdout(captured):
        assert main(["-w", str(REPO), "refs", "list", "--json"]) == 0
    assert result.stdout == captured.getvalue()
    assert result.stdout.rstrip().endswith("]")


def test_errors_are_printed_and_the_exit_code_kept(ws):
    ws.draft("kapot", "template: open-brief\nfields: {}\n")
    result = subprocess.run(
        [_script(), "export", "drafts/kapot.yaml", "--to", "md"],
        cwd=ws.root, capture_output=True, text=True, timeout=120, env=buffered(),
    )  # fmt: skip
    assert result.returncode == 1
    assert "drafts/kapot.yaml:" in result.stderr and "required field" in result.stderr


@pytest.mark.skipif(shutil.which("head") is None, reason="no head(1)")
def test_a_closed_pipe_is_no_traceback():
    done = subprocess.run(
        f"'{_script()}' -w '{REPO}' refs list | head -n 1",
        shell=True, capture_output=True, text=True, timeout=120, env=buffered(),
    )  # fmt: skip
    assert done.stdout.count("\n") == 1
    assert "Traceback" not in done.stderr and "Error" not in done.stderr, done.stderr
