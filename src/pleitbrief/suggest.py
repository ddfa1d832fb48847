"""'Did you mean …?': the closest names, through rapidfuzz."""

from __future__ import annotations

from collections.abc import Iterable


def closest(
    name: str,
    choices: Iterable[str],
    limit: int = 3,
    cutoff: float = 60,
    whole: bool = False,
    ignore_case: bool = False,
) -> list[str]:
    """The names in ``choices`` most like ``name``, best first; may be empty.

    ``whole`` compares whole strings (rapidfuzz ``ratio``) instead of rapidfuzz's weighted
    ``WRatio``, which also rewards a matching part; ``ignore_case`` folds case first.
    """
    # imported here: only a mistyped name needs it, and every command would pay its import
    from rapidfuzz import fuzz, process, utils

    found = process.extract(
        name,
        list(choices),
        scorer=fuzz.ratio if whole else fuzz.WRatio,
        processor=utils.default_process if ignore_case else None,
        limit=limit,
        score_cutoff=cutoff,
    )
    return [choice for choice, _score, _index in found]


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'a' or 'b'?"`` or the empty string."""
    return phrase(closest(name, choices))


def phrase(suggestions: list[str]) -> str:
    """``"; did you mean 'a', 'b' or 'c'?"`` for a list of names, empty for none."""
    if not suggestions:
        return ""
    quoted = [f"'{c}'" for c in suggestions]
    listed = " or ".join([", ".join(quoted[:-1]), quoted[-1]]) if len(quoted) > 1 else quoted[0]
    return f"; did you mean {listed}?"
