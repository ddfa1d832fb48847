"""An export loads what it needs and nothing more (start-up is most of a small export).

Each run is a fresh interpreter, the library cache warmed by a run before it, and the
test reads ``sys.modules`` after the export.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from tests.conftest import REPO

SCRIPT = textwrap.dedent("""
    import json, sys
    from pleitbrief.cli import main

    code = main(sys.argv[1:])
    print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
""")

NEVER = ("textual", "rapidfuzz", "bibtexparser", "pylatexenc", "pleitbrief.library.bibtex",
         "pleitbrief.tui")  # fmt: skip
"""Not for any export: the TUI, fuzzy suggestions (only for a misspelt name), BibTeX
parsing and LaTeX decoding (only when a file is not in the cache)."""


def _export(fmt: str, style: str, out: str, *options: str) -> set[str]:
    argv = ["-w", str(REPO), "export", str(REPO / "drafts/open-brief-mobilisatie.yaml"),
            "--to", fmt, "-o", out, "--style", style, *options]  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, *argv], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["code"] == 0, result.stderr
    return {name.split(".")[0] if not name.startswith("pleitbrief") else name
            for name in report["modules"]}  # fmt: skip


def _loaded(modules: set[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_house_style_export_loads_no_csl_engine_babel_or_tui(tmp_path, fmt):
    out = str(tmp_path / f"letter.{fmt}")
    _export(fmt, "pleitbrief-nl", out)  # warms the library cache
    modules = _export(fmt, "pleitbrief-nl", out)
    for name in (*NEVER, "pleitbrief.cite.csl", "pleitbrief.cite.csl_fields", "babel"):
        assert not _loaded(modules, name), f"{name} loaded by a house-style {fmt} export"
    assert not _loaded(modules, "docx")
    assert _loaded(modules, "pleitbrief.writers.docx") == (fmt == "docx")


def test_docx_export_with_a_reference_doc_reads_and_writes_it_without_python_docx(tmp_path):
    """The DOCX writer opens and saves packages itself (``writers/docx/package.py``):
    python-docx, ~40 ms of imports, is for the tests that read the output back."""
    import docx

    letterhead = tmp_path / "briefpapier.docx"
    docx.Document().save(str(letterhead))  # python-docx's own template: many parts
    out = tmp_path / "letter.docx"
    _export("docx", "pleitbrief-nl", str(out), "--reference-doc", str(letterhead))
    modules = _export("docx", "pleitbrief-nl", str(out), "--reference-doc", str(letterhead))
    assert not _loaded(modules, "docx")
    assert _loaded(modules, "pleitbrief.writers.docx.package")
    assert docx.Document(str(out)).paragraphs  # and python-docx reads what it wrote


def test_csl_export_loads_the_csl_engine_and_still_no_tui(tmp_path):
    out = str(tmp_path / "letter.md")
    first = _export("md", "leidraad-voor-juridische-auteurs", out)
    assert _loaded(first, "pleitbrief.cite.citeproc.engine")  # nothing kept yet: formats
    modules = _export("md", "leidraad-voor-juridische-auteurs", out)
    assert _loaded(modules, "pleitbrief.cite.csl")
    # the same citations again: the kept texts are read, the processor is not loaded
    assert not _loaded(modules, "pleitbrief.cite.citeproc")
    for name in NEVER:
        assert not _loaded(modules, name), f"{name} loaded by a CSL export"


def test_refs_list_reads_the_library_without_the_drafting_pipeline():
    command = [sys.executable, "-c", SCRIPT, "-w", str(REPO), "refs", "list"]
    subprocess.run(command, capture_output=True, timeout=120, check=True)  # warms the cache
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["code"] == 0
    assert "nos-2022-reservisten\t" in result.stdout
    for name in ("jinja2", "markdown_it", "pleitbrief.pipeline", *NEVER):
        assert not _loaded(set(report["modules"]), name), f"refs list loaded {name}"
