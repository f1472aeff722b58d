"""CloudEvents ↔ Kafka records: binary and structured content modes, and KafkaSource's wrapping (spec §7.6)."""

from __future__ import annotations

import struct
from typing import Any

import pytest

from knlite.eventing import cloudevents as ce
from knlite.eventing.kafka import names
from knlite.eventing.kafka.records import (
    Record,
    deserialize_key,
    header_extension,
    headers_dict,
    is_cloudevent,
    read_source_record,
    record_time,
    to_event,
    to_record,
    wrap,
)


def binary(**attrs: str) -> ce.CloudEvent:
    headers = {"ce-specversion": "1.0", "ce-id": "1", "ce-source": "s", "ce-type": "t"}
    headers.update({f"ce-{k}": v for k, v in attrs.items()})
    return ce.parse(headers, b"body")


# -- writing ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("event", "key", "headers", "value"), [
    # binary mode: ce_ headers, the data as the value, no key without partitionkey
    (binary(), None, {"ce_specversion": b"1.0", "ce_id": b"1", "ce_source": b"s", "ce_type": b"t"}, b"body"),
    # partitionkey → the record key (PartitionKeyExtensionInterceptor), and it stays an attribute
    (binary(partitionkey="order-7"), b"order-7",
     {"ce_specversion": b"1.0", "ce_id": b"1", "ce_source": b"s", "ce_type": b"t", "ce_partitionkey": b"order-7"},
     b"body"),
    # header values are the attribute's text, unescaped (percent, quotes, UTF-8)
    (binary(ext="caf%C3%A9 100%25"), None,
     {"ce_specversion": b"1.0", "ce_id": b"1", "ce_source": b"s", "ce_type": b"t", "ce_ext": "café 100%".encode()},
     b"body"),
    # structured JSON in: datacontenttype absent stays absent, data keeps its source text
    (ce.parse({"content-type": "application/cloudevents+json"},
              b'{"specversion":"1.0","id":"x","source":"s","type":"t","count":3,"data":{"a": 1}}'),
     None, {"ce_specversion": b"1.0", "ce_id": b"x", "ce_source": b"s", "ce_type": b"t", "ce_count": b"3"},
     b'{"a": 1}'),
    # datacontenttype → content-type header
    (ce.parse({"ce-specversion": "1.0", "ce-id": "1", "ce-source": "s", "ce-type": "t",
               "content-type": "text/plain; charset=utf-8"}, b"hi"),
     None, {"ce_specversion": b"1.0", "ce_id": b"1", "ce_source": b"s", "ce_type": b"t",
            "content-type": b"text/plain; charset=utf-8"}, b"hi"),
])
def test_to_record(event: Any, key: bytes | None, headers: dict[str, bytes], value: bytes) -> None:
    rec = to_record(event)
    assert rec.key == key
    assert headers_dict(rec.headers) == headers
    assert rec.value == value


@pytest.mark.parametrize("event", [
    binary(),
    binary(partitionkey="k", ext="caf%C3%A9 100%25", quoted="%22q%22", time="2024-03-01T10:00:00.5Z"),
    ce.parse({"content-type": "application/cloudevents+json"},
             b'{"specversion":"1.0","id":"x","source":"s","type":"t","datacontenttype":"application/json",'
             b'"data":{"message":"Hello"}}'),
])
def test_a_record_reads_back_as_the_same_event(event: Any) -> None:
    rec = to_record(event)
    back = to_event(rec.headers, rec.value)
    want = {k: str(v) for k, v in event.get_attributes().items()}
    assert {k: str(v) for k, v in back.get_attributes().items()} == want
    assert back.get_data() == (event.get_data() or None)


# -- reading --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("headers", "is_ce"), [
    ([("ce_specversion", b"1.0")], True),
    ([("Content-Type", b"application/cloudevents+json; charset=utf-8")], True),
    ([("content-type", b"application/json")], False),
    ([("ce-specversion", b"1.0")], False),  # the HTTP spelling is not the Kafka binding's
    ([], False),
])
def test_is_cloudevent(headers: list[tuple[str, bytes]], is_ce: bool) -> None:
    assert is_cloudevent(headers) is is_ce


@pytest.mark.parametrize(("headers", "value", "error"), [
    ([("ce_specversion", b"1.0"), ("ce_id", b"1"), ("ce_source", b"s")], b"", "type"),
    ([("ce_specversion", b"9.9"), ("ce_id", b"1"), ("ce_source", b"s"), ("ce_type", b"t")], b"", "specversion"),
    ([("ce_specversion", b"1.0"), ("ce_id", b"\xff"), ("ce_source", b"s"), ("ce_type", b"t")], b"", "UTF-8"),
    ([("content-type", b"application/cloudevents+json")], b"{not json", ""),
])
def test_records_that_are_not_valid_cloudevents_are_refused(headers: list[tuple[str, bytes]], value: bytes,
                                                          error: str) -> None:
    with pytest.raises(ce.EventError) as e:
        to_event(headers, value)
    assert error in str(e.value)


# -- KafkaSource ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "key_type", "want"), [
    (None, None, None),
    (b"", "int", None),  # empty keys are no keys
    (b"order-7", None, "order-7"),
    (b"order-7", "string", "order-7"),
    (b"\xff\xfe", "string", "\ufffd\ufffd"),  # malformed UTF-8 replaced, as Java's StringDeserializer does
    (struct.pack(">i", 7), "int", 7),
    (struct.pack(">i", -2), "int", -2),
    (b"12345678", "int", "12345678"),  # not 4 bytes: read as a string
    (struct.pack(">f", 1.5), "float", "1.5"),
    (struct.pack(">f", 0.1), "float", "0.1"),  # float32's shortest form, as Float.toString
    (struct.pack(">d", 0.1), "float", "0.1"),
    (struct.pack(">d", 1e10), "float", "1.0E10"),
    (struct.pack(">d", 1e-5), "float", "1.0E-5"),
    (struct.pack(">d", -2.0), "float", "-2.0"),
    (b"abc", "float", "abc"),
    (b"\x00\x01", "byte-array", b"\x00\x01"),
    (b"x", "bogus", "x"),
])
def test_deserialize_key(raw: bytes | None, key_type: str | None, want: Any) -> None:
    assert deserialize_key(raw, key_type) == want


@pytest.mark.parametrize(("name", "extension"), [
    ("X-Request_ID", "kafkaheaderxrequestid"),
    ("trace.id", "kafkaheadertraceid"),
    ("Ünïcode-9", "kafkaheaderncode9"),  # only [a-z0-9] survives
    ("---", "kafkaheader"),
])
def test_header_extension(name: str, extension: str) -> None:
    assert header_extension(name) == extension


@pytest.mark.parametrize(("ms", "text"), [
    (0, "1970-01-01T00:00:00Z"),
    (1700000000123, "2023-11-14T22:13:20.123Z"),
    (1700000000100, "2023-11-14T22:13:20.1Z"),
])
def test_record_time(ms: int, text: str) -> None:
    assert record_time(ms) == text


def test_a_plain_record_is_wrapped_as_spec_7_6_says() -> None:
    record = Record("orders", 2, 41, 1700000000123, struct.pack(">i", 7), b"payload",
                    (("X-Request_ID", b"r-1"), ("Content-Type", b"Text/Plain"), ("empty", b"")))
    event = wrap(record, "shop", "orders-source", "int")
    assert event.get_attributes() == {
        "specversion": "1.0",
        "id": "partition:2/offset:41",
        "source": "/apis/v1/namespaces/shop/kafkasources/orders-source#orders",
        "type": "dev.knative.kafka.event",
        "subject": "partition:2#41",
        "time": "2023-11-14T22:13:20.123Z",
        "partitionkey": 7,
        "key": 7,
        "kafkaheaderxrequestid": "r-1",
        "kafkaheaderempty": "",
        "datacontenttype": "text/plain",
    }
    assert event.get_data() == b"payload"
    headers, body = ce.to_binary(event)
    assert (headers["ce-key"], headers["ce-partitionkey"], body) == ("7", "7", b"payload")


def test_a_byte_array_key_travels_as_base64() -> None:
    event = wrap(Record("t", 0, 0, 0, b"\x00\x01", None, ()), "ns", "src", "byte-array")
    headers, body = ce.to_binary(event)
    assert headers["ce-key"] == "AAE=" and body == b""


@pytest.mark.parametrize(("headers", "wrapped"), [
    # a valid CloudEvent goes as it is
    ([("ce_specversion", b"1.0"), ("ce_id", b"1"), ("ce_source", b"s"), ("ce_type", b"t")], False),
    # an invalid one is wrapped (InvalidCloudEvent)
    ([("ce_specversion", b"1.0"), ("ce_id", b"1")], True),
    # anything else is wrapped
    ([("content-type", b"application/json")], True),
])
def test_read_source_record(headers: list[tuple[str, bytes]], wrapped: bool) -> None:
    event = read_source_record(Record("t", 0, 5, 0, None, b"{}", tuple(headers)), "ns", "src")
    assert (event["type"] == "dev.knative.kafka.event") is wrapped
    assert (event["id"] == "partition:0/offset:5") is wrapped


# -- names ------------------------------------------------------------------------------------------------


def test_names() -> None:
    assert names.channel_topic("default", "kc01") == "knative-messaging-kafka.default.kc01"
    assert names.channel_group("default", "kc01", "u-1") == "kafka.default.kc01.u-1"
    assert names.broker_topic("dev", "kbroker01") == "knative-broker-dev-kbroker01"
    assert names.trigger_group("dev", "t1") == "knative-trigger-dev-t1"
    assert names.broker_url("dev", "kbroker01") == \
        "http://kafka-broker-ingress.knative-eventing.svc.cluster.local/dev/kbroker01"


@pytest.mark.parametrize(("servers", "want"), [
    ("a:9092", ("a:9092",)),
    (" a:9092 , b:9092,, ", ("a:9092", "b:9092")),
    (["a:9092,b:9092", "c:9092"], ("a:9092", "b:9092", "c:9092")),
    ("", ()),
])
def test_bootstrap_list(servers: Any, want: tuple[str, ...]) -> None:
    assert names.bootstrap_list(servers) == want


@pytest.mark.parametrize(("duration", "ms"), [("PT168H", 604_800_000), ("P1D", 86_400_000), ("PT0.5S", 500)])
def test_retention_ms(duration: str, ms: int) -> None:
    assert names.retention_ms(duration) == ms


@pytest.mark.parametrize(("value", "want"), [(None, "unordered"), ("ordered", "ordered"), ("unordered", "unordered"),
                                             ("Ordered", None), ("", None)])
def test_delivery_order(value: str | None, want: str | None) -> None:
    if want is None:
        with pytest.raises(ValueError, match="Allowed values"):
            names.delivery_order(value)
    else:
        assert names.delivery_order(value) == want
