"""Letter templates: the frame of a letter, its fields and its sections (SPEC §7).

The built-in templates ship inside the package (``pleitbrief/data/letters``); a template
of the same name in the workspace's ``templates/letters`` takes precedence.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import Any, Literal

from pleitbrief.frontmatter import read_front_matter_file
from pleitbrief.problems import Problem, error
from pleitbrief.records import record
from pleitbrief.yamlread import key_line

FieldType = Literal["text", "date", "list"]
FIELD_TYPES: tuple[FieldType, ...] = ("text", "date", "list")
RESERVED_NAMES = frozenset({"sections", "organisation", "lang", "fields"})
"""Names the template body already uses for other things."""


@record
class FieldSpec:
    name: str
    label: str
    type: FieldType = "text"
    required: bool = False
    default: Any = None
    line: int = 0


@record
class SectionSpec:
    name: str
    label: str
    numbered: bool = False
    """A numbered list, one number per item (1, 2, 3 …)."""
    bullets: bool = False
    """A bulleted list, one bullet per item."""
    required: bool = False
    line: int = 0


@record
class LetterTemplate:
    name: str
    file: Path
    title: str
    description: str = ""
    fields: dict[str, FieldSpec] = field(default_factory=dict)
    sections: dict[str, SectionSpec] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    builtin: bool = False
    document_title: str = "{{ subject }}"
    """Jinja for the title in the document's properties (front matter ``document_title``)."""


@record
class TemplateLibrary:
    templates: dict[str, LetterTemplate] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def get(self, name: str) -> LetterTemplate | None:
        return self.templates.get(name)


def builtin_letters_dir() -> Path:
    # beside this module, not through importlib.resources: the templates are read as
    # files anyway, and resources (with zipfile) would cost every start-up ~3 ms
    return Path(__file__).parent / "data" / "letters"


def load_letter_templates(workspace_letters: Path | None) -> TemplateLibrary:
    library = TemplateLibrary()
    folders = [(builtin_letters_dir(), True)]
    if workspace_letters is not None and workspace_letters.is_dir():
        folders.append((workspace_letters, False))
    for folder, builtin in folders:
        for path in sorted(folder.glob("*.md")):
            template, problems = load_letter_template(path, builtin=builtin)
            library.problems.extend(problems)
            if template is not None:
                library.templates[template.name] = template  # the workspace's wins
    return library


def load_letter_template(
    path: Path, builtin: bool = False
) -> tuple[LetterTemplate | None, list[Problem]]:
    document, problems = read_front_matter_file(path, "letter template")
    if document is None:
        return None, problems
    meta = document.meta
    template = LetterTemplate(
        name=path.stem,
        file=path,
        title=str(meta.get("title") or path.stem),
        description=str(meta.get("description") or ""),
        body=document.body,
        body_line=document.body_line,
        builtin=builtin,
        document_title=str(meta.get("document_title") or "{{ subject }}"),
    )
    problems += _read_fields(template, meta)
    problems += _read_sections(template, meta)
    return template, problems


def _read_fields(template: LetterTemplate, meta: Any) -> list[Problem]:
    raw = meta.get("fields") or {}
    path = template.file
    if not isinstance(raw, dict):
        return [
            error(path, key_line(meta, "fields", 2), "template-field", "fields must be a mapping")
        ]
    problems: list[Problem] = []
    for name, spec in raw.items():
        line = key_line(raw, name, 2)
        spec = spec if isinstance(spec, dict) else {"label": str(spec)}
        kind = str(spec.get("type", "text"))
        if name in RESERVED_NAMES:
            problems.append(
                error(
                    path,
                    line,
                    "template-field",
                    f"field name {name!r} is reserved for the template body",
                )
            )
            continue
        if kind not in FIELD_TYPES:
            problems.append(
                error(
                    path,
                    line,
                    "template-field",
                    f"field {name!r} has unknown type {kind!r} (use {', '.join(FIELD_TYPES)})",
                )
            )
            kind = "text"
        template.fields[str(name)] = FieldSpec(
            name=str(name),
            label=str(spec.get("label") or name),
            type=kind,  # type: ignore[arg-type]
            required=bool(spec.get("required", False)),
            default=spec.get("default"),
            line=line,
        )
    return problems


def _read_sections(template: LetterTemplate, meta: Any) -> list[Problem]:
    raw = meta.get("sections") or {}
    path = template.file
    if not isinstance(raw, dict):
        return [
            error(
                path,
                key_line(meta, "sections", 2),
                "template-section",
                "sections must be a mapping",
            )
        ]
    problems: list[Problem] = []
    for name, spec in raw.items():
        line = key_line(raw, name, 2)
        spec = spec if isinstance(spec, dict) else {"label": str(spec)}
        list_kind = spec.get("list")
        if list_kind not in (None, "bullets", "numbered"):
            problems.append(
                error(
                    path,
                    line,
                    "template-section",
                    f"section {name!r}: list must be 'bullets' or 'numbered'",
                )
            )
        template.sections[str(name)] = SectionSpec(
            name=str(name),
            label=str(spec.get("label") or name),
            numbered=bool(spec.get("numbered", False)) or list_kind == "numbered",
            bullets=list_kind == "bullets",
            required=bool(spec.get("required", False)),
            line=line,
        )
    return problems
