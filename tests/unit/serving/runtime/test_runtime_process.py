"""Command lines, $(VAR) expansion, executable lookup and fieldRefs, as Kubernetes defines them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from knlite.serving.runtime.process import (
    StartError,
    command_line,
    exit_code,
    expand,
    field_ref,
    find_executable,
)

ENTRY = ("/bin/ep",)
CMD = ("--default",)


@pytest.mark.parametrize(("command", "args", "argv"), [
    (None, None, ["/bin/ep", "--default"]),
    (("run",), None, ["run"]),
    (None, ("--x",), ["/bin/ep", "--x"]),
    (("run",), ("--x",), ["run", "--x"]),
    ((), (), ["/bin/ep", "--default"]),  # empty lists are unset
    (("echo", "$(NAME)", "$$(NAME)", "$(MISSING)"), None, ["echo", "v", "$(NAME)", "$(MISSING)"]),
])
def test_command_line(command: tuple[str, ...] | None, args: tuple[str, ...] | None, argv: list[str]) -> None:
    assert command_line(ENTRY, CMD, command, args, {"NAME": "v"}) == argv


def test_command_line_empty() -> None:
    with pytest.raises(StartError, match="no command"):
        command_line((), (), None, None, {})


def test_expand() -> None:
    assert expand("a$(X)b$$c$(Y", {"X": "1"}) == "a1b$c$(Y"


def test_find_executable(tmp_path: Path) -> None:
    exe = tmp_path / "tool"
    exe.write_text("#!/bin/sh\n")
    exe.chmod(0o755)
    assert find_executable("tool", str(tmp_path), Path("/")) == str(exe)
    assert find_executable("./tool", "", tmp_path) == str(exe)
    with pytest.raises(StartError, match='exec: "nope": executable file not found in \\$PATH'):
        find_executable("nope", str(tmp_path), tmp_path)
    with pytest.raises(StartError, match="no such file"):
        find_executable("/does/not/exist", "", tmp_path)
    (tmp_path / "plain").write_text("x")
    os.chmod(tmp_path / "plain", 0o644)
    with pytest.raises(StartError, match="permission denied"):
        find_executable(str(tmp_path / "plain"), "", tmp_path)


def test_field_refs() -> None:
    values = {"metadata.name": "pod-abcde", "status.podIP": "127.0.0.1"}
    labels = {"app": "hello", "serving.knative.dev/revision": "hello-00001"}
    annotations = {"note": "x"}
    assert field_ref("metadata.name", values, labels, annotations) == "pod-abcde"
    assert field_ref("status.podIP", values, labels, annotations) == "127.0.0.1"
    assert field_ref("metadata.labels['app']", values, labels, annotations) == "hello"
    assert field_ref('metadata.labels["serving.knative.dev/revision"]', values, labels, annotations) == "hello-00001"
    assert field_ref("metadata.annotations['note']", values, labels, annotations) == "x"
    assert field_ref("metadata.labels", values, {"b": "2", "a": "1"}, {}) == 'a="1"\nb="2"'
    assert field_ref("spec.unknown", values, labels, annotations) == ""


def test_exit_code() -> None:
    assert exit_code(0) == 0 and exit_code(3) == 3 and exit_code(-9) == 137 and exit_code(-15) == 143
