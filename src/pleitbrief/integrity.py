"""Source integrity: sources that aged, arguments not looked at for long, entries that
cannot make a full footnote.

- an entry with ``supersededby`` → a warning at every place that cites it, naming the
  newest source (``superseded``); a ``supersededby`` naming no entry, or going round in a
  circle, is a warning at the entry;
- a block whose ``reviewed`` date is older than ``review_months`` (``[workspace]`` in
  ``pleitbrief.toml``, default 12; 0 turns it off) → a warning at that date (``review-due``);
- an entry without what its footnote needs: a title, a date, a URL for an online source,
  the numbers of a parliamentary paper → a warning at the entry (``entry-no-title`` …);
- a cited source with a URL but no ``archiveurl`` → information at the entry
  (``no-archive``): web pages disappear;
- a draft's ``links:`` that is neither ``original`` nor ``archived`` → a warning.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from pleitbrief.citing import SourceFile, index_of, scan_draft, scan_markdown, scan_workspace
from pleitbrief.problems import Problem, info, warning
from pleitbrief.records import record
from pleitbrief.workspace import line_of

if TYPE_CHECKING:
    from pleitbrief.blocks import Block
    from pleitbrief.library.entry import Entry
    from pleitbrief.library.library import Library
    from pleitbrief.pipeline import LoadedWorkspace
    from pleitbrief.workspace import Workspace

DEFAULT_REVIEW_MONTHS = 12
ONLINE_TYPES = frozenset({"online", "www", "electronic", "webpage"})
"""Entry types that are web sources, so need a ``url``."""
PAPER_TYPES = frozenset({"kamerstuk", "aanhangsel", "handelingen"})
LINK_CHOICES = ("original", "archived")
"""The values of a draft's ``links:``: print each source's own URL, or its archived copy."""
_REVIEWED = re.compile(r"reviewed\s*:")


@record(frozen=True)
class Settings:
    review_months: int = DEFAULT_REVIEW_MONTHS
    """How old a block's ``reviewed`` date may be; 0: never too old."""


def read_settings(workspace: Workspace) -> tuple[Settings, list[Problem]]:
    """``review_months`` from ``[workspace]`` in ``pleitbrief.toml``."""
    config = workspace.config_file
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return Settings(), []  # the workspace loader reports an unreadable file
    table = data.get("workspace")
    value = table.get("review_months") if isinstance(table, dict) else None
    if value is None:
        return Settings(), []
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        message = f"review_months must be a whole number of months (0: no limit), not {value!r}"
        return Settings(), [warning(config, line_of(config, "review_months"), "config", message)]
    return Settings(review_months=value), []


def integrity_problems(loaded: LoadedWorkspace, today: dt.date | None = None) -> list[Problem]:
    """The integrity problems of the whole workspace: every entry, block and draft."""
    sources = scan_workspace(loaded)
    index = index_of(sources, loaded)
    settings, problems = read_settings(loaded.workspace)
    problems += superseded_problems(sources, loaded.library)
    problems += review_problems(loaded.blocks.all_variants(), settings, today)
    for entry in loaded.library:
        problems += entry_problems(entry)
    problems += archive_problems(loaded.library, index)
    for source in sources:
        if source.kind == "draft":
            problems += links_problems(source.path)
    return problems


def draft_integrity_problems(
    loaded: LoadedWorkspace, draft_path: Path, today: dt.date | None = None
) -> list[Problem]:
    """The integrity problems of what one draft uses: its text, its blocks and template,
    the entries they cite."""
    draft = scan_draft(draft_path)
    lang = draft.lang or loaded.workspace.lang
    blocks = [b for b in (loaded.blocks.get(i, lang) for i, _l, _c in draft.block_items) if b]
    blocks = list({block.file: block for block in blocks}.values())
    sources = [draft, *(scan_markdown(b.file, "block", b.id) for b in blocks)]
    template = _template_of(loaded, draft_path)
    if template is not None:
        sources.append(template)
    index = index_of(sources, loaded)
    settings, problems = read_settings(loaded.workspace)
    problems += superseded_problems(sources, loaded.library)
    problems += review_problems(blocks, settings, today)
    cited = [loaded.library.entries[k] for k in sorted(index) if k in loaded.library]
    for entry in cited:
        problems += entry_problems(entry)
    problems += archive_problems(loaded.library, index)
    problems += links_problems(draft_path)
    return problems


def _template_of(loaded: LoadedWorkspace, draft_path: Path) -> SourceFile | None:
    from pleitbrief.drafts import load_draft

    draft, _problems = load_draft(draft_path)
    template = loaded.templates.get(draft.template) if draft else None
    if template is None or template.builtin:
        return None
    return scan_markdown(template.file, "template", template.name)


# --- superseded sources ----------------------------------------------------------------


def newest(library: Library, key: str) -> tuple[list[str], Problem | None]:
    """The chain of keys ``key`` is superseded by, newest last; and what is wrong with it."""
    chain: list[str] = []
    current = library.entries[key]
    while current.get("supersededby").strip():
        newer = current.get("supersededby").strip()
        if newer == key or newer in chain:
            message = f"supersededby of {current.key!r} goes round in a circle ({newer!r})"
            return chain, warning(current.file, current.line, "superseded-cycle", message)
        if newer not in library:
            hint = [k for k in library.suggest(newer) if k != current.key and k not in chain]
            extra = f"; did you mean {hint[0]!r}?" if hint else ""
            message = f"{current.key!r} is superseded by {newer!r}, which is not in the library"
            return chain, warning(current.file, current.line, "superseded-unknown", message + extra)
        chain.append(newer)
        current = library.entries[newer]
    return chain, None


def superseded_problems(sources: Iterable[SourceFile], library: Library) -> list[Problem]:
    """A warning at every citation of a superseded entry; the broken chains at the entry."""
    problems: list[Problem] = []
    chains: dict[str, list[str]] = {}
    for entry in library:
        if entry.get("supersededby").strip():
            chain, problem = newest(library, entry.key)
            chains[entry.key] = chain
            if problem is not None and problem not in problems:
                problems.append(problem)
    for source in sources:
        for occurrence in source.occurrences:
            newer = chains.get(occurrence.key)
            if not newer:
                continue
            latest = library.entries[newer[-1]]
            via = f" (by way of {', '.join(repr(k) for k in newer[:-1])})" if newer[1:] else ""
            message = (
                f"{occurrence.key!r} is superseded by {latest.key!r}{via}: "
                f"{describe(latest)}; cite the newer source"
            )
            place = occurrence.place
            problems.append(warning(place.file, place.line, "superseded", message, col=place.col))
    return problems


def describe(entry: Entry) -> str:
    """``«title», 2023-03-31`` — enough to recognise a source by."""
    title = " ".join((entry.title or entry.get("shorttitle") or entry.key).split())
    return f"«{title}»" + (f", {entry.date.iso()}" if entry.date else "")


# --- blocks not reviewed for long ----------------------------------------------------------


def review_problems(
    blocks: Iterable[Block], settings: Settings, today: dt.date | None = None
) -> list[Problem]:
    if settings.review_months == 0:
        return []
    limit = months_before(today or dt.date.today(), settings.review_months)
    problems = []
    for block in blocks:
        if block.reviewed is None or block.reviewed >= limit:
            continue
        message = (
            f"block {block.id!r} was last reviewed on {block.reviewed.isoformat()}, more than "
            f"{settings.review_months} months ago: check its facts and sources, then update "
            "'reviewed'"
        )
        problems.append(warning(block.file, _reviewed_line(block), "review-due", message))
    return problems


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (the month's last day if it has fewer)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    return dt.date(year, month, 28)


def _reviewed_line(block: Block) -> int:
    """The line of ``reviewed:`` in the block's front matter."""
    try:
        lines = block.file.read_text(encoding="utf-8").split("\n")[: block.body_line - 1]
    except (OSError, UnicodeDecodeError):
        return 1
    return next((n for n, line in enumerate(lines, 1) if _REVIEWED.match(line)), 1)


# --- entries that cannot make a full footnote ------------------------------------------


def entry_problems(entry: Entry) -> list[Problem]:
    """What the entry lacks for the footnote its citations make."""
    missing: list[tuple[str, str]] = []
    paper = entry.get("type").strip().lower()
    if paper in PAPER_TYPES:
        needs = ["number", "dossier" if paper == "kamerstuk" else "session"]
        lacking = [name for name in needs if not entry.get(name).strip()]
        if lacking:
            what = " and ".join(repr(name) for name in lacking)
            article = "an" if paper[0] in "aeiou" else "a"
            missing.append(("entry-no-number", f"no {what} (needed for {article} {paper})"))
    else:
        if not (entry.title.strip() or entry.get("shorttitle").strip()):
            missing.append(("entry-no-title", "no title"))
        if entry.date is None:
            missing.append(("entry-no-date", "no date (date, or year)"))
    if entry.type in ONLINE_TYPES and not entry.get("url").strip():
        missing.append(("entry-no-url", f"an @{entry.type} source without url"))
    return [
        warning(entry.file, entry.line, code, f"{entry.key!r} has {what}") for code, what in missing
    ]


def archive_problems(library: Library, cited: Iterable[str]) -> list[Problem]:
    """Information at each cited web source with no archived copy."""
    problems = []
    for key in sorted(cited):
        entry = library.get(key)
        if entry is None or entry.get("type").strip().lower() in PAPER_TYPES:
            continue
        if entry.get("url").strip() and not entry.get("archiveurl").strip():
            message = f"{key!r} is cited but has no archiveurl (a copy in a web archive)"
            problems.append(info(entry.file, entry.line, "no-archive", message))
    return problems


# --- the draft's links option ----------------------------------------------------------------


def links_problems(draft_path: Path) -> list[Problem]:
    from pleitbrief.drafts import load_draft
    from pleitbrief.yamlread import key_line

    draft, _problems = load_draft(draft_path)
    if draft is None or not isinstance(draft.data, dict) or "links" not in draft.data:
        return []
    value = draft.data.get("links")
    if value in LINK_CHOICES:
        return []
    message = f"links must be {' or '.join(LINK_CHOICES)}, not {value!r}; using 'original'"
    return [warning(draft_path, key_line(draft.data, "links", 1), "draft-links", message)]
