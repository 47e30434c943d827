"""The OpenAPI description at /api/schema/ is the truth: schemathesis calls every operation of
a real server, with the sandbox APIO behind it, and checks that no answer is a server error
and that every answer (status, content type, body) is one the description allows."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from portal.api.tokens import create_token
from tests.accounts.people import platform_admin

# Bounded: every operation gets a few cases, so that the whole run takes seconds.
EXAMPLES_PER_OPERATION = 8
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def served(live_server, apio):
    """A real server in a thread of this process, the sandbox APIO behind it."""
    return live_server.url


def run_operation(operation, base_url: str, headers: dict, mode) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def call(case):
        case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS, timeout=30)

    call()


def test_every_operation_answers_as_described(served, transactional_db):
    key = create_token(platform_admin(), "schemathesis").key
    schema = schemathesis.openapi.from_url(f"{served}/api/schema/")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15

    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            run_operation(operation, served, {"Authorization": f"Bearer {key}"}, mode)


def test_the_description_is_served_to_anyone(client, db):
    response = client.get("/api/schema/", headers={"Accept": "application/json"})

    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")
    assert "apiKey" in response.json()["components"]["securitySchemes"]
