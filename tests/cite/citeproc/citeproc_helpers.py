"""What the processor's tests share: its inlines in pandoc's JSON form, to compare with
what pandoc writes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from pleitbrief.cite.citeproc.inlines import Inlines, Link, Quoted, Space, Span, Str, Styled
from pleitbrief.cite.csl import pandoc_path

_KINDS = {
    "emph": "Emph",
    "strong": "Strong",
    "smallcaps": "SmallCaps",
    "superscript": "Superscript",
    "subscript": "Subscript",
    "underline": "Underline",
}


def to_pandoc(inlines: Inlines) -> list[dict[str, Any]]:
    """Inlines in pandoc's JSON form, to compare with what pandoc writes."""
    out: list[dict[str, Any]] = []
    for node in inlines:
        if isinstance(node, Str):
            out.append({"t": "Str", "c": node.text})
        elif isinstance(node, Space):
            out.append({"t": "Space"})
        elif isinstance(node, Styled):
            out.append({"t": _KINDS[node.kind], "c": to_pandoc(node.children)})
        elif isinstance(node, Span):
            out.append({"t": "Span", "c": [["", list(node.classes), []], to_pandoc(node.children)]})
        elif isinstance(node, Quoted):
            kind = "DoubleQuote" if node.double else "SingleQuote"
            out.append({"t": "Quoted", "c": [{"t": kind}, to_pandoc(node.children)]})
        elif isinstance(node, Link):
            link = [["", [], []], to_pandoc(node.children), [node.url, ""]]
            out.append({"t": "Link", "c": link})
        else:
            out.append({"t": "Note", "c": [{"t": "Para", "c": to_pandoc(node.children)}]})
    return out


def pandoc_citations(
    tmp_path: Path, items: list[dict[str, Any]], style: str, lang: str
) -> list[Any]:
    """pandoc's rendering of one citation of each CSL-JSON item (in order) under ``style``
    and document language ``lang``, as pandoc JSON inlines."""
    (tmp_path / "refs.json").write_text(json.dumps(items), encoding="utf-8")
    (tmp_path / "style.csl").write_text(style, encoding="utf-8")
    source = "\n\n".join(f"[@{item['id']}]" for item in items)
    command = [
        str(pandoc_path()), "--from=markdown", "--to=json", "--citeproc",
        f"--csl={tmp_path / 'style.csl'}", f"--bibliography={tmp_path / 'refs.json'}",
        "--metadata", f"lang={lang}", "--metadata", "suppress-bibliography=true",
    ]  # fmt: skip
    done = subprocess.run(
        command, input=source.encode(), capture_output=True, check=True, timeout=120
    )
    blocks = json.loads(done.stdout)["blocks"]
    return [block["c"][0]["c"][1] for block in blocks]
