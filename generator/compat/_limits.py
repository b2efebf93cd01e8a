"""Whether a change of a validation keyword accepts fewer values (tightened) or more."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Literal, NamedTuple

__all__ = ["LimitChange", "limit_changes"]


Direction = Literal["tightened", "loosened"]

# Keywords whose larger value accepts more (an upper bound), and those whose larger value
# accepts fewer (a lower bound). OpenAPI 3.0's boolean exclusiveMaximum/Minimum is read as a
# flag: true accepts fewer values.
_UPPER = frozenset({"maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties"})
_LOWER = frozenset({"minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties"})


class LimitChange(NamedTuple):
    """One keyword that changed, which way, and the words for the message."""

    keyword: str
    direction: Direction
    text: str


def _number(value: Any) -> Fraction | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return Fraction(value)


def _direction(keyword: str, before: tuple[Any, ...], after: tuple[Any, ...]) -> Direction:
    """``()`` is an absent keyword: adding a limit tightens, removing one loosens."""
    if not before:
        return "loosened" if keyword == "uniqueItems" and after[0] is not True else "tightened"
    if not after:
        return "tightened" if keyword == "uniqueItems" and before[0] is not True else "loosened"
    old, new = before[0], after[0]
    if isinstance(old, bool) or isinstance(new, bool):  # uniqueItems, 3.0 exclusive flags
        return "tightened" if bool(new) and not bool(old) else "loosened"
    old_n, new_n = _number(old), _number(new)
    if keyword == "multipleOf" and old_n and new_n:
        # every multiple of the new step is a multiple of the old one: fewer values
        return "loosened" if (old_n / new_n).denominator == 1 else "tightened"
    if old_n is not None and new_n is not None and keyword in _UPPER | _LOWER:
        smaller = new_n < old_n
        return "tightened" if smaller == (keyword in _UPPER) else "loosened"
    return "tightened"  # a pattern (or anything unordered) changed: assume values it refuses


def _no_limit(keyword: str, limits: Mapping[str, tuple[Any, str]]) -> bool:
    """An empty pattern matches every string: it limits nothing."""
    return keyword == "pattern" and limits[keyword][0] == ""


def _show(value: tuple[Any, ...]) -> str:
    return repr(value[0]) if value else "(none)"


def limit_changes(
    old: Mapping[str, tuple[Any, str]], new: Mapping[str, tuple[Any, str]]
) -> list[LimitChange]:
    """Every keyword of ``LIMIT_KEYWORDS`` whose value differs between ``old`` and ``new``."""
    found: list[LimitChange] = []
    for keyword in sorted(old.keys() | new.keys()):
        before = (old[keyword][0],) if keyword in old and not _no_limit(keyword, old) else ()
        after = (new[keyword][0],) if keyword in new and not _no_limit(keyword, new) else ()
        if before == after:
            continue
        direction = _direction(keyword, before, after)
        found.append(
            LimitChange(keyword, direction, f"{keyword} {_show(before)} -> {_show(after)}")
        )
    return found
