"""Document properties: title, author and language, for Word's File ▸ Info and its
spelling checker.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from pleitbrief.markup.model import Metadata
from pleitbrief.writers.docx.ooxml import CT, NAMESPACES, RT, clean, nsdecls, qn, words
from pleitbrief.writers.docx.package import Package

__all__ = ["core_properties", "language_tag", "reset_proofing", "set_core_properties"]

_REGIONS = {"nl": "nl-NL", "en": "en-GB"}
_LIMIT = 255
"""The longest core property value Word shows (python-docx refused longer ones)."""

_EMPTY = words("""
    dc:subject cp:keywords dc:description cp:category cp:contentStatus dc:identifier cp:version
""")
"""Properties the reference document may have filled in that say nothing of the letter."""


def language_tag(lang: str) -> str:
    """The Word language of ``lang``: ``nl`` → ``nl-NL``, ``en`` → ``en-GB``."""
    lang = clean(lang).strip() or "nl"
    return _REGIONS.get(lang.lower(), lang)


def core_properties(package: Package) -> Any:
    """The ``cp:coreProperties`` element of ``package``, in a part added if it has none."""
    xml = f"<cp:coreProperties {nsdecls('cp', 'dc', 'dcterms', 'xsi')}/>"
    name, content_type = "/docProps/core.xml", CT.OPC_CORE_PROPERTIES
    return package.related_or_new(RT.CORE_PROPERTIES, name, content_type, xml).element


def set_core_properties(props: Any, meta: Metadata) -> None:
    """The letter's own properties in ``props`` (``cp:coreProperties``); none of the
    reference document's are kept. Each element is set where it is, or added at the end."""
    author = _value(meta.author)
    texts = {
        "dc:title": _value(meta.title),
        "dc:creator": author,
        "cp:lastModifiedBy": author,
        "dc:language": _value(language_tag(meta.lang)),
        **dict.fromkeys(_EMPTY, ""),
        "cp:revision": "1",
    }
    for tag, value in texts.items():
        _child(props, tag).text = value
    now = _now().strftime("%Y-%m-%dT%H:%M:%SZ")
    if NAMESPACES["xsi"] not in props.nsmap.values():
        # lxml cannot declare a prefix on an element that exists, but declares one for an
        # attribute set on it: so xsi is declared once, here, not on each date
        props.set(qn("xsi:x"), "")
        del props.attrib[qn("xsi:x")]
    for tag in ("dcterms:created", "dcterms:modified"):
        date = _child(props, tag)
        date.text = now
        date.set(qn("xsi:type"), "dcterms:W3CDTF")


def reset_proofing(settings: Any) -> None:
    """The text is new: drop the reference's note that its spelling was checked."""
    for state in settings.findall(qn("w:proofState")):
        settings.remove(state)


def _child(parent: Any, tag: str) -> Any:
    found = parent.find(qn(tag))
    if found is None:
        found = parent.makeelement(qn(tag))
        parent.append(found)
    return found


def _value(text: str) -> str:
    return " ".join(clean(text).split())[:_LIMIT]


def _now() -> dt.datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` for reproducible output (as pandoc does)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(tzinfo=None)
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
