"""The problems of the draft being edited, as ``pleitbrief check`` finds them."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from pleitbrief.problems import Problem, Severity

_MARK = {
    Severity.ERROR: ("✗", "bold red"),
    Severity.WARNING: ("!", "bold yellow"),
    Severity.INFO: ("i", "bold"),
}


class ProblemsPanel(OptionList):
    """One line a problem; choosing one goes to its place."""

    DEFAULT_CSS = """
    ProblemsPanel {
        height: 7;
        border: round $primary 40%;
        border-title-color: $text-primary;
    }
    ProblemsPanel:focus {
        border: round $primary;
    }
    ProblemsPanel.-errors {
        border: round $error 70%;
    }
    """

    @dataclass
    class Chosen(Message):
        problem: Problem

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.problems: list[Problem] = []
        self.border_title = "Problems"

    def show(self, problems: list[Problem], relative_to: object = None, title: str = "") -> None:
        self.problems = list(problems)
        self.clear_options()
        base = relative_to if hasattr(relative_to, "resolve") else None
        for number, problem in enumerate(problems):
            mark, style = _MARK[problem.severity]
            place = problem.format(base).split(": ", 1)[0]  # type: ignore[arg-type]
            line = Text.assemble((f"{mark} ", style), (problem.message, ""), (f"  {place}", "dim"))
            self.add_option(Option(line, id=str(number)))
        errors = sum(p.is_error for p in problems)
        warnings = len(problems) - errors
        self.set_class(errors > 0, "-errors")
        counts = f"{errors} error(s), {warnings} warning(s)" if problems else "none"
        self.border_title = f"{title or 'Problems'}: {counts}"

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = int(event.option.id or 0)
        if 0 <= index < len(self.problems):
            self.post_message(self.Chosen(self.problems[index]))
