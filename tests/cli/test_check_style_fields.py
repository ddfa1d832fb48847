"""A field a cited entry lacks is reported once: check's integrity warning stands for every
style, the CSL style's own warning is dropped where it says the same."""

from __future__ import annotations


def test_a_missing_field_is_reported_once(ws, cli):
    ws.write("pleitbrief.toml", '[workspace]\nlang = "nl"\nstyle = "chicago-notes-bibliography"\n')
    ws.write(
        "references/extra.bib",
        "@online{zonder-datum,\n  title = {Zonder datum},\n  url = {https://example.org},\n}\n\n"
        "@misc{ah-zonder-zitting,\n  type = {aanhangsel},\n"
        "  number = {12},\n  date = {2022-01-01},\n}\n",
    )
    ws.draft(
        "brief",
        """
        template: brief
        fields: {addressee: X, subject: Y, place: Z, date: 2023-01-10, signatories: [W]}
        sections:
          body:
            - text: Tekst [@zonder-datum] en [@ah-zonder-zitting].
        """,
    )
    result = cli("check", cwd=ws.root)
    lines = [line for line in result.stderr.splitlines() if "references/extra.bib" in line]
    about_date = [line for line in lines if line.startswith("references/extra.bib:1:")]
    assert len([line for line in about_date if "date" in line]) == 1, result.stderr
    assert "[entry-no-date]" in " ".join(about_date)
    paper = [line for line in lines if line.startswith("references/extra.bib:6:")]
    session = [line for line in paper if "session" in line]
    assert len(session) == 1 and "[entry-no-number]" in session[0], result.stderr

    # export runs no integrity check: there the style says what it misses
    exported = cli("export", "brief", "--to", "md", cwd=ws.root)
    assert exported.code == 0
    assert "references/extra.bib:6:1: warning: entry 'ah-zonder-zitting' has no session" in (
        exported.stderr
    )
    assert "[style-missing-field]" in exported.stderr
