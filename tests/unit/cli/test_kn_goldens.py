"""Golden output of kn's list and describe commands, over objects recorded from a real daemon.

Run with ``UPDATE_GOLDEN=1`` to rewrite the files under ``golden/`` after an intended change;
review the diff: these files are what kn users see.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.unit.cli.fakes import FakeClient, run_kn

GOLDEN = Path(__file__).parent / "golden"

CASES = {
    "service-list": ["service", "list"],
    "service-list-all-namespaces": ["service", "list", "-A"],
    "service-list-no-headers": ["service", "list", "--no-headers"],
    "service-describe": ["service", "describe", "hello"],
    "service-describe-verbose": ["service", "describe", "hello", "-v"],
    "service-describe-failed": ["service", "describe", "broken"],
    "service-export": ["service", "export", "hello", "-o", "yaml"],
    "revision-list": ["revision", "list"],
    "revision-list-service": ["revision", "list", "-s", "hello"],
    "revision-describe": ["revision", "describe", "hello-00003"],
    "revision-describe-verbose": ["revision", "describe", "hello-00004", "-v"],
    "route-list": ["route", "list"],
    "route-describe": ["route", "describe", "hello"],
    "domain-list": ["domain", "list"],
    "domain-describe": ["domain", "describe", "hello.icloud2native.com"],
    "broker-list": ["broker", "list"],
    "broker-describe": ["broker", "describe", "default"],
    "trigger-list": ["trigger", "list"],
    "trigger-describe": ["trigger", "describe", "trigger1"],
    "channel-list": ["channel", "list"],
    "channel-describe": ["channel", "describe", "imc01"],
    "channel-list-types": ["channel", "list-types"],
    "subscription-list": ["subscription", "list"],
    "subscription-describe": ["subscription", "describe", "sub01"],
    "source-list": ["source", "list"],
    "source-list-types": ["source", "list-types"],
    "source-ping-list": ["source", "ping", "list"],
    "source-ping-describe": ["source", "ping", "describe", "ping1"],
    "source-container-list": ["source", "container", "list"],
    "source-container-describe": ["source", "container", "describe", "heart"],
    "source-apiserver-list": ["source", "apiserver", "list"],
    "source-apiserver-describe": ["source", "apiserver", "describe", "api1"],
    "source-binding-list": ["source", "binding", "list"],
    "source-binding-describe": ["source", "binding", "describe", "bind1"],
    "eventtype-list": ["eventtype", "list"],
    "eventtype-describe": ["eventtype", "describe", "et1"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str, fake: FakeClient) -> None:
    code, out, err = run_kn(*CASES[name])
    assert code == 0, err
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(out)
    assert out == path.read_text()


@pytest.mark.parametrize(("argv", "message"), [
    (["service", "list", "nope"], "No services found.\n"),
    (["revision", "list", "nope"], "No revisions found.\n"),
    (["route", "list", "nope"], "No routes found.\n"),
])
def test_empty_lists(argv: list[str], message: str, fake: FakeClient) -> None:
    assert run_kn(*argv)[1] == message


@pytest.mark.parametrize(("plural", "argv", "message"), [
    ("brokers", ["broker", "list"], "No brokers found.\n"),
    ("triggers", ["trigger", "list"], "No triggers found.\n"),
    ("channels", ["channel", "list"], "No channels found.\n"),
    ("subscriptions", ["subscription", "list"], "No subscriptions found.\n"),
    ("domainmappings", ["domain", "list"], "No domain mapping found.\n"),
    ("pingsources", ["source", "ping", "list"], "No Ping source found.\n"),
    ("containersources", ["source", "container", "list"], "No Container source found.\n"),
    ("apiserversources", ["source", "apiserver", "list"], "No ApiServer source found.\n"),
    ("sinkbindings", ["source", "binding", "list"], "No sink binding found.\n"),
    ("eventtypes", ["eventtype", "list"], "No eventtypes found.\n"),
])
def test_empty_eventing_lists(plural: str, argv: list[str], message: str, fake: FakeClient) -> None:
    fake.objects[plural] = []
    assert run_kn(*argv)[1] == message


def test_all_sources_empty(fake: FakeClient) -> None:
    for plural in ("pingsources", "containersources", "apiserversources", "sinkbindings"):
        fake.objects[plural] = []
    assert run_kn("source", "list")[1] == "No sources found.\n"


def test_describe_missing(fake: FakeClient) -> None:
    code, _, err = run_kn("service", "describe", "nope")
    assert code == 1
    assert err == 'Error: services.serving.knative.dev "nope" not found\nRun \'kn --help\' for usage\n'
