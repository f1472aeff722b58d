"""SqliteChannel's pure parts: the in-flight window, log keys, retention cut-offs, spec settings."""

from __future__ import annotations

from typing import Any

import pytest

from knlite.apis.admission import StaticContext
from knlite.apis.messaging import is_channel_kind, sqlitechannel
from knlite.apis.registry import ResourceType
from knlite.eventing.channels.durable import Window
from knlite.eventing.channels.eventlog import SEQ_BITS, pack, size_cutoff, unpack

# -- Window: the offset is the first unfinished event ---------------------------------------------


@pytest.mark.parametrize(("start", "steps", "want_low", "want_next", "want_inflight"), [
    (1, [], 1, 1, 0),
    (1, [("begin", 1)], 1, 2, 1),
    (1, [("begin", 1), ("finish", 1, True)], 2, 2, 0),
    # out-of-order completion: the offset waits for the oldest
    (1, [("begin", 1), ("begin", 2), ("begin", 3), ("finish", 2, False), ("finish", 3, False)], 1, 4, 1),
    (1, [("begin", 1), ("begin", 2), ("begin", 3), ("finish", 2, False), ("finish", 1, True)], 3, 4, 1),
    (1, [("begin", 1), ("begin", 2), ("finish", 2, False), ("finish", 1, True)], 3, 3, 0),
    # finishing twice, or what never began, changes nothing
    (5, [("begin", 5), ("finish", 5, True), ("finish", 5, False), ("finish", 9, False)], 6, 6, 0),
    # gaps (events deleted by retention) are skipped over
    (1, [("begin", 4)], 4, 5, 1),
    (1, [("skip", 10, True)], 10, 10, 0),
    (1, [("begin", 1), ("skip", 10, False)], 1, 10, 1),
    (1, [("begin", 1), ("skip", 10, False), ("finish", 1, True)], 10, 10, 0),
    (8, [("skip", 3, False)], 8, 8, 0),  # never backwards
])
def test_window(start: int, steps: list[tuple[Any, ...]], want_low: int, want_next: int, want_inflight: int) -> None:
    w = Window(start)
    for step in steps:
        if step[0] == "begin":
            w.begin(step[1])
        elif step[0] == "finish":
            assert w.finish(step[1]) is step[2], step
        else:
            assert w.skip_to(step[1]) is step[2], step
    assert (w.low, w.next, len(w)) == (want_low, want_next, want_inflight)


def test_window_refuses_to_go_back() -> None:
    w = Window(3)
    w.begin(3)
    with pytest.raises(ValueError):
        w.begin(3)


# -- keys and retention cut-offs -------------------------------------------------------------------


@pytest.mark.parametrize(("channel", "seq"), [(1, 1), (1, 2**SEQ_BITS - 1), (7, 12345), (2**23 - 1, 99)])
def test_pack_round_trip_and_order(channel: int, seq: int) -> None:
    assert unpack(pack(channel, seq)) == (channel, seq)
    assert pack(channel, seq) < pack(channel + 1, 0)  # a channel's events are one key range
    if seq > 0:
        assert pack(channel, seq - 1) < pack(channel, seq)


@pytest.mark.parametrize(("rows", "excess", "want"), [
    ([(1, 10), (2, 10), (3, 10)], 0, (1, 0)),
    ([(1, 10), (2, 10), (3, 10)], 1, (2, 10)),
    ([(1, 10), (2, 10), (3, 10)], 10, (2, 10)),
    ([(1, 10), (2, 10), (3, 10)], 11, (3, 20)),
    ([(1, 10), (2, 10), (3, 10)], 30, (None, 30)),  # everything goes
    ([(1, 10), (2, 10), (3, 10)], 45, (None, 30)),  # less than counted: the caller corrects its count
    ([(5, 100), (9, 1)], 50, (9, 100)),  # sequence numbers with gaps
    ([], 10, (None, 0)),
])
def test_size_cutoff(rows: list[tuple[int, int]], excess: int, want: tuple[int | None, int]) -> None:
    assert size_cutoff(iter(rows), excess) == want


# -- the spec --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("spec", "want"), [
    (None, (168 * 3600.0, 2**30, 32)),
    ({}, (168 * 3600.0, 2**30, 32)),
    ({"retentionDuration": "PT1H", "retentionSize": "10Mi", "parallelism": 1}, (3600.0, 10 * 2**20, 1)),
    ({"retentionDuration": "P1D", "retentionSize": 4096, "parallelism": 1000}, (86400.0, 4096, 1000)),
    ({"retentionSize": "1.5k"}, (168 * 3600.0, 1500, 32)),
    # invalid values (admission refuses them) fall back to the defaults
    ({"retentionDuration": "an hour", "retentionSize": "lots", "parallelism": 0}, (168 * 3600.0, 2**30, 32)),
    ({"retentionDuration": "-PT1H", "retentionSize": -5, "parallelism": True}, (168 * 3600.0, 2**30, 32)),
])
def test_log_spec(spec: Any, want: tuple[float, int, int]) -> None:
    s = sqlitechannel.log_spec(spec)
    assert (s.retention_seconds, s.retention_bytes, s.parallelism) == want


def _new(spec: dict[str, Any] | None) -> dict[str, Any]:
    o: dict[str, Any] = {"apiVersion": sqlitechannel.API_VERSION, "kind": "SqliteChannel",
                         "metadata": {"name": "x", "namespace": "default"}}
    if spec is not None:
        o["spec"] = spec
    return o


@pytest.mark.parametrize(("spec", "want"), [
    (None, {"retentionDuration": "PT168H", "retentionSize": "1Gi", "parallelism": 32}),
    ({"parallelism": 1}, {"retentionDuration": "PT168H", "retentionSize": "1Gi", "parallelism": 1}),
    ({"retentionDuration": "PT1H", "retentionSize": "5Mi"},
     {"retentionDuration": "PT1H", "retentionSize": "5Mi", "parallelism": 32}),
])
def test_default(spec: dict[str, Any] | None, want: dict[str, Any]) -> None:
    o = _new(spec)
    sqlitechannel.default(o, None, StaticContext())
    assert o["spec"] == want
    assert o["metadata"]["annotations"] == {"messaging.knative.dev/subscribable": "v1"}


@pytest.mark.parametrize(("spec", "want"), [
    ({"retentionDuration": "PT168H", "retentionSize": "1Gi", "parallelism": 32}, ""),
    ({"retentionDuration": "PT0S"}, "invalid value: PT0S: spec.retentionDuration\n"
                                    "expected a positive ISO-8601 duration, e.g. PT168H"),
    ({"retentionDuration": "1h"}, "invalid value: 1h: spec.retentionDuration\n"
                                  "expected a positive ISO-8601 duration, e.g. PT168H"),
    ({"retentionSize": "0"}, "invalid value: 0: spec.retentionSize\nexpected a positive quantity, e.g. 1Gi"),
    ({"retentionSize": "big"}, "invalid value: big: spec.retentionSize\nexpected a positive quantity, e.g. 1Gi"),
    ({"parallelism": 0}, "expected 1 <= 0 <= 1000: spec.parallelism"),
    ({"parallelism": 1001}, "expected 1 <= 1001 <= 1000: spec.parallelism"),
    ({"subscribers": [{"uid": "u"}]},
     "missing field(s): spec.subscribable.subscriber[0].replyURI, spec.subscribable.subscriber[0].subscriberURI\n"
     "expected at least one of, got none"),
])
def test_validate(spec: dict[str, Any], want: str) -> None:
    err = sqlitechannel.validate(_new(spec), None, StaticContext())
    assert (str(err) if err else "") == want


def test_sqlitechannel_is_a_channel_kind() -> None:
    rt = sqlitechannel.resource_type()
    assert is_channel_kind(rt) and rt.api_version == "messaging.knlite.dev/v1alpha1"
    assert not is_channel_kind(ResourceType(group="messaging.knlite.dev", versions=("v1",), kind="Other",
                                            plural="others"))
