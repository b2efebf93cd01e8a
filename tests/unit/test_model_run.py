"""generator/model_run.py: the checks on the models datamodel-code-generator made."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.model_run import ModelsFailed, Options, run_model_generator

ROOT = Path(__file__).resolve().parents[2]
OPTIONS = Options("solvimon_client", ROOT / "templates", True, ROOT / "openapi.yaml", {})

SCHEMAS = """\
Payment:
  type: object
  required: [id]
  properties: {id: {type: string}, amount: {type: integer}}
Charge: {$ref: '#/components/schemas/Payment'}
Refund:
  allOf:
    - $ref: '#/components/schemas/%s'
    - {type: object, properties: {reason: {type: string}}}
"""


def _data(base: str) -> dict[str, object]:
    schemas = yaml.safe_load(SCHEMAS % base)
    return {"openapi": "3.1.0", "info": {}, "paths": {}, "components": {"schemas": schemas}}


def test_a_class_that_lost_the_fields_of_an_allof_base_is_refused_as_a_bug() -> None:
    """Given an ``allOf`` of an alias as it is written (``prune`` names the alias's target
    first), the model generator leaves the base out; the run says so instead of a class
    without ``id`` and ``amount``."""
    with pytest.raises(ModelsFailed) as failed:
        run_model_generator(_data("Charge"), OPTIONS)
    assert failed.value.pointer == "/components/schemas/Refund"
    assert "['amount', 'id']" in failed.value.message
    assert "bug in the generator" in failed.value.message


def test_a_class_that_inherits_its_base_passes_the_check() -> None:
    code = run_model_generator(_data("Payment"), OPTIONS).code
    assert "class Refund(Payment):" in code
