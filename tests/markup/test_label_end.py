"""The citation rule's shortcut to a label's end agrees with markdown-it's parseLinkLabel."""

from __future__ import annotations

import copy

import markdown_it.helpers
from hypothesis import given
from hypothesis import strategies as st
from markdown_it.helpers import parseLinkLabel
from markdown_it.rules_inline import StateInline

from pleitbrief.markup.citations import _plain_label_end
from pleitbrief.markup.parse import markdown_parser

PIECES = st.lists(
    st.sampled_from(["[", "]", "@key", " p. 3", "`", "``", "<", ">", "\\", "*", "_", "&amp;",
                     "^[", "\n", "https://x.nl/a", "a", "; ", "!", "(", ")", "$", "~~"]),
    max_size=14,
)  # fmt: skip


@given(PIECES)
def test_same_end_as_markdown_it_wherever_it_answers(pieces: list[str]) -> None:
    src = "[" + "".join(pieces)
    state = StateInline(src, markdown_parser(), {}, [])
    fast = _plain_label_end(src, 0, state.posMax)
    if fast is not None:
        assert fast == parseLinkLabel(state, 0)


def test_it_answers_for_a_plain_group_and_not_past_a_code_span() -> None:
    src = "[@nos-2022, p. 3] en [@b]"
    assert _plain_label_end(src, 0, len(src)) == src.index("]")
    assert _plain_label_end("[@a `]` b]", 0, 10) is None


LINKY = st.lists(
    st.sampled_from(["[", "]", "![", "](https://x.nl)", "][r]", "@key", " p. 3", "`", "<",
                     "\\", "*", "^[", "[^1]", "\n", "\n\n[r]: https://y.nl\n\n", "a", "; ",
                     "(", ")"]),
    max_size=16,
)  # fmt: skip


@given(LINKY)
def test_the_parser_with_the_shortcut_reads_every_text_as_markdown_it_does(
    pieces: list[str],
) -> None:
    fast = markdown_parser()
    slow = copy.copy(fast)  # the same rules, markdown-it's own helpers
    slow.helpers = markdown_it.helpers
    assert fast.helpers is not markdown_it.helpers
    src = "".join(pieces)
    tokens = [t.as_dict() for t in fast.parse(src, {})]
    assert tokens == [t.as_dict() for t in slow.parse(src, {})]
