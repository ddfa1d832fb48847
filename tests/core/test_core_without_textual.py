"""The core runs with Textual never imported: library loading, check and Markdown export.

Run in a fresh interpreter that refuses any import of ``textual``, so the test fails both
when a core module imports it and when it merely ends up in ``sys.modules``.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.conftest import REPO

SCRIPT = textwrap.dedent("""
    import sys, importlib.abc

    class RefuseTextual(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "textual" or name.startswith("textual."):
                raise ImportError("the core must not import textual")
            return None

    sys.meta_path.insert(0, RefuseTextual())

    from pathlib import Path
    from pleitbrief.cli import main

    root = Path(sys.argv[1])
    assert main(["-w", str(root), "refs", "list"]) == 0
    assert main(["-w", str(root), "check"]) == 0
    out = Path(sys.argv[2])
    assert main(["-w", str(root), "export", str(root / "drafts/kamervragen-mobilisatie.yaml"),
                 "--to", "md", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("Vragen van het lid")
    leaked = sorted(m for m in sys.modules if m.split(".")[0] == "textual")
    assert not leaked, leaked
    print("core ran without textual")
""")


def test_library_check_and_markdown_export_never_import_textual(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(REPO), str(tmp_path / "kv.md")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "core ran without textual" in result.stdout


def test_import_contracts_keep_textual_out_of_the_core_and_docx_out_of_the_program():
    """The import-linter contracts in pyproject.toml, checked on every test run."""
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports; "
         "sys.exit(lint_imports())"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout
