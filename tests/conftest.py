"""Shared fixtures: small workspaces written into a temporary folder."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

BASIC_BIB = """\
@online{nos-2022,
  title = {Eerste Russische reservisten melden zich, opvallend druk aan grenzen},
  journaltitle = {NOS},
  date = {2022-09-22},
  url = {https://nos.nl/artikel/2445552-eerste-russische-reservisten-melden-zich-opvallend-druk-aan-grenzen},
}

@online{reuters-2022,
  title = {Baltic nations say they will refuse refuge to Russians fleeing mobilisation},
  journaltitle = {Reuters},
  date = {2022-09-21},
  url = {https://www.reuters.com/world/europe/baltic-nations-say-they-will-refuse-refuge-russians-fleeing-mobilisation-2022-09-21/},
}

@misc{ah-3441,
  title = {Antwoord op vragen over Russische dienstweigeraars},
  type = {aanhangsel},
  session = {2021/22},
  number = {3441},
}
"""

BASIC_BLOCK = """\
---
title: Mobilisatie formeel niet beëindigd
summary: Alleen een presidentieel decreet beëindigt de mobilisatie.
tags: [mobilisatie, juridisch]
lang: nl
reviewed: 2023-01-10
variables:
  verklaring_datum:
    label: Datum van de verklaring
    default: 28 december 2022
---
In de verklaring van {{ verklaring_datum }} stelt de IND dat de mobilisatie voorbij is
[@nos-2022].
"""


def pytest_configure(config: pytest.Config) -> None:
    """Before any fixture runs (module-scoped ones come before the autouse one below):
    no test process ever touches the user's own cache folder."""
    import os
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="pleitbrief-test-cache-")
    os.environ["PLEITBRIEF_CACHE_DIR"] = folder
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test keeps the library's parse cache in a folder of its own (CLI subprocesses
    inherit it): tests never read or write the user's cache, nor each other's."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("PLEITBRIEF_CACHE_DIR", str(folder))
    monkeypatch.delenv("PLEITBRIEF_NO_CACHE", raising=False)
    return folder / "library"


@dataclass
class WorkspaceMaker:
    root: Path

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
        return path

    def draft(self, name: str, text: str) -> Path:
        return self.write(f"drafts/{name}.yaml", textwrap.dedent(text).lstrip("\n"))


@pytest.fixture
def ws(tmp_path: Path) -> WorkspaceMaker:
    """A workspace with a library of three entries and one block, no drafts yet."""
    maker = WorkspaceMaker(tmp_path / "ws")
    maker.write(
        "pleitbrief.toml",
        '[workspace]\nlang = "nl"\nstyle = "pleitbrief-nl"\n'
        '[organisation]\nname = "Stichting Free Russia NL"\n',
    )
    maker.write("references/bronnen.bib", BASIC_BIB)
    maker.write("templates/blocks/mobilisatie/geen-decreet.md", BASIC_BLOCK)
    (maker.root / "drafts").mkdir()
    return maker


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str | Path, cwd: Path) -> Run:
    """The CLI through its real entry point, in a subprocess, as a user runs it."""
    result = subprocess.run(
        [sys.executable, "-m", "pleitbrief", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return Run(result.returncode, result.stdout, result.stderr)


@pytest.fixture
def cli():
    return run_cli
