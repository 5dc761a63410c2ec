"""Schema-driven fuzzing: schemathesis generates requests from the app's own OpenAPI
document, valid and invalid, and sends them to the real server. No answer may be a
5xx, every answer must match the document (status, content type, body schema), and
every 4xx must be a problem document. Bounded: a fixed number of examples for each
operation, a minute or so in all."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from harness.server import Server
from planettracker.web.openapi import openapi_document
from tests.support.checks import check_problem, check_text_problem, media_type

pytestmark = pytest.mark.server

# A request the document calls invalid must be refused with a 4xx: besides the usual
# ones, 414 and 431 when the fuzzer's junk outgrows the connection's limits.
REFUSALS = [400, 404, 405, 406, 409, 413, 414, 415, 422, 431]
config = SchemathesisConfig.from_dict(
    {"checks": {"negative_data_rejection": {"expected-statuses": REFUSALS}}}
)
schema = schemathesis.openapi.from_dict(openapi_document(), config=config)
EXAMPLES_PER_OPERATION = 300
seen: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def tally() -> Iterator[None]:
    """What was sent, once the module has run (its server's log is checked by
    ``two_workers``)."""
    yield
    print(f"\nfuzzing: {sum(seen.values())} requests, by status {sorted(seen.items())}")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    derandomize=True,  # the same cases on every run: CI fails on a change, not on luck
)
def test_the_api_keeps_to_its_document(case: schemathesis.Case, two_workers: Server) -> None:
    response = case.call_and_validate(
        base_url=two_workers.url,
        timeout=10,
        # "Schema-valid requests are accepted" cannot hold here: lat and lon must come
        # together, a rule between parameters that OpenAPI's parameter lists cannot
        # state (it is in their descriptions; test_query covers it).
        excluded_checks=[schemathesis.checks.positive_data_acceptance],
    )
    seen[str(response.status_code)] += 1
    assert response.status_code < 500
    headers = {name.lower(): values[0] for name, values in response.headers.items()}
    assert headers["server"] == "PlanetTracker"
    if 400 <= response.status_code < 500 and case.method != "HEAD":
        # A request for format=text gets its problem as text (the document says so).
        check = check_text_problem if media_type(headers) == "text/plain" else check_problem
        check(response.status_code, headers, response.content, response.status_code)
