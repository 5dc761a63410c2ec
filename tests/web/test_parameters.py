"""The one parameter table: the API document's page shows it as it is, and the usage
``curl`` gets names every parameter with its default."""

from __future__ import annotations

from pathlib import Path

from aiohttp.test_utils import TestClient

from planettracker.web.parameters import TABLE, markdown_table

ROOT = Path(__file__).resolve().parents[2]


def test_the_api_page_shows_the_table() -> None:
    assert markdown_table() in (ROOT / "docs" / "api.md").read_text()


async def test_the_usage_names_every_parameter_and_its_default(client: TestClient) -> None:
    usage = await (await client.get("/", headers={"Accept": "text/plain"})).text()
    for parameter in TABLE:
        assert f"  {parameter.name} " in usage, parameter.name
    assert "Default: now (to the second)." in usage


async def test_a_number_out_of_the_table_s_bounds_is_refused(client: TestClient) -> None:
    for parameter in TABLE:
        if parameter.bounds is None:
            continue
        low, high = parameter.bounds
        path = "/tonight" if parameter.name == "min_alt" else "/planets"
        query = {"lat": "0", "lon": "0", parameter.name: f"{high + 1:g}"}
        answer = await client.get(path, params=query)
        assert answer.status == 400, parameter.name
        assert (await answer.json())["parameter"] == parameter.name
        query[parameter.name] = f"{low:g}"
        assert (await client.get(path, params=query)).status == 200, parameter.name
