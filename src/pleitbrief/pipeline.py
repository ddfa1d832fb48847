"""The pipeline from a workspace to a document model, shared by check, export and the TUI.

workspace → library / blocks / letters / drafts → assemble → parse → cite → Document
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path

from pleitbrief.assemble import Assembled, Fragment, assemble
from pleitbrief.blocks import BlockLibrary, load_blocks
from pleitbrief.cite.house import with_links
from pleitbrief.cite.resolve import Resolving, start_resolving
from pleitbrief.cite.styles import (
    CiteprocError,
    NoteStyle,
    UnknownStyleError,
    WholeDocumentStyle,
    get_style,
    in_workspace,
)
from pleitbrief.drafts import Draft, load_draft
from pleitbrief.letters import TemplateLibrary, load_letter_templates
from pleitbrief.library.library import Library, load_library
from pleitbrief.markup.model import CiteGroup, Document
from pleitbrief.markup.parse import find_citation_groups, parse_markdown
from pleitbrief.problems import Problem, Severity, error, has_errors
from pleitbrief.records import record
from pleitbrief.sanitize import clean_document, entry_control_characters, find_control_characters
from pleitbrief.suggest import did_you_mean, phrase
from pleitbrief.workspace import Workspace
from pleitbrief.yamlread import key_line


@record
class LoadedWorkspace:
    """Everything a draft can draw on, loaded once."""

    workspace: Workspace
    library: Library
    blocks: BlockLibrary
    templates: TemplateLibrary

    @classmethod
    def load(cls, workspace: Workspace) -> LoadedWorkspace:
        return cls(
            workspace=workspace,
            library=load_library(workspace.library_dirs),
            blocks=load_blocks(workspace.blocks_dir, workspace.lang),
            templates=load_letter_templates(workspace.letters_dir),
        )


@record
class Built:
    """A draft taken through the pipeline: its document, or the problems that stopped it."""

    draft: Draft | None
    assembled: Assembled | None = None
    document: Document | None = None
    problems: list[Problem] = field(default_factory=list)
    cited_keys: list[str] = field(default_factory=list)
    """Every key the letter cites, in order of first citation."""


def build(
    loaded: LoadedWorkspace,
    draft_path: Path,
    style_name: str | None = None,
    library_problems: bool = True,
    keep_citations: bool = False,
) -> Built:
    """Take one draft through the pipeline; problems of the draft's own sources are errors.

    With ``library_problems``, the library's problems come along as they bear on this draft
    (``check`` of a whole workspace lists them once, itself). With ``keep_citations`` the
    cite stage is skipped: every citation group stays as written, for pandoc users.
    """
    draft, problems = load_draft(draft_path)
    if draft is None:
        return Built(None, problems=problems)
    return build_draft(loaded, draft, problems, style_name, library_problems, keep_citations)


def build_draft(
    loaded: LoadedWorkspace,
    draft: Draft,
    problems: list[Problem] | None = None,
    style_name: str | None = None,
    library_problems: bool = True,
    keep_citations: bool = False,
) -> Built:
    """``build`` for a draft already parsed (e.g. the TUI's unsaved state); ``problems``
    are those its parsing found."""
    built = Built(draft, problems=list(problems or []))
    template = loaded.templates.get(draft.template)
    if template is None:
        hint = did_you_mean(draft.template, loaded.templates.templates)
        built.problems.append(
            error(
                draft.path,
                draft.template_line,
                "unknown-template",
                f"no letter template {draft.template!r}{hint}",
            )
        )
        return built
    built.problems += [p for p in loaded.templates.problems if p.file == template.file]
    assembled, problems = assemble(draft, template, loaded.blocks, loaded.workspace)
    built.problems += problems
    if assembled is None:
        return built
    built.assembled = assembled
    # The citation style first: a CSL style's engine (pandoc) then formats the citations
    # while the checks below run, instead of after them.
    style, style_problem, style_label = _choose_style(loaded, draft, assembled, style_name)
    resolving: Resolving | None = None
    if style is not None and not keep_citations:
        parsed = Document(parse_markdown(assembled.markdown), assembled.meta)
        resolving = start_resolving(parsed, loaded.library.entries, style)
    for block in assembled.blocks_used:
        built.problems += [p for p in loaded.blocks.problems if p.file == block.file]
    cited: dict[str, None] = {}
    for fragment in assembled.fragments:
        source, rendered = fragment_groups(fragment)
        cited.update((c.key, None) for group in rendered for c in group.citations)
        built.problems += citation_problems(fragment, loaded.library, (source, rendered))
        built.problems += find_control_characters(
            fragment.source, fragment.file, fragment.first_line, fragment.col_offset
        )
    built.cited_keys = list(cited)
    if isinstance(style, WholeDocumentStyle):  # a CSL style: it says which fields it prints
        from pleitbrief.cite.csl_fields import missing_field_problems

        cited_entries = [e for e in map(loaded.library.get, built.cited_keys) if e is not None]
        built.problems += missing_field_problems(style, cited_entries)
    if library_problems:
        built.problems += _library_problems(loaded.library, built.cited_keys)
    for key in built.cited_keys:
        entry = loaded.library.get(key)
        if entry is not None:
            built.problems += entry_control_characters(entry.fields, entry.file, entry.line, key)
    if style_problem is not None:
        built.problems.append(style_problem)
        return built
    if has_errors(built.problems):
        return built
    if resolving is None:
        document = Document(parse_markdown(assembled.markdown), assembled.meta)
    else:
        try:
            document = resolving.result()
        except CiteprocError as exc:
            message = f"citation style {style_label!r} could not be applied: {exc}"
            place, line = _style_place(loaded, draft, style_name)
            built.problems.append(error(place, line, "citation-style-failed", message))
            return built
    built.document = clean_document(document)
    return built


def _choose_style(
    loaded: LoadedWorkspace, draft: Draft, assembled: Assembled, style_name: str | None
) -> tuple[NoteStyle | None, Problem | None, str]:
    """The style of ``--style``, else the draft's, else the workspace's (a relative ``.csl``
    path there is read from the workspace root); or the problem with its name."""
    name = style_name or in_workspace(assembled.style, loaded.workspace.root)
    try:
        style = with_links(get_style(name, assembled.lang), (draft.data or {}).get("links"))
        return style, None, name
    except UnknownStyleError as exc:
        place, line = _style_place(loaded, draft, style_name)
        message = f"unknown citation style {exc.name!r}{phrase(exc.suggestions)}"
        return None, error(place, line, "unknown-style", message), name


def _style_place(
    loaded: LoadedWorkspace, draft: Draft, style_name: str | None
) -> tuple[Path | None, int]:
    """Where the style was chosen: ``--style``, the draft's ``style:``, or pleitbrief.toml."""
    if style_name:
        return None, 0
    if draft.style:
        return draft.path, key_line(draft.data, "style", 1)
    return loaded.workspace.config_file, 0


def fragment_groups(fragment: Fragment) -> tuple[list[CiteGroup], list[CiteGroup]]:
    """The citation groups of a fragment as written and after Jinja (parsed once if equal)."""
    source = find_citation_groups(fragment.source)
    if fragment.rendered == fragment.source:
        return source, source
    return source, find_citation_groups(fragment.rendered)


def citation_problems(
    fragment: Fragment,
    library: Library,
    groups: tuple[list[CiteGroup], list[CiteGroup]] | None = None,
) -> list[Problem]:
    """Unknown keys, at the line and column where they are cited."""
    problems: list[Problem] = []
    seen: set[str] = set()
    source, rendered = groups or fragment_groups(fragment)
    for group in source:
        for citation in group.citations:
            seen.add(citation.key)
            if citation.key not in library:
                problems.append(
                    _unknown_key(
                        citation.key,
                        library,
                        fragment.file,
                        fragment.first_line + group.line,
                        group.col + 1 + fragment.col_offset,
                    )
                )
    # a key that only appears after Jinja (from a variable's value): point at the fragment
    for group in rendered:
        for citation in group.citations:
            if citation.key not in seen and citation.key not in library:
                seen.add(citation.key)
                problems.append(
                    _unknown_key(citation.key, library, fragment.file, fragment.first_line, 1)
                )
    return problems


def _unknown_key(key: str, library: Library, file: Path, line: int, col: int) -> Problem:
    hint = phrase(library.suggest(key))
    return error(file, line, "unknown-citation", f"unknown citation key {key!r}{hint}", col=col)


def _library_problems(library: Library, cited: list[str]) -> list[Problem]:
    """The library's problems as they bear on one draft.

    Export judges only what the draft uses (SPEC §9): a broken entry the draft does not
    cite is a warning; a duplicate of a key the draft cites is an error (which one is meant?).
    """
    concerning = {id(p) for key in cited for p in library.duplicates.get(key, ())}
    out = []
    for problem in library.problems:
        if problem.is_error and id(problem) not in concerning:
            problem = Problem(
                problem.file,
                problem.line,
                problem.col,
                Severity.WARNING,
                problem.code,
                problem.message,
            )
        out.append(problem)
    return out
