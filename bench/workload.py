"""A synthetic campaign: N numbered points with two citation groups each, over M entries.

The same letter is written twice: as a pleitbrief workspace (draft + library) and as
pandoc Markdown + .bib, so both programs do the same work.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

_OUTLETS = ("NOS", "Reuters", "NRC", "de Volkskrant", "Meduza", "Trouw", "EenVandaag")
_TOPICS = (
    "mobilisatie", "dienstweigering", "asielbeleid", "grensbewaking", "repressie",
    "LHBTI-rechten", "ambtsbericht", "moratorium",
)
_WORDS = (
    "Russische", "reservisten", "melden", "zich", "grenzen", "kabinet", "beleid", "vluchtelingen",
    "Kamer", "brief", "oorlog", "Oekraïne", "staatssecretaris", "besluit", "verlenging",
)


def _title(rng: random.Random, i: int) -> str:
    words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(4, 9)))
    if i % 7 == 0:  # some LaTeX, as Zotero exports carry it
        words += " {\\\"o}ver {\\'e}{\\ss}"
    return f"{words.capitalize()} {rng.choice(_TOPICS)} ({i})"


def entry(rng: random.Random, i: int) -> str:
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    kind = i % 10
    if kind == 9:  # a parliamentary paper
        return (
            f"@misc{{ref-{i:05d},\n  title = {{{_title(rng, i)}}},\n  type = {{kamerstuk}},\n"
            f"  dossier = {{{19000 + i % 900}}},\n  number = {{{i}}},\n"
            f"  date = {{2022-{month:02d}-{day:02d}}},\n}}\n"
        )
    if kind == 8:  # a report by an organisation
        return (
            f"@report{{ref-{i:05d},\n  title = {{{_title(rng, i)}}},\n"
            f"  author = {{{{Ministerie van Buitenlandse Zaken}}}},\n"
            f"  institution = {{Ministerie van Buitenlandse Zaken}},\n"
            f"  date = {{2023-{month:02d}-{day:02d}}},\n"
            f"  url = {{https://example.org/rapport/{i}}},\n  langid = {{dutch}},\n}}\n"
        )
    return (
        f"@online{{ref-{i:05d},\n  title = {{{_title(rng, i)}}},\n"
        f"  author = {{Jansen, Pieter and van Dijk, Anna}},\n"
        f"  journaltitle = {{{rng.choice(_OUTLETS)}}},\n"
        f"  date = {{2022-{month:02d}-{day:02d}}},\n"
        f"  url = {{https://example.org/artikel/{i}-{rng.choice(_TOPICS)}}},\n"
        f"  urldate = {{2023-01-10}},\n  langid = {{dutch}},\n  keywords = {{nieuws}},\n}}\n"
    )


def point(rng: random.Random, n: int, keys: int) -> str:
    a, b, c = (f"ref-{rng.randrange(keys):05d}" for _ in range(3))
    return (
        f"Punt {n}: het kabinet stelt dat de situatie is veranderd [@{a}, p. {n % 40 + 1}], "
        f"maar uit recente berichten blijkt iets anders [@{b}; @{c}]."
    )


@dataclass(frozen=True)
class Workload:
    points: int
    entries: int
    root: Path

    @property
    def workspace(self) -> Path:
        return self.root / "ws"

    @property
    def draft(self) -> Path:
        return self.workspace / "drafts" / "letter.yaml"

    @property
    def bib(self) -> Path:
        return self.workspace / "references" / "library.bib"

    @property
    def pandoc_markdown(self) -> Path:
        return self.root / "letter.md"


def generate(points: int, entries: int, root: Path, seed: int = 1) -> Workload:
    rng = random.Random(seed)
    work = Workload(points, entries, root)
    (work.workspace / "references").mkdir(parents=True, exist_ok=True)
    (work.workspace / "drafts").mkdir(exist_ok=True)
    (work.workspace / "pleitbrief.toml").write_text(
        '[workspace]\nlang = "nl"\nstyle = "pleitbrief-nl"\n'
        '[organisation]\nname = "Stichting Free Russia NL"\n',
        encoding="utf-8",
    )
    work.bib.write_text("\n".join(entry(rng, i) for i in range(entries)), encoding="utf-8")
    texts = [point(rng, n, entries) for n in range(1, points + 1)]
    items = "\n".join(f"    - text: {text!r}" for text in texts).replace("'", '"')
    work.draft.write_text(
        "template: open-brief\nfields:\n  addressee: de Staatssecretaris\n"
        "  subject: Een lange brief\n  place: Amsterdam\n  date: 2023-01-10\n"
        "  signatories: [Stichting Free Russia NL]\nsections:\n  points:\n" + items + "\n",
        encoding="utf-8",
    )
    numbered = "\n".join(f"{n}. {text}" for n, text in enumerate(texts, 1))
    work.pandoc_markdown.write_text(
        "---\ntitle: Een lange brief\nlang: nl-NL\n---\n\n# Open brief aan de Staatssecretaris\n\n"
        "Amsterdam, 10 januari 2023\n\n" + numbered + "\n\nHoogachtend,\n\n"
        "Stichting Free Russia NL\n",
        encoding="utf-8",
    )
    return work
