"""``init`` (a new workspace) and ``new`` (a new draft from a letter template)."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import shutil
from pathlib import Path
from typing import Any

from pleitbrief.commands import workspace_of


def register(commands: Any) -> None:
    init = commands.add_parser("init", help="make a new workspace")
    init.add_argument("dir", type=Path, metavar="DIR")
    init.set_defaults(handler=run_init)
    new = commands.add_parser("new", help="make drafts/NAME.yaml from a letter template")
    new.add_argument("template", metavar="TEMPLATE")
    new.add_argument("name", metavar="NAME")
    new.set_defaults(handler=run_new)


def run_init(args: argparse.Namespace) -> int:
    from pleitbrief.cli import UsageError
    from pleitbrief.letters import builtin_letters_dir
    from pleitbrief.workspace import CONFIG_NAME

    target: Path = args.dir
    if (target / CONFIG_NAME).exists():
        raise UsageError(f"{target} is already a workspace ({CONFIG_NAME} exists); nothing changed")
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} exists and is not a folder")
    starter = Path(__file__).parents[1] / "data" / "init"  # as letters.py finds its own
    planned = [
        (path, target / path.relative_to(starter))
        for path in sorted(starter.rglob("*"))
        if path.is_file()
    ]
    planned += [
        (path, target / "templates" / "letters" / path.name)
        for path in sorted(builtin_letters_dir().glob("*.md"))
    ]
    clashes = [str(dest) for _src, dest in planned if dest.exists()]
    if clashes:
        raise UsageError("these files exist and would be overwritten: " + ", ".join(clashes))
    for source, dest in planned:
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest)
    (target / "drafts").mkdir(exist_ok=True)
    print(f"made a workspace in {target}: {len(planned)} files")
    print(f"next: cd {target} && pleitbrief new open-brief mijn-brief")
    return 0


def run_new(args: argparse.Namespace) -> int:
    from pleitbrief.cli import UsageError, print_problems
    from pleitbrief.fsio import write_text_atomic
    from pleitbrief.letters import load_letter_templates
    from pleitbrief.suggest import did_you_mean

    workspace = workspace_of(args)
    templates = load_letter_templates(workspace.letters_dir)
    template = templates.get(args.template)
    if template is None:
        hint = did_you_mean(args.template, templates.templates)
        raise UsageError(
            f"no letter template {args.template!r}{hint} "
            f"(available: {', '.join(sorted(templates.templates))})"
        )
    name = args.name.removesuffix(".yaml")
    if not name or "/" in name or name.startswith("."):
        raise UsageError(f"{args.name!r} is not a usable draft name")
    path = workspace.drafts_dir / f"{name}.yaml"
    if path.exists():
        raise UsageError(f"{path} exists; a draft is never overwritten (pick another name)")
    print_problems(templates.problems)
    write_text_atomic(path, new_draft_yaml(template, workspace.lang))
    print(f"wrote {path}")
    return 0


def new_draft_yaml(template: Any, lang: str) -> str:
    """A draft with every field (defaults filled in) and every section, commented."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    data = CommentedMap()
    data["template"] = template.name
    data["lang"] = lang
    fields = CommentedMap()
    for spec in template.fields.values():
        if spec.default is not None:
            value: Any = spec.default
        elif spec.type == "date":
            value = dt.date.today()
        elif spec.type == "list":
            value = []
        else:
            value = ""
        fields[spec.name] = value
        mark = " (verplicht)" if spec.required else ""
        fields.yaml_set_comment_before_after_key(spec.name, before=f"{spec.label}{mark}", indent=2)
    data["fields"] = fields
    sections = CommentedMap()
    for section in template.sections.values():
        sections[section.name] = []
        kind = "genummerd" if section.numbered else "opsomming" if section.bullets else "alinea's"
        sections.yaml_set_comment_before_after_key(
            section.name, before=f"{section.label} ({kind}): - block: ID  of  - text: …", indent=2
        )
    data["sections"] = sections
    data.yaml_set_start_comment(f"{template.title}: made with 'pleitbrief new {template.name}'")
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()
