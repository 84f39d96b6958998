"""Schemathesis over the county API's OpenAPI schema: positive and negative cases of each
operation, sent with the given headers; the 5xx answers are collected."""

from __future__ import annotations

from collections.abc import Callable

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode


def fuzz(base_url: str, headers: dict[str, str], *, max_examples: int = 12,
         keep: Callable[[str], bool] = lambda _path: True) -> tuple[int, list[str]]:
    """(requests sent, failures) over every operation whose path ``keep`` accepts."""
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    failures: list[str] = []
    checked = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if not keep(operation.path):
            continue
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(max_examples=max_examples, deadline=None, database=None, derandomize=True,
                      suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case):
                nonlocal checked
                response = case.call(base_url=base_url, headers={**(case.headers or {}), **headers},
                                     timeout=20)
                checked += 1
                if response.status_code >= 500:
                    failures.append(f"{case.operation.label}: {response.status_code} "
                                    f"{response.text[:200]}")

            try:
                run()
            except Unsatisfiable:
                # Nothing to break in this operation (e.g. /health has no inputs).
                assert mode is GenerationMode.NEGATIVE
    return checked, failures
