"""The style registry: names, lookup, and the error for an unknown name."""

from __future__ import annotations

import pytest

from pleitbrief.cite.house import HouseStyle
from pleitbrief.cite.styles import (
    NoteStyle,
    UnknownStyleError,
    available_styles,
    get_style,
    register_style,
)


def test_house_styles_are_available() -> None:
    assert {"pleitbrief-nl", "pleitbrief-en", "pleitbrief"} <= set(available_styles())
    assert available_styles() == sorted(available_styles())


@pytest.mark.parametrize("doc_lang", ["nl", "en", "de"])
def test_named_house_styles_keep_their_language(doc_lang: str) -> None:
    assert get_style("pleitbrief-nl", doc_lang).lang == "nl"
    assert get_style("pleitbrief-en", doc_lang).lang == "en"
    assert get_style("pleitbrief-nl", doc_lang).name == "pleitbrief-nl"


@pytest.mark.parametrize(
    ("doc_lang", "lang"),
    [("nl", "nl"), ("en", "en"), ("en-GB", "en"), ("nl_BE", "nl"), ("de", "en")],
)
def test_plain_pleitbrief_follows_the_document(doc_lang: str, lang: str) -> None:
    style = get_style("pleitbrief", doc_lang)
    assert (style.name, style.lang) == ("pleitbrief", lang)


def test_lookup_ignores_case_and_surrounding_space() -> None:
    assert get_style(" Pleitbrief-NL ", "nl").name == "pleitbrief-nl"


def test_unknown_style_suggests_close_names() -> None:
    with pytest.raises(UnknownStyleError) as caught:
        get_style("pleitbreif-nl", "nl")
    error = caught.value
    assert isinstance(error, LookupError)
    assert error.name == "pleitbreif-nl"
    assert error.suggestions[0] == "pleitbrief-nl"
    assert "did you mean 'pleitbrief-nl'" in str(error)


def test_unknown_style_far_from_everything_has_no_suggestions() -> None:
    with pytest.raises(UnknownStyleError) as caught:
        get_style("qqqq-zzzz", "en")
    assert caught.value.suggestions == []
    assert str(caught.value) == "unknown citation style 'qqqq-zzzz'"


def test_registering_a_style_makes_it_available(monkeypatch: pytest.MonkeyPatch) -> None:
    from pleitbrief.cite import styles

    monkeypatch.setattr(styles, "_REGISTRY", dict(styles._REGISTRY))

    def make(lang: str) -> NoteStyle:
        return HouseStyle("proef", lang)

    register_style("proef", make)
    assert "proef" in available_styles()
    assert get_style("proef", "en").lang == "en"


def test_house_style_satisfies_the_protocol() -> None:
    style: NoteStyle = HouseStyle("pleitbrief-nl", "nl")
    assert style.format_group.__doc__
