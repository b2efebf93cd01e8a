"""The generated package's open enums (``models/_base.py``): known members, unknown values kept
as pseudo-members, ``is_known``, ``str()`` and ``format()``, for strings, integers and other
JSON values alike (one shared base class, ``_Open``, since issue 14)."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def base() -> ModuleType:
    path = ROOT / "generated" / "solvimon_client" / "models" / "_base.py"
    spec = importlib.util.spec_from_file_location("_open_enums_base", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # pydantic resolves the annotations through it
    spec.loader.exec_module(module)
    return module


def _enums(base: ModuleType) -> tuple[Any, Any, Any]:
    text = base.OpenEnum("Colour", {"RED": "red"})
    number = base.OpenIntEnum("Level", {"INTEGER_1": 1})
    value = base.OpenValueEnum("Ratio", {"HALF": 0.5, "NONE": None})
    return text, number, value


def test_known_members(base: ModuleType) -> None:
    colour, level, ratio = _enums(base)
    assert colour("red") is colour.RED and colour.RED.is_known and colour.RED == "red"
    assert level(1) is level.INTEGER_1 and level.INTEGER_1.is_known and level.INTEGER_1 == 1
    assert ratio(0.5) is ratio.HALF and ratio.HALF.is_known and ratio(None) is ratio.NONE
    assert (str(colour.RED), str(level.INTEGER_1), str(ratio.HALF), str(ratio.NONE)) == (
        "red", "1", "0.5", "None",
    )  # fmt: skip
    assert (f"{colour.RED:>5}", f"{level.INTEGER_1:03d}", f"{ratio.HALF:>5}") == (
        "  red", "001", "  0.5",
    )  # fmt: skip
    assert f"{ratio.NONE:>5}" == " None"  # text, as Enum formats a member of no data type


def test_unknown_values_are_kept_not_refused(base: ModuleType) -> None:
    colour, level, ratio = _enums(base)
    blue, two, third = colour("blue"), level(2), ratio(0.3)
    assert (blue.value, two.value, third.value) == ("blue", 2, 0.3)
    assert not (blue.is_known or two.is_known or third.is_known)
    assert blue == "blue" and two == 2
    assert (str(blue), f"{two:02d}", str(third), f"{blue}") == ("blue", "02", "0.3", "blue")
    for enum, wrong in ((colour, 1), (level, "1"), (level, 1.5), (ratio, [1])):
        with pytest.raises(ValueError):
            enum(wrong)


def test_models_round_trip_open_values(base: ModuleType) -> None:
    colour, level, _ = _enums(base)
    model = type(
        "Thing", (base.Model,), {"__annotations__": {"colour": colour, "level": level}}
    )
    thing = model.model_validate({"colour": "blue", "level": 7})
    assert thing.model_dump(mode="json") == {"colour": "blue", "level": 7}
    assert not thing.colour.is_known and thing.level == 7
