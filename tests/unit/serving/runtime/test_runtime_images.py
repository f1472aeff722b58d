"""Image references: parsing, Docker's normalisation, built-ins, the local store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knlite.serving.runtime.images import (
    BUILTIN_IMAGES,
    ImageError,
    ImageNotFound,
    ImageStore,
    InvalidImageName,
    parse_reference,
)

DIGEST = "sha256:" + "a" * 64


@pytest.mark.parametrize(("ref", "repository", "tag", "digest"), [
    ("nginx", "docker.io/library/nginx", None, None),
    ("nginx:1.25", "docker.io/library/nginx", "1.25", None),
    ("ikubernetes/helloworld-go", "docker.io/ikubernetes/helloworld-go", None, None),
    ("docker.io/ikubernetes/helloworld-go:latest", "docker.io/ikubernetes/helloworld-go", "latest", None),
    ("index.docker.io/ikubernetes/helloworld-go", "docker.io/ikubernetes/helloworld-go", None, None),
    ("gcr.io/knative-samples/helloworld-go", "gcr.io/knative-samples/helloworld-go", None, None),
    ("localhost:5000/app:v1", "localhost:5000/app", "v1", None),
    ("localhost/app", "localhost/app", None, None),
    ("registry:5000/a/b/c", "registry:5000/a/b/c", None, None),
    (f"ghcr.io/knative/helloworld-go@{DIGEST}", "ghcr.io/knative/helloworld-go", None, DIGEST),
    (f"ghcr.io/knative/helloworld-go:latest@{DIGEST}", "ghcr.io/knative/helloworld-go", "latest", DIGEST),
    ("villardl/filter-nodejs:0.1", "docker.io/villardl/filter-nodejs", "0.1", None),
    ("my_app/with__under-scores.and.dots", "docker.io/my_app/with__under-scores.and.dots", None, None),
])
def test_parse_reference(ref: str, repository: str, tag: str | None, digest: str | None) -> None:
    r = parse_reference(ref)
    assert (r.repository, r.tag, r.digest) == (repository, tag, digest)


@pytest.mark.parametrize("ref", ["", " nginx", "Nginx", "nginx:", "nginx:-bad", "a//b", "nginx@sha256:xyz",
                                 "bad host!/x", "foo bar"])
def test_invalid_references(ref: str) -> None:
    with pytest.raises(InvalidImageName):
        parse_reference(ref)


def test_familiar_and_str() -> None:
    assert parse_reference("nginx").familiar() == "nginx"
    assert str(parse_reference("nginx")) == "docker.io/library/nginx:latest"
    assert parse_reference("gcr.io/x/y:1").familiar() == "gcr.io/x/y"


@pytest.mark.parametrize("ref", [
    "ikubernetes/helloworld-go", "docker.io/ikubernetes/helloworld-go:latest", "ikubernetes/helloworld-go:v9",
    "index.docker.io/ikubernetes/helloworld-go", "gcr.io/knative-samples/helloworld-go",
    "ghcr.io/knative/helloworld-go:latest", "gcr.io/knative-samples/autoscale-go",
    "ikubernetes/event_display", "gcr.io/knative-releases/knative.dev/eventing/cmd/event_display",
    f"gcr.io/knative-releases/knative.dev/eventing/cmd/event_display@{DIGEST}",
    "ikubernetes/appender", "gcr.io/knative-releases/knative.dev/eventing/cmd/appender",
    "villardl/filter-nodejs:0.1", "ikubernetes/containersource-heartbeats:latest",
    "ikubernetes/containersource-heartbeats:anything", "gcr.io/knative-releases/knative.dev/eventing/cmd/heartbeats",
    "ikubernetes/admin-box:v1.2",
])
def test_builtin_images_resolve(tmp_path: Path, ref: str) -> None:
    img = ImageStore(tmp_path).resolve(ref)
    assert img.builtin
    assert img.entrypoint[-2] == "-m" and img.entrypoint[-1].startswith("knlite.samples.")
    assert img.digest.startswith("sha256:") and len(img.digest) == 71


def test_builtin_modules_exist() -> None:
    samples = Path(__file__).resolve().parents[4] / "knlite" / "samples"
    for module, _port in BUILTIN_IMAGES.values():
        assert (samples / f"{module}.py").is_file(), module


def test_same_image_under_equivalent_names(tmp_path: Path) -> None:
    store = ImageStore(tmp_path)
    a = store.resolve("ikubernetes/helloworld-go")
    b = store.resolve("docker.io/ikubernetes/helloworld-go:latest")
    assert a.digest == b.digest and a.entrypoint == b.entrypoint
    assert a.digest_ref.startswith("index.docker.io/ikubernetes/helloworld-go@sha256:")


def test_missing_image_message(tmp_path: Path) -> None:
    with pytest.raises(ImageNotFound) as e:
        ImageStore(tmp_path).resolve("example.com/nope/app:1.0")
    msg = str(e.value)
    assert msg.startswith('Unable to fetch image "example.com/nope/app:1.0": failed to resolve image to digest: ')
    assert "example.com/nope/app:1.0 not found" in msg
    assert e.value.cause.startswith("failed to resolve image to digest:")
    assert e.value.reason == "ErrImagePull"


def _install(store: ImageStore, name: str, image_id: str, config: dict[str, object]) -> Path:
    d = store.image_dir(image_id)
    (d / "rootfs" / "app").mkdir(parents=True)
    (d / "rootfs" / "app" / "main.py").write_text("print('hi')\n")
    (d / "config.json").write_text(json.dumps({"id": image_id, "created": "2024-01-01T00:00:00Z", "size": 12,
                                               "config": config}))
    store.tag(name, image_id)
    return d


def test_local_image_shadows_builtin_and_maps_paths(tmp_path: Path) -> None:
    store = ImageStore(tmp_path)
    d = _install(store, "ikubernetes/helloworld-go:mine", DIGEST, {
        "Entrypoint": ["python"], "Cmd": ["/app/main.py", "--flag"], "Env": ["A=1", "B=x=y"],
        "WorkingDir": "/app", "ExposedPorts": {"9000/tcp": {}}})
    img = store.resolve("docker.io/ikubernetes/helloworld-go:mine")
    assert not img.builtin
    assert img.entrypoint == ("python",)
    assert img.cmd == (str(d / "rootfs" / "app" / "main.py"), "--flag")
    assert img.env == (("A", "1"), ("B", "x=y"))
    assert img.working_dir == d / "rootfs" / "app"
    assert img.exposed_port == 9000
    assert store.resolve(f"ikubernetes/helloworld-go@{DIGEST}").digest == DIGEST
    # other tags of the repository still resolve to the built-in
    assert store.resolve("ikubernetes/helloworld-go:latest").builtin


def test_remove(tmp_path: Path) -> None:
    store = ImageStore(tmp_path)
    d = _install(store, "app:1", DIGEST, {"Cmd": ["python", "x.py"]})
    store.tag("app:2", DIGEST)
    assert store.remove("app:1") == DIGEST
    assert d.is_dir()  # still tagged app:2
    assert store.resolve("app:2").digest == DIGEST
    store.remove("app:2")
    assert not d.exists()
    with pytest.raises(ImageNotFound):
        store.resolve("app:2")
    with pytest.raises(ImageNotFound):
        store.remove("app:2")
    with pytest.raises(ImageError, match="built-in"):
        store.remove("ikubernetes/helloworld-go")


def test_list(tmp_path: Path) -> None:
    store = ImageStore(tmp_path)
    _install(store, "app:1", DIGEST, {"Cmd": ["python", "x.py"]})
    rows = store.list()
    assert rows[0].repository == "app" and rows[0].tag == "1" and rows[0].size == 12
    assert any(r.builtin and r.repository == "ikubernetes/helloworld-go" for r in rows)
    assert [r.repository for r in store.list(include_builtin=False)] == ["app"]
