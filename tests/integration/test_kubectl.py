"""The real kubectl against a real daemon: the foundation's acceptance tests.

Every test runs the machine's kubectl with a kubeconfig from ``knlite kubeconfig`` and asserts
on what kubectl printed, the way a user would read it.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from tests import seed
from tests.harness import Knlite

pytestmark = pytest.mark.integration


def test_apply_create_unchanged_configured(knlite: Knlite, tmp_path: Path) -> None:
    manifest = tmp_path / "hello.yaml"
    manifest.write_text(seed.text("e45-service-two-revisions").split("---")[0] + "---\n" + seed.text(
        "e34-clusterdomainclaim"))
    out = knlite.kubectl("apply", "-f", str(manifest)).check().out
    assert "service.serving.knative.dev/hello created" in out
    assert "clusterdomainclaim.networking.internal.knative.dev/hello.icloud2native.com created" in out
    out = knlite.kubectl("apply", "-f", str(manifest)).check().out
    # As on Knative: kubectl's merge patch re-sends the containers list (the webhook defaulted it),
    # the server finds the spec unchanged: no new generation, no new revision.
    assert "service.serving.knative.dev/hello" in out
    assert "clusterdomainclaim.networking.internal.knative.dev/hello.icloud2native.com unchanged" in out
    assert knlite.kubectl("get", "ksvc", "hello", "-o", "jsonpath={.metadata.generation}").check().out == "1"
    assert knlite.kubectl("get", "revisions", "-o", "name").check().out.split() == ["revision.serving.knative.dev/hello-00001"]
    manifest.write_text(manifest.read_text().replace('value: "World"', 'value: "Changed"'))
    out = knlite.kubectl("apply", "-f", str(manifest)).check().out
    assert "service.serving.knative.dev/hello configured" in out
    assert "clusterdomainclaim.networking.internal.knative.dev/hello.icloud2native.com unchanged" in out
    env = knlite.kubectl("get", "ksvc", "hello", "-o",
                         "jsonpath={.spec.template.spec.containers[0].env[0].value}").check().out
    assert env == "Changed"
    gen = knlite.kubectl("get", "ksvc", "hello", "-o", "jsonpath={.metadata.generation}").check().out
    assert gen == "2"
    knlite.kubectl("delete", "-f", str(manifest)).check()


def test_seed_service_get_yaml_and_jsonpath(knlite: Knlite) -> None:
    knlite.kubectl("apply", "-f", str(seed.path("e17-service-hello-002"))).check()
    out = knlite.kubectl("get", "ksvc").check().out
    header = out.splitlines()[0].split()
    assert header == ["NAME", "URL", "LATESTCREATED", "LATESTREADY", "READY", "REASON"]
    assert any(line.split()[0] == "hello" for line in out.splitlines()[1:])
    doc = yaml.safe_load(knlite.kubectl("get", "ksvc", "hello", "-o", "yaml").check().out)
    assert doc["apiVersion"] == "serving.knative.dev/v1" and doc["kind"] == "Service"
    assert doc["spec"]["template"]["metadata"]["name"] == "hello-world-002"
    # Knative's defaulting webhook ran: traffic, container name, timeout
    assert doc["spec"]["traffic"] == [{"latestRevision": True, "percent": 100}]
    assert doc["spec"]["template"]["spec"]["containers"][0]["name"] == "user-container"
    assert doc["spec"]["template"]["spec"]["timeoutSeconds"] == 300
    assert doc["metadata"]["annotations"]["serving.knative.dev/creator"]
    cc = knlite.kubectl("get", "ksvc", "hello", "-o", "jsonpath={.spec.template.spec.containerConcurrency}")
    assert cc.check().out == "10"


def test_patch_configmap_merge(knlite: Knlite) -> None:
    out = knlite.kubectl("patch", "configmap/config-domain", "--namespace", "knative-serving", "--type", "merge",
                         "--patch", '{"data":{"example.com":""}}').check().out
    assert out.strip() in ("configmap/config-domain patched", "configmap/config-domain patched (no change)")
    out = knlite.kubectl("patch", "configmap/config-domain", "-n", "knative-serving", "--type", "merge",
                         "--patch", '{"data":{"icloud2native.com":""}}').check().out
    assert out.strip() == "configmap/config-domain patched"
    data = json.loads(knlite.kubectl("get", "cm", "config-domain", "-n", "knative-serving", "-o",
                                     "jsonpath={.data}").check().out)
    data.pop("_example")
    assert data == {"example.com": "", "icloud2native.com": ""}
    knlite.kubectl("patch", "configmap/config-domain", "-n", "knative-serving", "--type", "json",
                   "-p", '[{"op":"remove","path":"/data/icloud2native.com"}]').check()
    # strategic merge patch (kubectl's default type) works for built-in kinds
    knlite.kubectl("patch", "configmap", "config-network", "-n", "knative-serving",
                   "-p", '{"data":{"autocreate-cluster-domain-claims":"true"}}').check()
    value = knlite.kubectl("get", "cm", "config-network", "-n", "knative-serving", "-o",
                           "jsonpath={.data.autocreate-cluster-domain-claims}").check().out
    assert value == "true"


def test_label_annotate_edit(knlite: Knlite, tmp_path: Path) -> None:
    first = tmp_path / "hello.yaml"  # no BYO revision name, so the template may change
    first.write_text(seed.text("e45-service-two-revisions").split("---")[0])
    knlite.kubectl("apply", "-f", str(first)).check()
    assert knlite.kubectl("label", "ksvc", "hello", "team=blue").check().out.strip() == \
        "service.serving.knative.dev/hello labeled"
    assert knlite.kubectl("annotate", "ksvc", "hello", "note=first").check().out.strip() == \
        "service.serving.knative.dev/hello annotated"
    meta = json.loads(knlite.kubectl("get", "ksvc", "hello", "-o", "jsonpath={.metadata}").check().out)
    assert meta["labels"]["team"] == "blue" and meta["annotations"]["note"] == "first"
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nsed -i 's/value: World$/value: Edited/' \"$1\"\n")
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    out = knlite.kubectl("edit", "ksvc", "hello", env={"EDITOR": str(editor), "KUBE_EDITOR": str(editor)})
    assert out.check().out.strip() == "service.serving.knative.dev/hello edited"
    value = knlite.kubectl("get", "ksvc", "hello", "-o",
                           "jsonpath={.spec.template.spec.containers[0].env[0].value}").check().out
    assert value == "Edited"
    # editing the ConfigMap goes through strategic merge patch and the config webhook
    cm_editor = tmp_path / "cm-editor.sh"
    cm_editor.write_text("#!/bin/sh\nsed -i 's/^  example.com: .*$/  icloud2native.com: \"\"/' \"$1\"\n")
    cm_editor.chmod(cm_editor.stat().st_mode | stat.S_IEXEC)
    out = knlite.kubectl("edit", "cm", "config-domain", "-n", "knative-serving",
                         env={"EDITOR": str(cm_editor), "KUBE_EDITOR": str(cm_editor)})
    assert out.check().out.strip() == "configmap/config-domain edited"
    data = json.loads(knlite.kubectl("get", "cm", "config-domain", "-n", "knative-serving", "-o",
                                     "jsonpath={.data}").check().out)
    assert "icloud2native.com" in data and "example.com" not in data
    knlite.kubectl("patch", "cm", "config-domain", "-n", "knative-serving", "--type", "merge",
                   "-p", '{"data":{"example.com":"","icloud2native.com":null}}').check()


def test_get_watch_sees_update(knlite: Knlite) -> None:
    knlite.kubectl("create", "configmap", "watched", "--from-literal=a=1").check()
    proc = subprocess.Popen(["kubectl", "get", "cm", "watched", "-w", "-o", "jsonpath={.data.a}{\"\\n\"}"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=knlite.env())
    try:
        time.sleep(1.0)
        knlite.kubectl("patch", "cm", "watched", "--type", "merge", "-p", '{"data":{"a":"2"}}').check()
        time.sleep(1.0)
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=10)
    assert out.split() == ["1", "2"]


def test_get_watch_table(knlite: Knlite) -> None:
    proc = subprocess.Popen(["kubectl", "get", "cm", "-w"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=knlite.env())
    try:
        time.sleep(1.0)
        knlite.kubectl("create", "configmap", "table-watch", "--from-literal=x=y").check()
        time.sleep(1.0)
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=10)
    lines = out.splitlines()
    assert lines[0].split() == ["NAME", "DATA", "AGE"]
    assert any(line.split()[:2] == ["table-watch", "1"] for line in lines[1:])
    assert sum(1 for line in lines if line.startswith("NAME")) == 1


def test_wait_for_condition(knlite: Knlite, tmp_path: Path) -> None:
    # Certificates are never reconciled by knlite (TLS is off), so their Ready is ours to set.
    cert = {"apiVersion": "networking.internal.knative.dev/v1alpha1", "kind": "Certificate",
            "metadata": {"name": "waited"}, "spec": {"dnsNames": ["a.example.com"], "secretName": "s"}}
    (tmp_path / "cert.yaml").write_text(yaml.safe_dump(cert))
    knlite.kubectl("apply", "-f", str(tmp_path / "cert.yaml")).check()
    waiter = subprocess.Popen(["kubectl", "wait", "--for=condition=Ready", "kcert/waited", "--timeout=20s"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=knlite.env())
    time.sleep(1.0)
    assert waiter.poll() is None  # still waiting
    knlite.kubectl("patch", "kcert", "waited", "--subresource=status", "--type=merge", "-p",
                   '{"status":{"conditions":[{"type":"Ready","status":"True"}]}}').check()
    out, err = waiter.communicate(timeout=20)
    assert waiter.returncode == 0, err
    assert out.strip() == "certificate.networking.internal.knative.dev/waited condition met"


def test_api_resources_and_explain(knlite: Knlite) -> None:
    out = knlite.kubectl("api-resources").check().out
    rows = [line.split() for line in out.splitlines()[1:]]
    assert ["services", "svc", "v1", "true", "Service"] in rows
    ksvc = next(r for r in out.splitlines() if "serving.knative.dev/v1" in r and " Service" in r).split()
    assert ksvc == ["services", "kservice,ksvc", "serving.knative.dev/v1", "true", "Service"]
    assert "kpa,pa" in out and "cdc" in out and "imc" in out
    serving = knlite.kubectl("api-resources", "--api-group=serving.knative.dev").check().out
    assert [line.split()[0] for line in serving.splitlines()[1:]] == [
        "configurations", "domainmappings", "revisions", "routes", "services"]
    explain = knlite.kubectl("explain", "ksvc.spec").check().out
    assert "GROUP:      serving.knative.dev" in explain
    assert "KIND:       Service" in explain
    assert "template" in explain and "traffic" in explain


def test_create_namespace_and_config_maps(knlite: Knlite) -> None:
    assert knlite.kubectl("create", "ns", "event-demo").check().out.strip() == "namespace/event-demo created"
    out = knlite.kubectl("get", "ns", "event-demo").check().out.splitlines()
    assert out[1].split()[:2] == ["event-demo", "Active"]
    cms = knlite.kubectl("get", "cm", "-n", "knative-serving").check().out
    names = {line.split()[0] for line in cms.splitlines()[1:]}
    assert {"config-autoscaler", "config-defaults", "config-domain", "config-network", "config-features",
            "config-gc", "config-deployment"} <= names
    eventing = knlite.kubectl("get", "cm", "-n", "knative-eventing").check().out
    names = {line.split()[0] for line in eventing.splitlines()[1:]}
    assert {"config-br-defaults", "config-br-default-channel", "default-ch-webhook", "config-features",
            "kafka-broker-config", "kafka-channel-config"} <= names


def test_delete_cascades_to_owned_objects(knlite: Knlite, tmp_path: Path) -> None:
    knlite.kubectl("create", "ns", "cascade").check()
    owner = yaml.safe_load(knlite.kubectl("create", "configmap", "owner", "-n", "cascade", "-o", "yaml").check().out)
    child = {"apiVersion": "v1", "kind": "ConfigMap",
             "metadata": {"name": "child", "namespace": "cascade", "ownerReferences": [{
                 "apiVersion": "v1", "kind": "ConfigMap", "name": "owner", "uid": owner["metadata"]["uid"],
                 "controller": True}]}}
    kept = dict(child, metadata=dict(child["metadata"], name="kept"))
    (tmp_path / "child.yaml").write_text(yaml.safe_dump_all([child, kept]))
    knlite.kubectl("apply", "-f", str(tmp_path / "child.yaml")).check()
    knlite.kubectl("delete", "cm", "owner", "-n", "cascade").check()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if knlite.kubectl("get", "cm", "child", "-n", "cascade").returncode != 0:
            break
        time.sleep(0.1)
    assert "NotFound" in knlite.kubectl("get", "cm", "child", "-n", "cascade").stderr
    assert "NotFound" in knlite.kubectl("get", "cm", "kept", "-n", "cascade").stderr
    # deleting the namespace empties it, then the namespace goes too
    knlite.kubectl("create", "configmap", "leftover", "-n", "cascade").check()
    knlite.kubectl("delete", "ns", "cascade", "--timeout=20s").check()
    assert "NotFound" in knlite.kubectl("get", "ns", "cascade").stderr


def test_orphan_propagation_keeps_dependents(knlite: Knlite, tmp_path: Path) -> None:
    owner = yaml.safe_load(knlite.kubectl("create", "configmap", "orphan-owner", "-o", "yaml").check().out)
    child = {"apiVersion": "v1", "kind": "ConfigMap",
             "metadata": {"name": "orphan-child", "ownerReferences": [{
                 "apiVersion": "v1", "kind": "ConfigMap", "name": "orphan-owner", "uid": owner["metadata"]["uid"]}]}}
    (tmp_path / "c.yaml").write_text(yaml.safe_dump(child))
    knlite.kubectl("apply", "-f", str(tmp_path / "c.yaml")).check()
    knlite.kubectl("delete", "cm", "orphan-owner", "--cascade=orphan").check()
    time.sleep(0.5)
    refs = knlite.kubectl("get", "cm", "orphan-child", "-o", "jsonpath={.metadata.ownerReferences}").check().out
    assert refs == ""


def test_finalizers_hold_deletion(knlite: Knlite, tmp_path: Path) -> None:
    cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "held", "finalizers": ["example.com/x"]}}
    (tmp_path / "f.yaml").write_text(yaml.safe_dump(cm))
    knlite.kubectl("apply", "-f", str(tmp_path / "f.yaml")).check()
    knlite.kubectl("delete", "cm", "held", "--wait=false").check()
    ts = knlite.kubectl("get", "cm", "held", "-o", "jsonpath={.metadata.deletionTimestamp}").check().out
    assert ts
    knlite.kubectl("patch", "cm", "held", "--type=merge", "-p", '{"metadata":{"finalizers":null}}').check()
    assert "NotFound" in knlite.kubectl("get", "cm", "held").stderr


def test_server_side_apply(knlite: Knlite, tmp_path: Path) -> None:
    cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "ssa"}, "data": {"a": "1", "b": "2"}}
    (tmp_path / "ssa.yaml").write_text(yaml.safe_dump(cm))
    assert "serverside-applied" in knlite.kubectl("apply", "--server-side", "-f", str(tmp_path / "ssa.yaml")).check().out
    del cm["data"]["b"]
    (tmp_path / "ssa.yaml").write_text(yaml.safe_dump(cm))
    knlite.kubectl("apply", "--server-side", "-f", str(tmp_path / "ssa.yaml")).check()
    data = json.loads(knlite.kubectl("get", "cm", "ssa", "-o", "jsonpath={.data}").check().out)
    assert data == {"a": "1"}
    knlite.kubectl("patch", "cm", "ssa", "--type=merge", "-p", '{"data":{"a":"other"}}').check()
    conflict = knlite.kubectl("apply", "--server-side", "-f", str(tmp_path / "ssa.yaml"))
    assert conflict.returncode != 0 and "conflict" in conflict.stderr.lower()
    knlite.kubectl("apply", "--server-side", "--force-conflicts", "-f", str(tmp_path / "ssa.yaml")).check()


def test_dry_run_server_stores_nothing(knlite: Knlite) -> None:
    out = knlite.kubectl("create", "configmap", "dry", "--from-literal=a=b", "--dry-run=server", "-o", "name")
    assert out.check().out.strip() == "configmap/dry"
    assert "NotFound" in knlite.kubectl("get", "cm", "dry").stderr


def test_kubeconfig_and_token_file_modes(knlite: Knlite) -> None:
    assert stat.S_IMODE(os.stat(knlite.state_dir / "token").st_mode) == 0o600
    assert stat.S_IMODE(os.stat(knlite.state_dir / "pki" / "ca.key").st_mode) == 0o600
    kc = yaml.safe_load(knlite.kubeconfig.read_text())
    assert kc["clusters"][0]["name"] == "knlite"
    assert kc["clusters"][0]["cluster"]["server"] == f"https://127.0.0.1:{knlite.api_port}"
    assert kc["users"][0]["user"]["token"] == knlite.token
