"""The Jinja sandbox: text without Jinja syntax comes back as Jinja would give it."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from pleitbrief import templating

PLACE = Path("templates/blocks/x.md")
plain_text = st.text(st.characters(blacklist_characters="{"), max_size=40)


@given(plain_text)
def test_text_without_jinja_syntax_comes_back_as_jinja_renders_it(text: str) -> None:
    env = templating.environment("nl")
    expected = env.from_string(text).render()
    assert templating.render(text, {}, PLACE, 1, "nl") == (expected, [])


def test_a_variable_is_still_rendered_and_an_unknown_one_still_an_error() -> None:
    assert templating.render("Aan {{ who }}\r\n", {"who": "u"}, PLACE, 3, "nl") == ("Aan u\n", [])
    text, problems = templating.render("a\n{{ nobody }}", {}, PLACE, 3, "nl")
    assert text is None
    assert [(p.line, p.code) for p in problems] == [(4, "undefined-variable")]
