"""The helloworld sample's pure parts (the process is exercised in tests/integration/test_runtime.py)."""

from __future__ import annotations

import asyncio

import pytest

from knlite.samples import _http, helloworld


@pytest.mark.parametrize(("n", "p"), [(0, None), (2, None), (3, 2), (10, 7), (10000, 9973), (7920, 7919)])
def test_largest_prime_below(n: int, p: int | None) -> None:
    assert helloworld.largest_prime_below(n) == p


def test_parse_query() -> None:
    assert _http.parse_query(b"sleep=100&prime=10000&bloat=5") == {"sleep": "100", "prime": "10000", "bloat": "5"}
    assert _http.parse_query(b"a=x%20y+z&a=2&b&%zz=1") == {"a": "x y z", "b": "", "%zz": "1"}


def _req(query: dict[str, str]) -> _http.Request:
    return _http.Request("GET", "/", query, [], b"")


async def test_handler() -> None:
    assert helloworld.handle(_req({})) == helloworld.GREETING
    assert helloworld.handle(_req({"other": "1"})) == helloworld.GREETING
    bad = helloworld.handle(_req({"sleep": "x"}))
    assert bad == (400, [("Content-Type", "text/plain; charset=utf-8")], b'strconv.Atoi: parsing "x": invalid syntax\n')
    pending = helloworld.handle(_req({"sleep": "20", "prime": "100", "bloat": "1"}))
    assert isinstance(pending, asyncio.Future)
    status, _, body = await pending
    lines = body.decode().splitlines()
    assert status == 200
    assert lines[0] == "Allocated 1 Mb of memory."
    assert lines[1] == "The largest prime less than 100 is 97."
    assert lines[2].startswith("Slept for ") and float(lines[2].split()[2]) >= 20
