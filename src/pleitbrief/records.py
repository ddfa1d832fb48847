"""``@record``: pleitbrief's dataclasses, made cheaper to define.

Python 3.11's ``dataclass`` writes the source of every method it adds and compiles it, a
tenth of a millisecond a method. ``__init__``, ``__repr__`` and ``__eq__`` (and for a
frozen class ``__setattr__``, ``__delattr__`` and ``__hash__``) for each of the ~50 classes
an export loads came to some 25 ms of a 150 ms run: a sixth of a small export, on every
start (measured in ``bench/``; see docs/performance.md).

A record is ``dataclass(slots=True)`` whose ``__repr__``, ``__eq__`` and, when frozen,
``__hash__`` are the three functions below, written once and shared, working from the
field names stored on each class; a class without a docstring gets its field names as one,
where dataclass would work out its signature with ``inspect``. They do what the generated
ones do (``tests/core/test_records.py`` holds them to it); ``__init__`` and a frozen
class's ``__setattr__`` still come from ``dataclasses``. A record is a dataclass:
``dataclasses.replace``, ``fields`` and ``asdict`` work on it, and type checkers read
the decorator as ``dataclass`` (``dataclass_transform``).
"""

from __future__ import annotations

import dataclasses
import inspect
import reprlib
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, cast, dataclass_transform, overload

__all__ = ["record"]

_T = TypeVar("_T", bound=type)

_REPR_FIELDS = "__record_repr__"
_COMPARE_KEY = "__record_compare__"
_HASH_KEY = "__record_hash__"


@reprlib.recursive_repr()
def _repr(self: Any) -> str:
    values = ", ".join(f"{name}={getattr(self, name)!r}" for name in getattr(self, _REPR_FIELDS))
    return f"{type(self).__qualname__}({values})"


def _eq(self: Any, other: object) -> Any:  # a bool, or NotImplemented for another class
    if other.__class__ is not self.__class__:
        return NotImplemented
    # tuples, as the generated __eq__ compares: an item equals itself even when it is NaN
    key = getattr(self, _COMPARE_KEY)
    return key(self) == key(other)


def _hash(self: Any) -> int:
    return hash(getattr(self, _HASH_KEY)(self))


def _key(names: tuple[str, ...]) -> staticmethod[[Any], tuple[Any, ...]]:
    """A function giving the values of ``names`` as a tuple (C's attrgetter where it can:
    ``__eq__`` runs often, e.g. ``problem in problems``)."""
    if len(names) > 1:
        return staticmethod(attrgetter(*names))
    if names:
        get = attrgetter(names[0])
        return staticmethod(lambda obj: (get(obj),))
    return staticmethod(lambda obj: ())


def _finish(cls: _T, frozen: bool) -> _T:
    fields = dataclasses.fields(cls)
    setattr(cls, _REPR_FIELDS, tuple(f.name for f in fields if f.repr))
    setattr(cls, _COMPARE_KEY, _key(tuple(f.name for f in fields if f.compare)))
    # As dataclass hashes: a frozen value by the fields compared (unless a field says
    # hash=False), a mutable one not at all, a class with its own __hash__ by that.
    setattr(cls, _HASH_KEY, _key(tuple(f.name for f in fields if _hashed(f))))
    own = cls.__dict__  # what the class body defines stays, as with dataclass
    explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
    methods: dict[str, Any] = {"__repr__": _repr, "__eq__": _eq}
    methods = {name: method for name, method in methods.items() if name not in own}
    if not explicit_hash:
        methods["__hash__"] = _hash if frozen else None
    for name, method in methods.items():
        setattr(cls, name, method)
    return cls


def _hashed(field: dataclasses.Field[Any]) -> bool:
    return field.compare if field.hash is None else field.hash


@overload
def record(cls: _T, /) -> _T: ...


@overload
def record(*, frozen: bool = False, slots: bool = True) -> Callable[[_T], _T]: ...


@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def record(
    cls: _T | None = None, /, *, frozen: bool = False, slots: bool = True
) -> _T | Callable[[_T], _T]:
    """``@record`` or ``@record(frozen=True)`` on a class, as ``@dataclass(slots=True)``."""

    def wrap(cls: _T) -> _T:
        if cls.__doc__ is None:  # dataclass would call inspect.signature to write one
            names = ", ".join(inspect.get_annotations(cls))
            cls.__doc__ = f"{cls.__name__}({names})"
        made: type = dataclasses.dataclass(frozen=frozen, slots=slots, repr=False, eq=False)(cls)
        return _finish(cast(_T, made), frozen)

    return wrap if cls is None else wrap(cls)
