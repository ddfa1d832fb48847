"""Copy the CSL locale files pandoc uses into ``src/pleitbrief/cite/citeproc/locales/``.

    .venv/bin/python tools/vendor_csl_locales.py [PANDOC]

The in-process CSL processor must write what pandoc writes, and the words it writes
("geraadpleegd op", "e.a.", month names) come from the CSL locale files. pandoc embeds its
own copies of them (from the CSL project's locales repository, at the version its
``citeproc`` library was built with); they are stored verbatim in the binary, so this script
finds each ``<locale …>…</locale>`` in it and writes them out, one file a language. Run it
again when ``pypandoc-binary`` brings a newer pandoc; ``tests/cite/citeproc/test_locale.py``
checks that the committed files are the ones the installed pandoc carries.

The locale files are the CSL project's work, under CC BY-SA 3.0 (see the folder's README).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "pleitbrief" / "cite" / "citeproc" / "locales"
_START = re.compile(rb'<locale xmlns="http://purl.org/net/xbiblio/csl"[^>]*xml:lang="([^"]+)"')


def embedded_locales(binary: bytes) -> dict[str, bytes]:
    """Each locale file in ``binary``, by language tag, from its XML declaration on."""
    found: dict[str, bytes] = {}
    for match in _START.finditer(binary):
        start = binary.rfind(b"<?xml", max(0, match.start() - 200), match.start())
        end = binary.index(b"</locale>", match.start()) + len(b"</locale>")
        begin = start if start >= 0 else match.start()
        found[match.group(1).decode()] = binary[begin:end] + b"\n"
    return found


def main(argv: list[str]) -> int:
    if argv:
        pandoc = Path(argv[0])
    else:
        from pleitbrief.cite.csl import pandoc_path

        found = pandoc_path()
        if found is None:
            print("no pandoc: pip install pypandoc-binary, or give its path", file=sys.stderr)
            return 1
        pandoc = Path(found)
    locales = embedded_locales(pandoc.read_bytes())
    OUT.mkdir(parents=True, exist_ok=True)
    for stale in OUT.glob("locales-*.xml"):
        stale.unlink()
    for lang, xml in sorted(locales.items()):
        (OUT / f"locales-{lang}.xml").write_bytes(xml)
    print(f"{len(locales)} locales from {pandoc} into {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
