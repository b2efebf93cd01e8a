"""The hypothesis profile of the model fuzz tests.

``derandomize`` stays off: each CI run explores new documents, which is the point of fuzzing
the models. A failure is still reproducible: ``print_blob`` prints the ``@reproduce_failure``
line to paste onto the test, and the local ``.hypothesis`` database replays it first on the next
run. SOLVIMON_FUZZ_EXAMPLES scales every property (default 500) for a longer soak.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

__all__: list[str] = []

settings.register_profile(
    "solvimon-fuzz",
    max_examples=int(os.environ.get("SOLVIMON_FUZZ_EXAMPLES", "500")),
    deadline=None,
    derandomize=False,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
