"""A form of a letter template's fields: labels, required marks, defaults, checked dates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, Label, Select, Static

from pleitbrief.letters import FieldSpec, LetterTemplate
from pleitbrief.tui.livedraft import field_text


def widget_id(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)


class FieldValue(Validator):
    """A required field is filled in; a date field holds a date like 2023-01-10."""

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__()
        self.spec = spec

    def validate(self, value: str) -> ValidationResult:
        problem = field_problem(self.spec, value)
        return self.failure(problem) if problem else self.success()


def field_problem(spec: FieldSpec, text: str) -> str:
    text = text.strip()
    if not text:
        return "required" if spec.required and spec.default in (None, "", []) else ""
    if spec.type == "date":
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            return "a date like 2023-01-10"
    return ""


def field_value(spec: FieldSpec, text: str) -> Any:
    """What the form holds, as the draft file stores it."""
    text = text.strip()
    if spec.type == "list":
        return [part.strip() for part in text.split(";") if part.strip()]
    if spec.type == "date" and text:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    return text


class FieldsForm(VerticalScroll):
    """Every field of ``template``; each change is posted as ``FieldChanged``."""

    DEFAULT_CSS = """
    FieldsForm {
        height: 1fr;
        padding: 0 1;
    }
    FieldsForm > Label {
        margin-top: 1;
        width: 1fr;
        color: $text-primary;
    }
    FieldsForm > Label.-required {
        text-style: bold;
    }
    FieldsForm > Input {
        width: 1fr;
    }
    FieldsForm > .field-error {
        color: $text-error;
        height: auto;
        display: none;
    }
    FieldsForm > .field-error.-shown {
        display: block;
    }
    FieldsForm > Select {
        width: 1fr;
    }
    """

    can_focus = False  # Tab goes straight to the fields

    @dataclass
    class FieldChanged(Message):
        name: str
        value: Any
        """A date, a list, or text; ``lang`` and ``style`` for those settings."""

    def __init__(
        self,
        template: LetterTemplate,
        values: dict[str, Any],
        settings: dict[str, str | None] | None = None,
        styles: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.template = template
        self.values = values
        self.settings = settings
        self.style_names = styles or []

    def compose(self) -> ComposeResult:
        for spec in self.template.fields.values():
            mark = " *" if spec.required else ""
            hint = {"date": " (YYYY-MM-DD)", "list": " (separate with ;)"}.get(spec.type, "")
            yield Label(f"{spec.label}{mark}{hint}", classes="-required" if mark else "")
            value = self.values.get(spec.name)
            placeholder = field_text(spec.default) if spec.default is not None else ""
            if not placeholder and spec.type == "date":
                placeholder = dt.date.today().isoformat()
            yield Input(
                field_text(value),
                placeholder=placeholder,
                id=f"field-{widget_id(spec.name)}",
                validators=[FieldValue(spec)],
                valid_empty=not spec.required,
                compact=True,
                tooltip=f"{spec.name}: {spec.type}" + (", required" if spec.required else ""),
            )
            yield Static("", classes="field-error", id=f"error-{widget_id(spec.name)}")
        if self.settings is not None:
            yield Label("Language")
            lang = self.settings.get("lang") or ""
            langs = sorted({"nl", "en", lang} - {""})
            yield Select(
                [(code, code) for code in langs],
                value=lang or Select.NULL,
                prompt="workspace default",
                id="setting-lang",
                compact=True,
            )
            yield Label("Citation style")
            style = self.settings.get("style") or ""
            names = sorted({*self.style_names, style} - {""})
            yield Select(
                [(name, name) for name in names],
                value=style or Select.NULL,
                prompt="workspace default",
                id="setting-style",
                compact=True,
            )

    def spec_of(self, input_id: str | None) -> FieldSpec | None:
        for spec in self.template.fields.values():
            if input_id == f"field-{widget_id(spec.name)}":
                return spec
        return None

    def on_input_changed(self, event: Input.Changed) -> None:
        spec = self.spec_of(event.input.id)
        if spec is None:
            return
        event.stop()
        self.show_problem(spec, field_problem(spec, event.value))
        self.post_message(self.FieldChanged(spec.name, field_value(spec, event.value)))

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id in ("setting-lang", "setting-style"):
            event.stop()
            value = None if event.value is Select.NULL else str(event.value)
            self.post_message(self.FieldChanged(event.select.id.removeprefix("setting-"), value))

    def form_values(self) -> dict[str, Any]:
        return {
            spec.name: field_value(
                spec, self.query_one(f"#field-{widget_id(spec.name)}", Input).value
            )
            for spec in self.template.fields.values()
        }

    def check(self) -> dict[str, str]:
        """Every field's problem, shown under it; empty when the form is fine."""
        problems: dict[str, str] = {}
        for spec in self.template.fields.values():
            text = self.query_one(f"#field-{widget_id(spec.name)}", Input).value
            problem = field_problem(spec, text)
            self.show_problem(spec, problem)
            if problem:
                problems[spec.name] = problem
        return problems

    def show_problem(self, spec: FieldSpec, problem: str) -> None:
        error = self.query_one(f"#error-{widget_id(spec.name)}", Static)
        error.update(problem)
        error.set_class(bool(problem), "-shown")

    def focus_field(self, name: str | None = None) -> None:
        inputs = list(self.query(Input))
        target = next((i for i in inputs if name and i.id == f"field-{widget_id(name)}"), None)
        if target is None and inputs:
            target = inputs[0]
        if target is not None:
            target.focus()
