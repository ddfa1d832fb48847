"""``@record`` behaves as the ``@dataclass(slots=True)`` it stands for.

Each record class here has a twin made by ``dataclasses.dataclass``; what the shared
``__repr__``, ``__eq__`` and ``__hash__`` give must be what the generated ones give.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pleitbrief.records import record


@record
class Point:
    x: float
    label: str = ""
    tags: list[str] = field(default_factory=list)
    note: str = field(default="", repr=False, compare=False)


@dataclass(slots=True)
class PointTwin:
    x: float
    label: str = ""
    tags: list[str] = field(default_factory=list)
    note: str = field(default="", repr=False, compare=False)


@record(frozen=True)
class Key:
    name: str
    number: int = 0
    cached: str = field(default="", hash=False)


@dataclass(frozen=True, slots=True)
class KeyTwin:
    name: str
    number: int = 0
    cached: str = field(default="", hash=False)


@record
class Empty:
    pass


@dataclass(slots=True)
class EmptyTwin:
    pass


@record
class Node:
    children: list[Node]


def _plain_repr(value: object) -> str:
    """The repr without the class name (the twins are named differently)."""
    text = repr(value)
    return text[text.index("(") :]


values = st.floats(allow_nan=True) | st.integers().map(float)
texts = st.text(max_size=5)


@given(values, texts, st.lists(texts, max_size=2), texts)
def test_repr_equals_the_dataclass_repr(x: float, label: str, tags: list[str], note: str) -> None:
    assert _plain_repr(Point(x, label, tags, note)) == _plain_repr(PointTwin(x, label, tags, note))
    assert repr(Point(x, label)).startswith("Point(x=")


@given(values, texts, values, texts, texts, texts)
def test_equality_as_the_dataclass_compares(
    x1: float, label1: str, x2: float, label2: str, note1: str, note2: str
) -> None:
    ours = Point(x1, label1, note=note1) == Point(x2, label2, note=note2)
    theirs = PointTwin(x1, label1, note=note1) == PointTwin(x2, label2, note=note2)
    assert ours == theirs


def test_a_value_equals_itself_even_holding_nan() -> None:
    # one NaN object is compared by identity first, as tuples compare; two are unequal
    assert Point(math.nan) == Point(math.nan)
    assert Point(float("nan")) != Point(float("nan"))
    assert PointTwin(math.nan) == PointTwin(math.nan)
    assert PointTwin(float("nan")) != PointTwin(float("nan"))


def test_another_class_is_never_equal() -> None:
    assert Point(1.0) != PointTwin(1.0)
    assert Point(1.0).__eq__(PointTwin(1.0)) is NotImplemented
    assert Empty() == Empty()
    assert Empty() != EmptyTwin()


@given(texts, st.integers(), texts, texts)
def test_frozen_hash_as_the_dataclass_hashes(name: str, number: int, a: str, b: str) -> None:
    assert hash(Key(name, number, a)) == hash(KeyTwin(name, number, b))
    assert Key(name, number, a) in {Key(name, number, a)}


def test_a_mutable_record_is_unhashable_and_a_frozen_one_immutable() -> None:
    with pytest.raises(TypeError):
        hash(Point(1.0))
    with pytest.raises(dataclasses.FrozenInstanceError):
        Key("a").name = "b"  # type: ignore[misc]


def test_a_record_is_a_slotted_dataclass() -> None:
    point = Point(1.0, "a", ["t"])
    assert dataclasses.is_dataclass(point)
    assert [f.name for f in dataclasses.fields(point)] == ["x", "label", "tags", "note"]
    assert dataclasses.replace(point, label="b") == Point(1.0, "b", ["t"])
    assert dataclasses.asdict(point) == {"x": 1.0, "label": "a", "tags": ["t"], "note": ""}
    assert not hasattr(point, "__dict__")
    match point:
        case Point(x, label):
            assert (x, label) == (1.0, "a")
        case _:
            pytest.fail("a record matches by position, as a dataclass does")


def test_a_value_that_holds_itself_repr_without_recursion() -> None:
    node = Node([])
    node.children.append(node)
    assert repr(node) == "Node(children=[...])"


def test_a_class_without_a_docstring_gets_its_field_names_as_one() -> None:
    assert Point.__doc__ == "Point(x, label, tags, note)"

    @record
    class Documented:
        """What it is."""

        value: int

    assert Documented.__doc__ == "What it is."


def test_methods_the_class_defines_itself_stay_as_with_a_dataclass() -> None:
    @record(frozen=True)
    class Named:
        name: str

        def __repr__(self) -> str:
            return f"<{self.name}>"

        def __hash__(self) -> int:
            return 7

    @record
    class Loose:
        value: int

        def __eq__(self, other: object) -> bool:
            return True

    assert repr(Named("a")) == "<a>"
    assert hash(Named("a")) == 7
    assert Named("a") == Named("a")
    assert Loose(1) == Loose(2)
    with pytest.raises(TypeError):  # a mutable value stays unhashable, as with dataclass
        hash(Loose(1))
