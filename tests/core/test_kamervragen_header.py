"""The kamervragen header line must come out as the seeds (and SPEC §7) write it."""

from __future__ import annotations

import pytest

from pleitbrief.assemble import assemble
from pleitbrief.blocks import BlockLibrary
from pleitbrief.drafts import load_draft
from pleitbrief.letters import load_letter_templates
from pleitbrief.workspace import load_workspace

SEED_HEADER = (
    "Vragen van het lid Jasper van Dijk (SP) aan de Minister van Buitenlandse Zaken en de "
    "Staatssecretaris van Justitie en Veiligheid over de aangekondigde mobilisatie in Rusland "
    "(ingezonden 23 september 2022)."
)


def header(ws, members, addressees) -> str:
    path = ws.draft(
        "kv",
        f"""
        template: kamervragen
        fields:
          members: {members}
          addressees: {addressees}
          subject: over de aangekondigde mobilisatie in Rusland
          submitted: 2022-09-23
        sections:
          questions:
            - text: Deelt u onze zorg?
        """,
    )
    workspace = load_workspace(ws.root)
    draft, problems = load_draft(path)
    assert draft is not None and not problems
    template = load_letter_templates(None).get("kamervragen")
    assembled, problems = assemble(draft, template, BlockLibrary(), workspace)
    assert assembled is not None, problems
    return assembled.markdown.split("\n\n")[0]


def test_one_member_two_addressees_is_the_seed_line(ws):
    line = header(
        ws,
        '["Jasper van Dijk (SP)"]',
        '["de Minister van Buitenlandse Zaken", "de Staatssecretaris van Justitie en Veiligheid"]',
    )
    assert line == SEED_HEADER


@pytest.mark.parametrize(
    ("members", "addressees", "expected"),
    [
        (
            '["Jasper van Dijk (SP)", "Sjoerd Sjoerdsma (D66)"]',
            '["de Minister van Justitie"]',
            "Vragen van de leden Jasper van Dijk (SP) en Sjoerd Sjoerdsma (D66) aan de Minister "
            "van Justitie over",
        ),
        (
            '["A (SP)", "B (PvdA)", "C (GL)"]',
            '["de Minister van Buitenlandse Zaken", "de Minister van Defensie", '
            '"de Staatssecretaris van Justitie en Veiligheid"]',
            "Vragen van de leden A (SP), B (PvdA) en C (GL) aan de Minister van Buitenlandse "
            "Zaken, de Minister van Defensie en de Staatssecretaris van Justitie en "
            "Veiligheid over",
        ),
    ],
)
def test_several_members_and_addressees(ws, members, addressees, expected):
    assert header(ws, members, addressees).startswith(expected)
