"""The Jinja2 sandbox that renders blocks and letter templates.

Sandboxed (a template cannot reach Python internals) and strict (an undefined variable is
an error, not an empty string). Every error becomes a Problem at the file and line of the
template source it came from.
"""

from __future__ import annotations

import traceback
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from pleitbrief.i18n import join_list
from pleitbrief.problems import Problem, error


def _lines(value: Any) -> str:
    """A list as Markdown lines with hard breaks (signatories under a letter)."""
    if isinstance(value, str):
        return value
    return "\\\n".join(str(v) for v in value)


@cache
def environment(lang: str) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,  # the output is Markdown, not HTML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["join_list"] = lambda items: join_list(list(items), lang)
    env.filters["lines"] = _lines
    return env


def render(
    source: str, context: Mapping[str, Any], file: Path, first_line: int, lang: str
) -> tuple[str | None, list[Problem]]:
    """Render ``source`` (which starts at ``first_line`` of ``file``) with ``context``."""
    if "{" not in source:
        # No variable, tag or comment: Jinja would give the text back with its line ends
        # made "\n", after compiling it (a millisecond or two a block).
        return source.replace("\r\n", "\n").replace("\r", "\n"), []
    env = environment(lang)
    name = str(file)
    try:
        code = env.compile(source, name=name, filename=name)
        template = env.template_class.from_code(env, code, env.make_globals(None))
        return template.render(**context), []
    except TemplateSyntaxError as exc:
        line = first_line + (exc.lineno or 1) - 1
        return None, [error(file, line, "jinja-syntax", f"template syntax: {exc.message}")]
    except SecurityError as exc:
        line = first_line + _template_line(exc, name) - 1
        return None, [error(file, line, "sandbox", f"refused by the sandbox: {exc}")]
    except UndefinedError as exc:
        line = first_line + _template_line(exc, name) - 1
        known = ", ".join(sorted(k for k in context if not k.startswith("_"))) or "none"
        return None, [
            error(file, line, "undefined-variable", f"{exc.message} (defined here: {known})")
        ]
    except (TemplateError, TypeError, ValueError, AttributeError) as exc:
        line = first_line + _template_line(exc, name) - 1
        return None, [error(file, line, "template-error", f"template failed: {exc}")]


def _template_line(exc: BaseException, name: str) -> int:
    """The template line where rendering failed: Jinja puts template frames in the traceback."""
    line = 1
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == name and frame.lineno:
            line = frame.lineno
    return line


def undeclared_variables(source: str, lang: str) -> set[str]:
    """Names a template reads that it does not set itself (for static checks)."""
    from jinja2 import meta

    env = environment(lang)
    try:
        return set(meta.find_undeclared_variables(env.parse(source)))
    except TemplateSyntaxError:
        return set()
