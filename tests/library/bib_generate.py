"""A generated library of realistic entries, for the speed check and by hand.

``python tests/library/bib_generate.py 10000 > big.bib`` writes one; ``… bench`` times
parsing 10,000 entries in this process (cold: nothing cached from an earlier run).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

_TITLES = (
    "{{NOS}}: Eerste {{Russische}} reservisten melden zich, opvallend druk aan grenzen",
    "Baltic nations say they will refuse refuge to {{Russians}} fleeing mobilisation",
    "Partial mobilisation in {{Russia}}: what we know",
    "Частичная мобилизация в России",
    "Asylbeleid voor dienstweigeraars",
    "Kamerbrief over de situatie in Rusland",
    "Caf{\\'e} {\\\"o}ffentlich -- a survey of {\\ss}ome \\textit{accents}",
    "The {$\\alpha$} and \\enquote{omega} of \\mkbibquote{policy}",
    "Plain title without any markup at all",
)
_AUTHORS = (
    "van Dijk, Jasper",
    "{Stichting Free Russia NL}",
    "Smith, John and de la Fontaine, Jean",
    'M{\\"u}ller, J{\\"o}rg and Ivanova, Anna',
    "{NOS Nieuws}",
)


def entry(i: int) -> str:
    """One entry; every fifth holds LaTeX, the rest are plain or braced only."""
    title = _TITLES[i % len(_TITLES)]
    author = _AUTHORS[i % len(_AUTHORS)]
    month = ("sep", "{September}", "9")[i % 3]
    return (
        f"@online{{key-{i:05d},\n"
        f"  title = {{{title} {i}}},\n"
        f"  author = {{{author}}},\n"
        f"  journaltitle = outlet # {{ Nieuws}},\n"
        f"  date = {{2022-09-{1 + i % 28:02d}}},\n"
        f"  month = {month},\n"
        f"  url = {{https://example.org/artikel/{i}-a_b%20c}},\n"
        f"  urldate = {{2023-01-10}},\n"
        f"  langid = {{dutch}},\n"
        f"  keywords = {{mobilisatie, asiel}},\n"
        f"}}\n"
    )


def library_text(count: int) -> str:
    header = '% generated\n@string{outlet = "NOS"}\n\n'
    return header + "\n".join(entry(i) for i in range(count))


def bench(count: int = 10_000) -> float:
    """Seconds to parse a generated file of ``count`` entries, nothing cached beforehand."""
    from pleitbrief.library.bibtex import parse_bib_string

    text = library_text(count)
    start = time.perf_counter()
    entries, problems = parse_bib_string(text, Path("big.bib"))
    seconds = time.perf_counter() - start
    assert len(entries) == count and not problems, problems[:3]
    return seconds


if __name__ == "__main__":
    if sys.argv[1:2] == ["bench"]:
        print(f"{bench():.2f} s for 10,000 entries")
    else:
        sys.stdout.write(library_text(int(sys.argv[1]) if sys.argv[1:] else 10_000))
