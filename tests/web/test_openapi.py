"""/openapi.json describes the API precisely enough to validate real answers with."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from planettracker.web.query import SKY_PARAMETERS, TONIGHT_PARAMETERS
from tests.support.checks import get_json

AT = "2026-03-01T21:30:00Z"


@pytest.fixture
async def document(client: TestClient) -> dict:  # type: ignore[type-arg]
    return await get_json(client, "/openapi.json")  # type: ignore[no-any-return]


def _validator(document: dict, path: str, method: str, status: str, media: str) -> OAS31Validator:  # type: ignore[type-arg]
    response = document["paths"][path][method]["responses"][status]
    if "$ref" in response:
        response = document["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    schema = {**response["content"][media]["schema"], "components": document["components"]}
    return OAS31Validator(schema)


async def test_the_document_is_valid_openapi_3_1(document: dict) -> None:  # type: ignore[type-arg]
    assert document["openapi"].startswith("3.1")
    validate(document)


async def test_every_route_and_parameter_is_described(client: TestClient, document: dict) -> None:  # type: ignore[type-arg]
    routes = {
        (resource.canonical, route.method.lower())
        for resource in client.app.router.resources()
        for route in resource
        # The page's files are not the API (the page itself is: / answers curl).
        if not resource.canonical.startswith(("/static", "/sw.js")) and route.method != "HEAD"
    }
    described = {(path, method) for path, item in document["paths"].items() for method in item}
    assert routes == described
    assert sorted(document["components"]["parameters"]) == sorted({*SKY_PARAMETERS, *TONIGHT_PARAMETERS})  # fmt: skip
    tonight = [p["$ref"].rsplit("/", 1)[1] for p in document["paths"]["/tonight"]["get"]["parameters"]]  # fmt: skip
    assert tonight == list(TONIGHT_PARAMETERS)


@pytest.mark.parametrize(
    ("url", "path", "status"),
    [
        (f"/planets?at={AT}", "/planets", "200"),
        (f"/planets?lat=-33.87&lon=151.21&events=1&at={AT}", "/planets", "200"),
        (f"/planets?lat=-33.87&lon=151.21&events=1&brief=1&at={AT}", "/planets", "200"),
        (f"/planets/mars?brief=1&at={AT}", "/planets/{name}", "200"),
        ("/planets?lat=78.2&lon=15.6&events=1&at=2026-06-21T12:00:00Z", "/planets", "200"),
        ("/planets?lat=91&lon=0", "/planets", "400"),
        (f"/planets/mars?lat=48.85&lon=2.35&events=true&at={AT}", "/planets/{name}", "200"),
        (f"/planets/sun?lat=-33.87&lon=151.21&events=1&at={AT}", "/planets/{name}", "200"),
        (f"/planets/moon?brief=1&at={AT}", "/planets/{name}", "200"),
        ("/planets/pluto", "/planets/{name}", "404"),
        ("/planets/venus?events=maybe", "/planets/{name}", "400"),
        ("/healthz", "/healthz", "200"),
        (f"/tonight?lat=-33.87&lon=151.21&at={AT}&track=1", "/tonight", "200"),
        ("/tonight?lat=78.2&lon=15.6&at=2026-06-21T12:00:00Z", "/tonight", "200"),
        ("/tonight?min_alt=90", "/tonight", "400"),
    ],
)
async def test_answers_match_their_schemas(
    client: TestClient,
    document: dict,  # type: ignore[type-arg]
    url: str,
    path: str,
    status: str,
) -> None:
    response = await client.get(url)
    assert str(response.status) == status
    validator = _validator(document, path, "get", status, response.content_type)
    body = await response.json(content_type=None)
    errors = [error.message for error in validator.iter_errors(body)]
    assert errors == []


async def test_a_text_request_s_problems_are_described_as_text(
    client: TestClient,
    document: dict,  # type: ignore[type-arg]
) -> None:
    for url, path, status in [
        ("/planets?lat=91&lon=0&format=text", "/planets", "400"),
        ("/planets/pluto?format=text", "/planets/{name}", "404"),
        ("/tonight?min_alt=90&format=text", "/tonight", "400"),
        ("/stars?lat=91&lon=0&format=text", "/stars", "400"),
    ]:
        response = await client.get(url)
        assert str(response.status) == status
        assert response.content_type == "text/plain"
        validator = _validator(document, path, "get", status, "text/plain")
        assert validator.is_valid(await response.text())


async def test_a_wrong_answer_would_be_caught(client: TestClient, document: dict) -> None:  # type: ignore[type-arg]
    body = await get_json(client, f"/planets/mars?at={AT}")
    validator = _validator(document, "/planets/{name}", "get", "200", "application/json")
    assert not validator.is_valid({**body, "az": 360.0})
    assert not validator.is_valid({**body, "surprise": 1})
    assert not validator.is_valid({k: v for k, v in body.items() if k != "alt"})


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [({"json": {"lat": 1, "lon": 2}}, "200"), ({"json": {"lat": 100, "lon": 2}}, "400")],
)
async def test_geo_location_matches_its_schema(
    client: TestClient,
    document: dict,  # type: ignore[type-arg]
    kwargs: dict,  # type: ignore[type-arg]
    status: str,
) -> None:
    response = await client.post("/geo_location", **kwargs)
    validator = _validator(document, "/geo_location", "post", status, response.content_type)
    assert list(validator.iter_errors(await response.json(content_type=None))) == []


async def test_a_null_declination_matches_its_schema(
    expired_client: TestClient,
    document: dict,  # type: ignore[type-arg]
) -> None:
    body = await get_json(expired_client, f"/planets?lat=10&lon=20&at={AT}")
    assert body["observer"]["magnetic_declination"] is None
    validator = _validator(document, "/planets", "get", "200", "application/json")
    assert list(validator.iter_errors(body)) == []
    assert not validator.is_valid(
        {**body, "observer": {**body["observer"], "magnetic_declination": 181}}
    )
