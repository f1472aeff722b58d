"""Kubeconfig loading (as client-go does it), sinks, channel references and the service flags."""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Any

import pytest
import yaml

from knlite.cli.kn import client as kn_client
from knlite.cli.kn import main
from knlite.cli.kn.channel import parse_channel_ref, parse_type
from knlite.cli.kn.domain import parse_ref
from knlite.cli.kn.errors import ApiError, KnError
from knlite.cli.kn.flags import FlagSet
from knlite.cli.kn.serviceflags import apply_edit_flags, generate_revision_name
from knlite.cli.kn.sink import parse_sink, resolve_sink, sink_to_string
from knlite.cli.kn.source import parse_resource, parse_subject
from tests.unit.cli.fakes import FakeClient, load_objects

CA = b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"


def kubeconfig(server: str = "https://127.0.0.1:8001", token: str = "t0k", namespace: str = "",
               context: str = "knlite", extra_contexts: list[dict[str, Any]] | None = None) -> str:
    ctx: dict[str, Any] = {"cluster": "knlite", "user": "knlite"}
    if namespace:
        ctx["namespace"] = namespace
    doc = {
        "apiVersion": "v1", "kind": "Config",
        "clusters": [{"name": "knlite", "cluster": {"server": server,
                                                    "certificate-authority-data": base64.b64encode(CA).decode()}}],
        "users": [{"name": "knlite", "user": {"token": token}}],
        "contexts": [{"name": context, "context": ctx}, *(extra_contexts or [])],
        "current-context": context, "preferences": {},
    }
    return yaml.safe_dump(doc, sort_keys=False)


def test_kubeconfig_from_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "config"
    path.write_text(kubeconfig(namespace="team"))
    monkeypatch.setenv("KUBECONFIG", str(path))
    cfg = kn_client.connection_config()
    assert cfg.server == "https://127.0.0.1:8001" and cfg.token == "t0k" and cfg.ca_data == CA
    assert cfg.namespace == "team"
    assert kn_client.current_namespace() == "team"


def test_kubeconfig_merge_first_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.write_text(kubeconfig(token="first"))
    second.write_text(kubeconfig(server="https://10.0.0.1", token="second", context="other",
                                 extra_contexts=[{"name": "dev", "context": {"cluster": "knlite", "user": "knlite",
                                                                             "namespace": "dev"}}]))
    monkeypatch.setenv("KUBECONFIG", f"{first}:{second}")
    cfg = kn_client.connection_config()
    assert cfg.token == "first" and cfg.server == "https://127.0.0.1:8001"
    assert kn_client.connection_config(context="dev").namespace == "dev"
    with pytest.raises(KnError, match='context "nope" does not exist'):
        kn_client.connection_config(context="nope")


def test_explicit_kubeconfig_and_home_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    explicit = tmp_path / "explicit"
    explicit.write_text(kubeconfig(token="explicit"))
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "missing"))
    assert kn_client.connection_config(str(explicit)).token == "explicit"
    with pytest.raises(KnError, match=r"stat .*: no such file or directory"):
        kn_client.connection_config(str(tmp_path / "nope"))
    monkeypatch.delenv("KUBECONFIG")
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".kube").mkdir()
    (tmp_path / ".kube" / "config").write_text(kubeconfig(token="home"))
    assert kn_client.connection_config().token == "home"


def test_token_file_and_relative_ca(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ca.crt").write_bytes(CA)
    (tmp_path / "token").write_text("from-file\n")
    doc = {"clusters": [{"name": "c", "cluster": {"server": "https://h:1", "certificate-authority": "ca.crt"}}],
           "users": [{"name": "u", "user": {"tokenFile": str(tmp_path / "token")}}],
           "contexts": [{"name": "x", "context": {"cluster": "c", "user": "u"}}], "current-context": "x"}
    (tmp_path / "config").write_text(yaml.safe_dump(doc))
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "config"))
    cfg = kn_client.connection_config()
    assert cfg.token == "from-file" and cfg.ca_data == CA and cfg.namespace == "default"


def test_no_kubeconfig(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "missing"))
    with pytest.raises(KnError) as e:
        kn_client.connection_config()
    assert "no kubeconfig has been provided" in e.value.message and "knlite up" in e.value.hint
    assert kn_client.current_namespace() == "default"


@pytest.mark.parametrize("text", [
    kubeconfig(),
    "apiVersion: v1\nclusters:\n- cluster:\n    server: 'https://a:1'\n  name: \"x y\"\n# comment\ncurrent-context: ''\n",
    "a:\n  - 1\n  - b: c\n    d: []\n    e: ~\n  -\n    - nested\n",
])
def test_simple_yaml_matches_pyyaml(text: str) -> None:
    assert kn_client.simple_yaml(text) == yaml.safe_load(text)


@pytest.mark.parametrize("text", ["a: |\n  x\n", "a: &x 1\nb: *x\n", "a:\n  b\n  c\n"])
def test_simple_yaml_refuses_what_it_does_not_know(text: str) -> None:
    with pytest.raises(ValueError):
        kn_client.simple_yaml(text)


def test_api_path() -> None:
    assert kn_client.api_path("serving.knative.dev/v1", "services", "default", "hello") == \
        "/apis/serving.knative.dev/v1/namespaces/default/services/hello"
    assert kn_client.api_path("v1", "secrets", None) == "/api/v1/secrets"


# -- sinks ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "parsed"), [
    ("event-display", ("ksvc", "event-display", "")),
    ("ksvc:event-display", ("ksvc", "event-display", "")),
    ("ksvc:mysvc:other", ("ksvc", "mysvc", "other")),
    ("broker:default", ("broker", "default", "")),
    ("channel:imc01", ("channel", "imc01", "")),
    ("svc:event-display", ("svc", "event-display", "")),
    ("http://example.com:8080/path", ("", "http://example.com:8080/path", "")),
    ("https://event.receiver.uri", ("", "https://event.receiver.uri", "")),
    ("messaging.knative.dev/v1/inmemorychannels:pipe", ("messaging.knative.dev/v1/inmemorychannels", "pipe", "")),
])
def test_parse_sink(value: str, parsed: tuple[str, str, str]) -> None:
    assert parse_sink(value) == parsed


def test_resolve_sink() -> None:
    fake = FakeClient(load_objects())
    fake.objects["services"].append({"apiVersion": "v1", "kind": "Service",
                                     "metadata": {"name": "plain", "namespace": "default"}})
    assert resolve_sink(fake, "ksvc:event-display", "default") == {"ref": {
        "apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "event-display", "namespace": "default"}}
    assert resolve_sink(fake, "broker:default", "default")["ref"]["kind"] == "Broker"  # type: ignore[index]
    assert resolve_sink(fake, "http://x.y/z", "default") == {"uri": "http://x.y/z"}
    assert resolve_sink(fake, "", "default") is None
    with pytest.raises(ApiError) as e:
        resolve_sink(fake, "nope", "default")
    assert e.value.message == 'services.serving.knative.dev "nope" not found' and "create it first" in e.value.hint


@pytest.mark.parametrize(("sink", "text"), [
    ({"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "a"}}, "ksvc:a"),
    ({"ref": {"apiVersion": "eventing.knative.dev/v1", "kind": "Broker", "name": "default"}}, "broker:default"),
    ({"ref": {"apiVersion": "v1", "kind": "Service", "name": "plain"}}, "service:plain"),
    ({"uri": "http://x"}, "http://x"),
    (None, ""),
])
def test_sink_to_string(sink: Any, text: str) -> None:
    assert sink_to_string(sink) == text


def test_channel_and_domain_refs() -> None:
    assert parse_type("imc") == ("messaging.knative.dev", "v1", "InMemoryChannel")
    assert parse_type("messaging.knative.dev:v1beta1:KafkaChannel") == ("messaging.knative.dev", "v1beta1",
                                                                         "KafkaChannel")
    with pytest.raises(KnError, match="incorrect value 'a:b' for '--type'"):
        parse_type("a:b")
    assert parse_channel_ref("imc01") == {"apiVersion": "messaging.knative.dev/v1", "kind": "Channel", "name": "imc01"}
    assert parse_channel_ref("messaging.knative.dev:v1beta1:KafkaChannel:kc01") == {
        "apiVersion": "messaging.knative.dev/v1beta1", "kind": "KafkaChannel", "name": "kc01"}
    assert parse_channel_ref("imc:pipe")["kind"] == "InMemoryChannel"
    assert parse_ref("hello") == ("ksvc", "hello", "") and parse_ref("kroute:r:ns") == ("kroute", "r", "ns")


def test_source_specs() -> None:
    assert parse_resource("Event:v1") == {"apiVersion": "v1", "kind": "Event"}
    assert parse_resource("Pod:v1:app=x,tier=y") == {"apiVersion": "v1", "kind": "Pod",
                                                      "selector": {"matchLabels": {"app": "x", "tier": "y"}}}
    with pytest.raises(KnError, match="cannot find 'APIVersion' part"):
        parse_resource("Event")
    assert parse_subject("Deployment:apps/v1:myapp", "ns") == {"apiVersion": "apps/v1", "kind": "Deployment",
                                                               "namespace": "ns", "name": "myapp"}
    assert parse_subject("Job:batch/v1:app=x", "ns")["selector"] == {"matchLabels": {"app": "x"}}


# -- service flags -------------------------------------------------------------------------------------

def edit(argv: list[str], command: str = "create", svc: dict[str, Any] | None = None) -> dict[str, Any]:
    from knlite.cli.kn import tree

    fs = FlagSet(tree.all_flags(f"service {command}"))
    fs.parse(argv)
    fs.reconcile_bools()
    svc = svc or {"metadata": {"name": "hello", "namespace": "default"},
                  "spec": {"template": {"metadata": {"annotations": {"client.knative.dev/user-image": ""}},
                                        "spec": {"containers": [{}]}}}}
    apply_edit_flags(svc, None, fs, command)
    return svc


@pytest.mark.parametrize(("template", "name"), [
    ("world", "hello-world"), ("hello-world", "hello-world"), ("{{.Service}}-v{{.Generation}}", "hello-v1"),
    ("", ""),
])
def test_revision_name(template: str, name: str) -> None:
    assert generate_revision_name(template, {"metadata": {"name": "hello"}}) == name
    rand = generate_revision_name("{{.Random 5}}", {"metadata": {"name": "hello"}})
    assert rand.startswith("hello-") and len(rand) == 11


def test_create_flags() -> None:
    svc = edit(["--image", "ikubernetes/helloworld-go", "--port", "h2c:8080", "--env", "TARGET=World",
                "--env", "B=2", "--revision-name", "world", "--scale-min", "1", "--scale-max", "3",
                "--concurrency-limit", "10", "--cmd", "/app/start", "--arg", "a", "--arg", "--b",
                "--env-from", "cm:conf", "--env-value-from", "K=secret:s:key", "--cluster-local",
                "--label", "team=a", "--annotation", "note=x", "--timeout", "30", "--scale-window", "10s"])
    template = svc["spec"]["template"]
    c = template["spec"]["containers"][0]
    assert c["image"] == "ikubernetes/helloworld-go"
    assert c["ports"] == [{"containerPort": 8080, "name": "h2c"}]
    assert c["env"] == [{"name": "TARGET", "value": "World"}, {"name": "B", "value": "2"},
                        {"name": "K", "valueFrom": {"secretKeyRef": {"name": "s", "key": "key"}}}]
    assert c["envFrom"] == [{"configMapRef": {"name": "conf"}}]
    assert c["command"] == ["/app/start"] and c["args"] == ["a", "--b"]
    assert template["metadata"]["name"] == "hello-world"
    ann = template["metadata"]["annotations"]
    assert ann["autoscaling.knative.dev/min-scale"] == "1" and ann["autoscaling.knative.dev/max-scale"] == "3"
    assert ann["autoscaling.knative.dev/window"] == "10s" and ann["note"] == "x"
    assert ann["client.knative.dev/user-image"] == "ikubernetes/helloworld-go"
    assert "client.knative.dev/updateTimestamp" in ann
    assert template["spec"]["containerConcurrency"] == 10 and template["spec"]["timeoutSeconds"] == 30
    assert svc["metadata"]["labels"] == {"networking.knative.dev/visibility": "cluster-local", "team": "a"}
    assert svc["metadata"]["annotations"] == {"note": "x"}
    assert template["metadata"]["labels"] == {"team": "a"}


def test_update_removes_env_and_scale_range() -> None:
    svc = {"metadata": {"name": "hello"}, "spec": {"template": {"metadata": {}, "spec": {"containers": [
        {"image": "x", "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]}]}}}}
    edit(["--env", "A-", "--scale", "2..5", "--no-cluster-local"], "update", svc)
    template = svc["spec"]["template"]
    assert template["spec"]["containers"][0]["env"] == [{"name": "B", "value": "2"}]
    assert template["metadata"]["annotations"]["autoscaling.knative.dev/min-scale"] == "2"
    assert template["metadata"]["annotations"]["autoscaling.knative.dev/max-scale"] == "5"
    assert "client.knative.dev/user-image" not in template["metadata"]["annotations"]  # not a kn-created service


@pytest.mark.parametrize(("argv", "message"), [
    (["--port", "abc"], "the port specification 'abc' is not valid."),
    (["--scale", "1", "--scale-max", "2"], "only --scale or --scale-max can be specified"),
    (["--scale", "x"], "Scale must be of the format x..y or x"),
    (["--scale-window", "5"], "invalid duration for 'scale-window': time: missing unit in duration \"5\""),
    (["--scale-min", "-1"], "expected 0 <= -1 <= 2147483647: autoscaling.knative.dev/min-scale"),
    (["--concurrency-limit", "-2"], "invalid concurrency-limit -2 (must not be less than 0)"),
    (["--env", "NOVALUE"], 'argument requires a value that contains the "=" character; got "NOVALUE"'),
    (["--annotation-service", "autoscaling.knative.dev/max-scale=2"],
     "service can not have auto-scaling related annotation: autoscaling.knative.dev/max-scale"),
    (["--pull-policy", "sometimes"], "invalid --pull-policy sometimes."),
    (["--probe-readiness", "udp:1"], "unsupported probe type 'udp'; supported types: http, https, exec, tcp"),
])
def test_flag_errors(argv: list[str], message: str) -> None:
    with pytest.raises(KnError) as e:
        edit(["--image", "x", *argv])
    assert message in e.value.message


def test_probes_resources_security() -> None:
    svc = edit(["--image", "x", "--probe-readiness", "http::8080:/ready", "--probe-readiness-opts",
                "InitialDelaySeconds=3,PeriodSeconds=5", "--limit", "cpu=500m,memory=256Mi", "--request", "cpu=100m",
                "--security-context", "strict", "--mount", "/data=cm:conf", "--service-account", "sa",
                "--pull-secret", "regcred", "--user", "1001"])
    pod = svc["spec"]["template"]["spec"]
    c = pod["containers"][0]
    assert c["readinessProbe"] == {"httpGet": {"path": "/ready", "port": 8080}, "initialDelaySeconds": 3,
                                   "periodSeconds": 5}
    assert c["resources"] == {"requests": {"cpu": "100m"}, "limits": {"cpu": "500m", "memory": "256Mi"}}
    assert c["securityContext"]["runAsNonRoot"] is True
    assert c["volumeMounts"][0]["mountPath"] == "/data" and c["volumeMounts"][0]["readOnly"] is True
    assert pod["volumes"][0]["configMap"] == {"name": "conf"}
    assert pod["volumes"][0]["name"] == c["volumeMounts"][0]["name"]
    assert pod["serviceAccountName"] == "sa" and pod["imagePullSecrets"] == [{"name": "regcred"}]


def test_container_add(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    monkeypatch.setattr("knlite.cli.kn.container.stdin_is_pipe", lambda: False)
    main.run(["container", "add", "sidecar", "--image", "docker.io/example/sidecar", "--port", "9090"], out)
    assert out.getvalue() == ("containers:\n- image: docker.io/example/sidecar\n  name: sidecar\n  ports:\n"
                              "  - containerPort: 9090\n  resources: {}\n")
