"""Build ``src/pleitbrief/cite/citeproc/collation.bin``, the table behind ``collate.py``.

    .venv/bin/python tools/build_collation_table.py [ALLKEYS] [TAILORINGS]

pandoc's ``--citeproc`` sorts with the Haskell ``unicode-collation`` package, which carries
the Default Unicode Collation Element Table (DUCET) of Unicode **13.0.0** and, per
language, CLDR 38.1 tailorings already compiled into DUCET 13 weights. ``collate.py`` must
use the very same weights, so this script turns those two sources into one compact file:

ALLKEYS
    ``allkeys.txt`` of UCA 13.0.0. Debian's ``perl-modules-5.36`` installs exactly that
    version as ``/usr/share/perl/5.36.0/Unicode/Collate/allkeys.txt`` (the default here);
    the Unicode site has it as ``Public/UCA/13.0.0/allkeys.txt``. The script refuses any
    other version: the tailorings' weights are only valid against 13.0.0.
TAILORINGS
    ``tools/collation_tailorings.txt`` (the default): the tailoring tables of
    ``unicode-collation``'s ``data/tailorings/*.txt`` for the languages pleitbrief
    ships, each after an ``@tailoring TAG`` line, in allkeys syntax (its header says
    where they come from).

The output holds every code point and contraction of DUCET, grouped by 256-code-point
page and each page zlib-compressed, so ``collate.py`` reads only the pages a text touches
(importing it reads nothing). Layout, all integers little-endian ``uint32``:

- ``b"PBUCA13\\0"``, then the number of pages and of tailorings;
- per page: page number, offset, length of its compressed blob;
- per tailoring: offset and length of its tag (ASCII) and of its compressed blob;
- the blobs. A page blob is 256 bytes (the number of collation elements of each code
  point of the page, 0 if DUCET has none) followed by ``uint32`` words: the elements of
  those code points in order, then the contractions that start in the page as entries.
  A tailoring blob is entries only, single code points and contractions alike. An entry
  is ``len(code points) << 8 | len(elements)``, the code points, the elements. An element
  packs ``primary << 16 | variable << 14 | secondary << 5 | tertiary``.

The output is the same bytes for the same inputs. Run the script again when pandoc moves
to a ``unicode-collation`` with other data, then ``tests/cite/citeproc/test_collate.py``,
which sorts against pandoc.
"""

from __future__ import annotations

import re
import struct
import sys
import zlib
from array import array
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "pleitbrief" / "cite" / "citeproc" / "collation.bin"
DEFAULT_ALLKEYS = Path("/usr/share/perl/5.36.0/Unicode/Collate/allkeys.txt")
DEFAULT_TAILORINGS = ROOT / "tools" / "collation_tailorings.txt"
MAGIC = b"PBUCA13\0"
VERSION = "13.0.0"

_ELEMENT = re.compile(r"\[([.*])([0-9A-Fa-f]{4})\.([0-9A-Fa-f]{4})\.([0-9A-Fa-f]{4})\]")

Entry = tuple[tuple[int, ...], list[int]]


def parse_line(line: str) -> Entry | None:
    """One ``code points ; [elements]`` line as (code points, packed elements)."""
    line = line.split("#", 1)[0].strip()
    if not line or line.startswith("@") or ";" not in line:
        return None
    points, elements = line.split(";", 1)
    packed = [
        int(primary, 16) << 16 | (star == "*") << 14 | int(secondary, 16) << 5 | int(tertiary, 16)
        for star, primary, secondary, tertiary in _ELEMENT.findall(elements)
    ]
    return tuple(int(p, 16) for p in points.split()), packed


def read_allkeys(path: Path) -> list[Entry]:
    text = path.read_text(encoding="utf-8")
    version = re.search(r"^@version\s+(\S+)", text, re.MULTILINE)
    if version is None or version.group(1) != VERSION:
        raise SystemExit(f"{path}: not allkeys.txt {VERSION} (unicode-collation's version)")
    return [entry for line in text.splitlines() if (entry := parse_line(line))]


def read_tailorings(path: Path) -> dict[str, list[Entry]]:
    """Each ``@tailoring TAG``'s entries; ``@tailoring TAG = OTHER`` shares OTHER's."""
    tailorings: dict[str, list[Entry]] = {}
    aliases: dict[str, str] = {}
    current: list[Entry] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("@tailoring "):
            tag, _, other = line.removeprefix("@tailoring ").partition("=")
            current = tailorings.setdefault(tag.strip(), [])
            if other:
                aliases[tag.strip()] = other.strip()
        elif (entry := parse_line(line)) is not None:
            if current is None:
                raise SystemExit(f"{path}: entry before the first @tailoring")
            current.append(entry)
    for tag, other in aliases.items():
        tailorings[tag] = tailorings[other]
    return tailorings


def entry_words(entries: list[Entry]) -> array[int]:
    words = array("I")
    for points, elements in entries:
        words.append(len(points) << 8 | len(elements))
        words.extend(points)
        words.extend(elements)
    return words


def page_blobs(entries: list[Entry]) -> dict[int, bytes]:
    singles: dict[int, list[int]] = {}
    contractions: dict[int, list[Entry]] = defaultdict(list)
    for points, elements in entries:
        if len(points) == 1:
            singles[points[0]] = elements
        else:
            contractions[points[0] >> 8].append((points, elements))
    blobs: dict[int, bytes] = {}
    for page in sorted({cp >> 8 for cp in singles} | set(contractions)):
        counts = bytearray(256)
        words = array("I")
        for low in range(256):
            elements = singles.get(page << 8 | low, [])
            counts[low] = len(elements)
            words.extend(elements)
        words.extend(entry_words(contractions[page]))
        blobs[page] = zlib.compress(bytes(counts) + little_endian(words), 9)
    return blobs


def little_endian(words: array[int]) -> bytes:
    if sys.byteorder == "big":
        words = array("I", words)
        words.byteswap()
    return words.tobytes()


def build(allkeys: list[Entry], tailorings: dict[str, list[Entry]]) -> bytes:
    pages = page_blobs(allkeys)
    tails = {tag: zlib.compress(little_endian(entry_words(e)), 9) for tag, e in tailorings.items()}
    head_size = len(MAGIC) + 8 + 12 * len(pages) + 16 * len(tails)
    header = bytearray(MAGIC + struct.pack("<II", len(pages), len(tails)))
    body = bytearray()
    for page, blob in pages.items():
        header += struct.pack("<III", page, head_size + len(body), len(blob))
        body += blob
    for tag, blob in tails.items():
        name = tag.encode("ascii")
        name_at = head_size + len(body)
        body += name
        header += struct.pack("<IIII", name_at, len(name), head_size + len(body), len(blob))
        body += blob
    assert len(header) == head_size
    return bytes(header + body)


def main(argv: list[str]) -> int:
    allkeys = Path(argv[0]) if argv else DEFAULT_ALLKEYS
    tailorings = Path(argv[1]) if len(argv) > 1 else DEFAULT_TAILORINGS
    data = build(read_allkeys(allkeys), read_tailorings(tailorings))
    OUT.write_bytes(data)
    print(f"{len(data):,} bytes into {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
