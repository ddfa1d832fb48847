"""A workspace to cite in, rename in and check: blocks, a letter template, drafts."""

from __future__ import annotations

import textwrap
from pathlib import Path

from pleitbrief.pipeline import LoadedWorkspace
from pleitbrief.workspace import load_workspace

LIBRARY = """\
@online{nos-2022,
  title = {Reservisten melden zich},
  journaltitle = {NOS},
  date = {2022-09-22},
  url = {https://nos.nl/artikel/1},
}

@online{nos-2022-extra,
  title = {Een ander bericht},
  journaltitle = {NOS},
  date = {2022-09-23},
  url = {https://nos.nl/artikel/2},
}

@report{rapport-2022,
  title = {Rapport 2022},
  institution = {Ministerie},
  date = {2022-03-31},
  supersededby = {rapport-2023},
}

@report{rapport-2023,
  title = {Rapport 2023},
  institution = {Ministerie},
  date = {2023-03-31},
}
"""

BLOCK = """\
---
title: Een blok
reviewed: {reviewed}
variables:
  bron:
    label: Bron
    default: "volgens NOS [@nos-2022]"
---
Tekst met een bron [@nos-2022] en [zie @nos-2022, p. 3; @rapport-2022].
Geen citaat: info@nos-2022.nl, `[@nos-2022]` en een losse @nos-2022.
Wel: [@{{nos-2022}}] en [@nos-2022-extra].
"""

TEMPLATE = """\
---
title: Eigen brief
fields:
  subject: {label: Onderwerp}
sections:
  body: {label: Tekst}
---
Onderwerp: {{ subject }} [@nos-2022]

{{ sections.body }}
"""

DRAFT = """\
template: eigen
fields:
  subject: "Bron in een veld [@rapport-2022]"
sections:
  body:
    - block: thema/blok
      vars: {bron: "zie [@nos-2022]"}
    - text: |
        Vrije tekst [@nos-2022] en
        nog een regel [@rapport-2022; @nos-2022].
    - text: Een korte regel [@nos-2022]
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def make_workspace(root: Path, reviewed: str = "2023-01-10", extra_toml: str = "") -> Path:
    write(
        root / "pleitbrief.toml",
        f'[workspace]\nlang = "nl"\nstyle = "pleitbrief-nl"\n{extra_toml}',
    )
    write(root / "references" / "bronnen.bib", LIBRARY)
    write(root / "templates" / "blocks" / "thema" / "blok.md", BLOCK.format(reviewed=reviewed))
    write(root / "templates" / "letters" / "eigen.md", TEMPLATE)
    write(root / "drafts" / "brief.yaml", DRAFT)
    return root


def load(root: Path) -> LoadedWorkspace:
    return LoadedWorkspace.load(load_workspace(root))


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")
