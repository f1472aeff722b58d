"""kmeta: child names (md5 rule of ``kmeta.ChildName``), owner references, key priorities."""

from __future__ import annotations

import pytest

from knlite.apis.k8snames import is_dns1123_subdomain
from knlite.apis.kmeta import (
    KeyPriority,
    child_name,
    controller_of,
    has_owner,
    is_controlled_by,
    owner_reference,
)


@pytest.mark.parametrize(
    ("parent", "suffix", "want"),
    [
        # knative.dev/pkg/kmeta/names_test.go
        ("asdf", "-deployment", "asdf-deployment"),
        ("f" * 63, "-deployment", "ffffffffffffffffffff105d7597f637e83cc711605ac3ea4957-deployment"),
        ("f" * 63, "-deploy", "ffffffffffffffffffffffff105d7597f637e83cc711605ac3ea4957-deploy"),
        ("f" * 63, "f" * 63, "fffffffffffffffffffffffffffffff0502661254f13c89973cb3a83e0cbec0"),
        ("a", "f" * 63, "ab5cfd486935decbc0d305799f4ce4414ffffffffffffffffffffffffffffff"),
        ("b" * 32, "f" * 32, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb329c7c81b9ab3ba71aa139066aa5625d"),
        ("aaaa", "b---a" * 20, "aaaa7a3f7966594e3f0849720eced8212c18b---ab---ab---ab---ab---ab"),
        ("a" * 17, "a.-.-.-.-.-.-.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaa1eb10dc911444f8434af83b7225442da"),
        # revision names (§1.10)
        ("hello", "-00001", "hello-00001"),
        ("hello", "-123456", "hello-123456"),
        ("x" * 57, "-00001", "x" * 57 + "-00001"),
        ("hello-00001", "-deployment", "hello-00001-deployment"),
        ("hello-00001", "", "hello-00001"),
    ],
)
def test_child_name(parent: str, suffix: str, want: str) -> None:
    got = child_name(parent, suffix)
    assert got == want
    assert len(got) <= 63
    assert is_dns1123_subdomain(got) == []


def test_child_name_hashes_long_parent_deterministically() -> None:
    parent = "a-very-long-service-name-that-goes-on-and-on-and-on-forever-x"
    got = child_name(parent, "-00001")
    assert len(got) == 63
    assert got.startswith(parent[: 31 - 6]) and got.endswith("-00001")
    assert got == child_name(parent, "-00001")


OWNER = {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "metadata": {"name": "hello", "uid": "u-1"}}


def test_owner_reference() -> None:
    assert owner_reference(OWNER) == {
        "apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "hello", "uid": "u-1",
        "controller": True, "blockOwnerDeletion": True,
    }
    assert owner_reference(OWNER, controller=False, block_owner_deletion=False) == {
        "apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "hello", "uid": "u-1",
    }


@pytest.mark.parametrize(
    ("refs", "controlled", "owned"),
    [
        ([], False, False),
        ([owner_reference(OWNER)], True, True),
        ([owner_reference(OWNER, controller=False)], False, True),
        ([{**owner_reference(OWNER), "uid": "other"}], False, True),
    ],
)
def test_is_controlled_by(refs: list[dict[str, object]], controlled: bool, owned: bool) -> None:
    child = {"metadata": {"name": "hello", "ownerReferences": refs}}
    assert is_controlled_by(child, OWNER) is controlled
    assert has_owner(child, "Service", "hello") is owned
    assert (controller_of(child) is not None) is any(r.get("controller") for r in refs)


@pytest.mark.parametrize(
    ("annotations", "want"),
    [
        ({}, None),
        ({"a/min-scale": "1"}, ("a/min-scale", "1")),
        ({"a/minScale": "2"}, ("a/minScale", "2")),
        ({"a/minScale": "2", "a/min-scale": "1"}, ("a/min-scale", "1")),
    ],
)
def test_key_priority(annotations: dict[str, str], want: tuple[str, str] | None) -> None:
    keys = KeyPriority("a/min-scale", "a/minScale")
    assert keys.get(annotations) == want
    assert keys.key == "a/min-scale"
    assert keys.value(annotations) == (want[1] if want else "")
