"""Names of what a NatsJetStreamChannel creates in JetStream, from one place (eventing-natss ``utils/naming.go``).

- the stream ``KN_{NS}__{NAME}`` (upper case, ``-`` → ``_``), or ``spec.stream.overrideName``;
- the subject the receiver publishes to, ``{ns}.{name}._knative``;
- one durable consumer per subscriber, ``KN_SUB_{UID}`` (upper case, dashes dropped), whose
  push deliveries go to ``{ns}.{name}._knative_consumer.{uid}`` (lower case, dashes dropped).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def stream_name(namespace: str, name: str, spec: Mapping[str, Any] | None = None) -> str:
    override = ((spec or {}).get("stream") or {}).get("overrideName")
    if isinstance(override, str) and override:
        return override
    return f"KN_{namespace}__{name}".replace("-", "_").upper()


def publish_subject(namespace: str, name: str) -> str:
    return f"{namespace}.{name}._knative"


def consumer_name(subscription_uid: str) -> str:
    return "KN_SUB_" + subscription_uid.replace("-", "").upper()


def consumer_subject(namespace: str, name: str, subscription_uid: str) -> str:
    return f"{namespace}.{name}._knative_consumer.{subscription_uid.replace('-', '').lower()}"
