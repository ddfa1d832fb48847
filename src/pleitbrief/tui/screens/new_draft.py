"""A new draft from a letter template, through a form of the template's fields."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from pleitbrief.commands.init_cmd import new_draft_yaml
from pleitbrief.editing import EditableDraft
from pleitbrief.fsio import write_text_atomic
from pleitbrief.letters import LetterTemplate, TemplateLibrary
from pleitbrief.tui.widgets.fields_form import FieldsForm

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def make_draft(path: Path, template: LetterTemplate, lang: str, values: dict[str, Any]) -> None:
    """Write a new draft: the commented skeleton of ``pleitbrief new``, the form's values in."""
    # an empty field is written as '' and ruamel would keep those quotes around the value
    # put in its place: start from no value at all instead
    skeleton = re.sub(r"^(\s+\w+): ''$", r"\1:", new_draft_yaml(template, lang), flags=re.M)
    write_text_atomic(path, skeleton)
    draft = EditableDraft.open(path)
    for name, value in values.items():
        spec = template.fields[name]
        if value in ("", []) and spec.default is not None:
            continue  # keep the template's default as ``new`` writes it
        if isinstance(value, list):
            from ruamel.yaml.comments import CommentedSeq

            seq = CommentedSeq(value)
            seq.fa.set_flow_style()
            value = seq
        draft.set_field(name, value)
    draft.save(force=True)


class NewDraftScreen(Screen[Path | None]):
    """Dismissed with the new draft's path, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Back without making a draft"),
        Binding("ctrl+s", "create", "Create", tooltip="Make the draft and open it", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.template: LetterTemplate | None = None

    @property
    def templates(self) -> TemplateLibrary:
        return self.app.templates  # type: ignore[attr-defined,no-any-return]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="new-draft"):
            with Vertical(id="template-list"):
                yield Label("Letter template")
                yield OptionList(id="templates")
            with Vertical(id="template-form"):
                yield Static("", id="template-about", classes="hint")
                yield Label("File name (in drafts/)")
                yield Input(id="name", placeholder="my-letter")
                yield Static("", id="name-error", classes="field-error")
                yield Vertical(id="form-holder")
                with Horizontal(classes="buttons"):
                    yield Button("Create (ctrl+s)", id="create", variant="primary")
                    yield Button("Cancel", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "New letter"
        options = self.query_one("#templates", OptionList)
        for name, template in sorted(self.templates.templates.items()):
            options.add_option(
                Option(Text.assemble((template.title, "bold"), "\n", (name, "dim")), id=name)
            )
        names = sorted(self.templates.templates)
        options.highlighted = names.index("open-brief") if "open-brief" in names else 0
        options.focus()

    @on(OptionList.OptionHighlighted, "#templates")
    async def template_chosen(self, event: OptionList.OptionHighlighted) -> None:
        template = self.templates.get(str(event.option.id))
        if template is None or template is self.template:
            return
        self.template = template
        self.query_one("#template-about", Static).update(
            Text.assemble((template.title, "bold"), "\n", template.description)
        )
        self.query_one("#name", Input).value = self.free_name(template.name)
        holder = self.query_one("#form-holder", Vertical)
        await holder.remove_children()
        today = {n: dt.date.today() for n, f in template.fields.items() if f.type == "date"}
        await holder.mount(FieldsForm(template, today, id="fields"))

    @on(OptionList.OptionSelected, "#templates")
    def template_selected(self) -> None:
        self.query_one(FieldsForm).focus_field()

    def free_name(self, stem: str) -> str:
        drafts = self.app.workspace.drafts_dir  # type: ignore[attr-defined]
        base = f"{stem}-{dt.date.today().isoformat()}"
        name, number = base, 2
        while (drafts / f"{name}.yaml").exists():
            name, number = f"{base}-{number}", number + 1
        return name

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self.action_create()
        else:
            self.dismiss(None)

    def action_create(self) -> None:
        if self.template is None:
            return
        workspace = self.app.workspace  # type: ignore[attr-defined]
        name = self.query_one("#name", Input).value.strip().removesuffix(".yaml")
        path = workspace.drafts_dir / f"{name}.yaml"
        name_error = ""
        if not _NAME.match(name):
            name_error = "A file name of letters, digits, - and _ (no spaces)."
        elif path.exists():
            name_error = f"drafts/{name}.yaml exists; a draft is never overwritten."
        self.query_one("#name-error", Static).update(name_error)
        form = self.query_one(FieldsForm)
        problems = form.check()
        if name_error or problems:
            first = "name" if name_error else next(iter(problems))
            self.notify(f"Please check {first}: {name_error or problems[first]}", severity="error")
            if not name_error:
                form.focus_field(first)
            return
        make_draft(path, self.template, workspace.lang, form.form_values())
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
