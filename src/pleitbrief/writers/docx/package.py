"""The zip container of a .docx (Open Packaging Conventions, ECMA-376 part 2): parts,
the relationships between them, their content types; read from bytes, saved as bytes.

The writer lays out all XML itself and needs only this much of a package: open the
reference document, find its parts by relationship, add or replace a few, and save.
python-docx did it before, but importing python-docx costs more than a short letter's
writing (its ``__init__`` registers some 150 XML element classes).

As in python-docx, a package is what its relationships reach: parts are read by walking
them from the package's own (``_rels/.rels``), and saved the same way, so a part whose
last relationship was dropped is not written. ``[Content_Types].xml`` is made anew on
saving from the content type of each part written.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from io import BytesIO
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from pleitbrief.records import record
from pleitbrief.writers.docx.ooxml import CT, parse_xml

__all__ = ["Package", "PackageError", "Part", "Relationship", "Relationships"]

_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_CONTENT_TYPES = "[Content_Types].xml"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""The date of every zip member, as Word writes it: the same letter gives the same file."""


class PackageError(ValueError):
    """A zip file that is not a package: no content types, a part missing or untyped."""


@record
class Relationship:
    """One relationship from a part (or the package) to a part or an external resource."""

    rid: str
    """Its id (``rId3``), by which the source's XML refers to it (``r:id``)."""
    reltype: str
    """What the target is to the source: a URI of :class:`~.ooxml.RT`."""
    target: Part | str
    """The part related to, or the URL of an external target (a hyperlink)."""

    @property
    def is_external(self) -> bool:
        return isinstance(self.target, str)


class Relationships(dict[str, Relationship]):
    """The relationships of one source by id, in the order they are written."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base
        """The folder of the source, which the targets it writes are relative to."""

    def add(self, rid: str, reltype: str, target: Part | str) -> Relationship:
        rel = self[rid] = Relationship(rid, reltype, target)
        return rel

    def related(self, reltype: str) -> Part | None:
        """The first part related by ``reltype``, if any."""
        for rel in self.values():
            if rel.reltype == reltype and isinstance(rel.target, Part):
                return rel.target
        return None

    def relate_to(self, target: Part, reltype: str) -> str:
        """The id of the relationship to ``target`` by ``reltype``, added if there is none."""
        for rel in self.values():
            if rel.reltype == reltype and rel.target is target:
                return rel.rid
        return self.add(self.next_rid(), reltype, target).rid

    def replace(self, reltype: str, target: Part) -> None:
        """Relate to ``target`` by ``reltype`` in place of the part related that way
        before (keeping the relationship's id), so there is never a second one."""
        for rel in list(self.values()):
            if rel.reltype == reltype and not rel.is_external:
                del self[rel.rid]
                self.add(rel.rid, reltype, target)
                return
        self.relate_to(target, reltype)

    def next_rid(self) -> str:
        """The first free ``rIdN`` (as python-docx numbers, so ids match its output)."""
        n = 1
        while f"rId{n}" in self:
            n += 1
        return f"rId{n}"

    def xml(self) -> bytes:
        """The ``.rels`` part of the source."""
        root = etree.Element(f"{{{_RELS_NS}}}Relationships", nsmap={None: _RELS_NS})
        for rel in self.values():
            target = rel.target if isinstance(rel.target, str) else self._ref(rel.target)
            node = etree.SubElement(root, f"{{{_RELS_NS}}}Relationship")
            node.set("Id", rel.rid)
            node.set("Type", rel.reltype)
            node.set("Target", target)
            if rel.is_external:
                node.set("TargetMode", "External")
        return serialize(root)

    def _ref(self, part: Part) -> str:
        if self.base == "/":
            return part.partname[1:]
        return posixpath.relpath(part.partname, self.base)


class _Source:
    """A part or the package: what relationships go from."""

    rels: Relationships

    def part_related_by(self, reltype: str) -> Part:
        """The part related by ``reltype``.

        Raises:
            KeyError: there is none.
        """
        part = self.rels.related(reltype)
        if part is None:
            raise KeyError(f"no relationship of type {reltype}")
        return part

    def relate_to(self, target: Part, reltype: str) -> str:
        return self.rels.relate_to(target, reltype)

    def related_or_new(self, reltype: str, partname: str, content_type: str, xml: str) -> Part:
        """The part related by ``reltype``; if there is none, a new part named ``partname``
        whose XML is ``xml``, related so (the writer then adds to it what it needs)."""
        part = self.rels.related(reltype)
        if part is None:
            part = Part(partname, content_type, element=parse_xml(xml))
            self.relate_to(part, reltype)
        return part


class Part(_Source):
    """A part of the package: its name, content type and bytes, or XML tree."""

    def __init__(
        self, partname: str, content_type: str, blob: bytes = b"", element: Any = None
    ) -> None:
        self.partname = partname
        """Its absolute name in the package, ``/word/document.xml``."""
        self.content_type = content_type
        self.rels = Relationships(posixpath.dirname(partname))
        self._blob = blob
        self._element = element

    @property
    def is_xml(self) -> bool:
        return self.content_type.endswith(("+xml", "/xml"))

    @property
    def element(self) -> Any:
        """The root of the part's XML, parsed on first use; saved as it is then.

        Raises:
            TypeError: the part is not XML (an image).
            lxml.etree.XMLSyntaxError: the part is not well-formed.
        """
        if self._element is None:
            if not self.is_xml:
                raise TypeError(f"{self.partname} is {self.content_type}, not XML")
            self._element = parse_xml(self._blob)
        return self._element

    @property
    def blob(self) -> bytes:
        """The part as saved: the bytes read, or its XML if that was used."""
        return self._blob if self._element is None else serialize(self._element)

    def __repr__(self) -> str:
        return f"Part({self.partname!r}, {self.content_type!r})"


class Package(_Source):
    """A package: its relationships lead to its parts."""

    def __init__(self, defaults: dict[str, str] | None = None) -> None:
        self.rels = Relationships("/")
        self._defaults = dict(defaults or {})
        """The source's content types by extension, kept for the parts that still use them."""

    @classmethod
    def from_bytes(cls, data: bytes) -> Package:
        """The package in ``data``, a zip file.

        Raises:
            PackageError: not a zip file, or not a package.
            lxml.etree.XMLSyntaxError: its content types or relationships are not XML.
        """
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                members = {
                    info.filename: archive.read(info)
                    for info in archive.infolist()
                    if not info.is_dir()
                }
        except zipfile.BadZipFile as exc:
            raise PackageError(f"not a zip file ({exc})") from exc
        return _read(members)

    def iter_parts(self) -> Iterator[Part]:
        """Each part reached from the package's relationships, once, depth first."""
        seen: set[int] = set()
        stack = [iter(self.rels.values())]
        while stack:
            rel = next(stack[-1], None)
            if rel is None:
                stack.pop()
            elif isinstance(rel.target, Part) and id(rel.target) not in seen:
                seen.add(id(rel.target))
                yield rel.target
                stack.append(iter(list(rel.target.rels.values())))

    def save(self) -> bytes:
        """The package as the bytes of a zip file: content types first, then the
        package's relationships, then each part followed by its own."""
        parts = list(self.iter_parts())
        _unique_names(parts)
        out = BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            _write(archive, _CONTENT_TYPES, self._content_types(parts))
            _write(archive, _rels_name("/"), self.rels.xml())
            for part in parts:
                _write(archive, part.partname, part.blob)
                if part.rels:
                    _write(archive, _rels_name(part.partname), part.rels.xml())
        return out.getvalue()

    def _content_types(self, parts: list[Part]) -> bytes:
        """``[Content_Types].xml`` for ``parts``: an extension's default where the source
        had one that still fits, an override for every other part."""
        defaults = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML}
        overrides: dict[str, str] = {}
        for part in parts:
            ext = _extension(part.partname)
            if defaults.get(ext) == part.content_type:
                continue
            if ext not in defaults and self._defaults.get(ext) == part.content_type:
                defaults[ext] = part.content_type
            else:
                overrides[part.partname] = part.content_type
        root = etree.Element(f"{{{_TYPES_NS}}}Types", nsmap={None: _TYPES_NS})
        for ext, content_type in sorted(defaults.items()):
            node = etree.SubElement(root, f"{{{_TYPES_NS}}}Default", Extension=ext)
            node.set("ContentType", content_type)
        for name, content_type in sorted(overrides.items()):
            node = etree.SubElement(root, f"{{{_TYPES_NS}}}Override", PartName=name)
            node.set("ContentType", content_type)
        return serialize(root)


def serialize(element: Any) -> bytes:
    """An XML part as Word writes it: UTF-8, declared standalone, no added whitespace."""
    return bytes(etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True))


def _read(members: dict[str, bytes]) -> Package:
    """The package of the zip ``members`` (by name): every part its relationships reach."""
    types = members.get(_CONTENT_TYPES)
    if types is None:
        raise PackageError(f"no {_CONTENT_TYPES}")
    root = parse_xml(types)
    defaults: dict[str, str] = {
        node.get("Extension", "").lower(): node.get("ContentType", "")
        for node in root.iterfind(f"{{{_TYPES_NS}}}Default")
    }
    overrides: dict[str, str] = {
        node.get("PartName", "").lower(): node.get("ContentType", "")
        for node in root.iterfind(f"{{{_TYPES_NS}}}Override")
    }

    def content_type(name: str) -> str:
        found = overrides.get(name.lower()) or defaults.get(_extension(name))
        if found is None:
            raise PackageError(f"no content type for {name} in {_CONTENT_TYPES}")
        return found

    package = Package(defaults)
    parts: dict[str, Part] = {}
    pending: list[tuple[str, Relationships]] = [("/", package.rels)]
    while pending:
        source, rels = pending.pop()
        data = members.get(_rels_name(source)[1:])
        for node in parse_xml(data).iterfind(f"{{{_RELS_NS}}}Relationship") if data else ():
            rid, reltype, ref = node.get("Id"), node.get("Type"), node.get("Target")
            if rid is None or reltype is None or ref is None:
                raise PackageError(f"a relationship of {source} without id, type or target")
            if node.get("TargetMode") == "External":
                rels.add(rid, reltype, ref)
                continue
            name = posixpath.normpath(posixpath.join(rels.base, ref))
            part = parts.get(name)
            if part is None:
                blob = members.get(name[1:])
                if blob is None:
                    raise PackageError(f"no part {name}, which {source} relates to")
                part = parts[name] = Part(name, content_type(name), blob)
                pending.append((name, part.rels))
            rels.add(rid, reltype, part)
    return package


def _unique_names(parts: list[Part]) -> None:
    """Rename any part that has the name of one before it (``/word/styles2.xml``).

    A part added where the reference has one of that name, still related from
    elsewhere, would otherwise overwrite it in the zip. Renaming is safe: parts are found
    by relationships, whose targets are written from the names as they are on saving.
    """
    taken: set[str] = set()
    for part in parts:
        stem, ext = posixpath.splitext(part.partname)
        name, n = part.partname, 1
        while name.lower() in taken:  # part names are case-insensitive (ECMA-376 2, §9.1.1.1)
            n += 1
            name = f"{stem}{n}{ext}"
        part.partname = name
        taken.add(name.lower())


def _write(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name.lstrip("/"), date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16  # what zipfile gives a member written by name
    archive.writestr(info, data)


def _rels_name(partname: str) -> str:
    """The name of the part holding ``partname``'s relationships (``/`` for the package)."""
    folder, name = posixpath.split(partname)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _extension(partname: str) -> str:
    return posixpath.splitext(partname)[1][1:].lower()
