"""Document properties: title, author and language, for Word's File ▸ Info and its
spelling checker.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from docx.opc.coreprops import CoreProperties

from pleitbrief.markup.model import Metadata
from pleitbrief.writers.docx.ooxml import clean, qn

__all__ = ["language_tag", "reset_proofing", "set_core_properties"]

_REGIONS = {"nl": "nl-NL", "en": "en-GB"}
_LIMIT = 255
"""python-docx refuses longer core property values (Word shows no more either)."""


def language_tag(lang: str) -> str:
    """The Word language of ``lang``: ``nl`` → ``nl-NL``, ``en`` → ``en-GB``."""
    lang = clean(lang).strip() or "nl"
    return _REGIONS.get(lang.lower(), lang)


def set_core_properties(props: CoreProperties, meta: Metadata) -> None:
    """The letter's own properties; none of the reference document's are kept."""
    author = _value(meta.author)
    props.title = _value(meta.title)
    props.author = author
    props.last_modified_by = author
    props.language = language_tag(meta.lang)
    for name in (
        "subject",
        "keywords",
        "comments",
        "category",
        "content_status",
        "identifier",
        "version",
    ):
        setattr(props, name, "")
    props.revision = 1
    props.created = props.modified = _now()


def reset_proofing(settings: Any) -> None:
    """The text is new: drop the reference's note that its spelling was checked."""
    for state in settings.findall(qn("w:proofState")):
        settings.remove(state)


def _value(text: str) -> str:
    return " ".join(clean(text).split())[:_LIMIT]


def _now() -> dt.datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` for reproducible output (as pandoc does)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(tzinfo=None)
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
