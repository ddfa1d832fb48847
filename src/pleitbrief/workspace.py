"""The workspace: a folder with ``pleitbrief.toml`` and the layout of SPEC §2."""

from __future__ import annotations

import re
import tomllib
from dataclasses import field
from pathlib import Path
from typing import Any

from pleitbrief.i18n import SUPPORTED_LANGS
from pleitbrief.problems import PleitbriefError, Problem, error, warning
from pleitbrief.records import record

CONFIG_NAME = "pleitbrief.toml"


@record
class Workspace:
    root: Path
    lang: str = "nl"
    style: str | None = None
    """The citation style; None: the house style of each document's language."""
    library_dirs: list[Path] = field(default_factory=list)
    """Absolute library folders; every ``*.bib`` in them forms one library."""
    organisation: dict[str, Any] = field(default_factory=dict)
    reference_doc: Path | None = None
    problems: list[Problem] = field(default_factory=list)
    """Problems found in ``pleitbrief.toml`` itself."""

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def blocks_dir(self) -> Path:
        return self.root / "templates" / "blocks"

    @property
    def letters_dir(self) -> Path:
        return self.root / "templates" / "letters"

    @property
    def drafts_dir(self) -> Path:
        return self.root / "drafts"


def find_workspace_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding ``pleitbrief.toml``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def open_workspace(explicit: Path | None, cwd: Path | None = None) -> Workspace:
    """The workspace given with ``-w`` or found by walking up from ``cwd``.

    Raises:
        PleitbriefError: no workspace there.
    """
    if explicit is not None:
        root = explicit.resolve()
        if not (root / CONFIG_NAME).is_file():
            raise PleitbriefError(
                [error(root, 0, "no-workspace", f"{root} holds no {CONFIG_NAME}")]
            )
    else:
        found = find_workspace_root(cwd or Path.cwd())
        if found is None:
            raise PleitbriefError(
                [
                    error(
                        None,
                        0,
                        "no-workspace",
                        f"no {CONFIG_NAME} here or in any parent folder "
                        "(make one with 'pleitbrief init DIR', or pass -w DIR)",
                    )
                ]
            )
        root = found
    return load_workspace(root)


_TOML_PLACE = re.compile(r"\(at line (\d+), column (\d+)\)")


def load_workspace(root: Path) -> Workspace:
    config = root / CONFIG_NAME
    workspace = Workspace(root=root, library_dirs=[root / "references"])
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        place = _TOML_PLACE.search(str(exc))
        line, col = (int(place.group(1)), int(place.group(2))) if place else (1, 1)
        message = _TOML_PLACE.sub("", str(exc)).strip()
        workspace.problems.append(error(config, line, "toml-syntax", message, col=col))
        return workspace
    except (OSError, UnicodeDecodeError) as exc:
        workspace.problems.append(error(config, 0, "unreadable", f"cannot read: {exc}"))
        return workspace

    settings = data.get("workspace", {})
    if not isinstance(settings, dict):
        workspace.problems.append(error(config, 1, "config", "[workspace] must be a table"))
        settings = {}
    lang = settings.get("lang", "nl")
    if lang not in SUPPORTED_LANGS:
        workspace.problems.append(
            warning(
                config,
                line_of(config, "lang"),
                "config",
                f"language {lang!r} has no wording of its own; using it as a locale anyway",
            )
        )
    workspace.lang = str(lang)
    workspace.style = str(settings["style"]) if settings.get("style") else None
    libraries = settings.get("libraries", ["references"])
    if isinstance(libraries, str):
        libraries = [libraries]
    workspace.library_dirs = [(root / str(lib)).resolve() for lib in libraries]
    if settings.get("reference_doc"):
        workspace.reference_doc = (root / str(settings["reference_doc"])).resolve()
    organisation = data.get("organisation", {})
    workspace.organisation = dict(organisation) if isinstance(organisation, dict) else {}
    return workspace


def line_of(config: Path, key: str) -> int:
    """The line of ``key = …`` in the TOML file (tomllib keeps no positions)."""
    try:
        for number, text in enumerate(config.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(rf"\s*{re.escape(key)}\s*=", text):
                return number
    except OSError:
        pass
    return 1
