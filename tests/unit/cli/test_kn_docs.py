"""docs/cli.md is the CLI's own help, and the completion scripts are valid shell."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from knlite.cli.kn import completion, docgen, tree
from knlite.cli.kn.help import help_text

ROOT = Path(__file__).resolve().parents[3]


def test_docs_cli_md_is_current() -> None:
    current = (ROOT / "docs" / "cli.md").read_text()
    assert current == docgen.render(), "docs/cli.md is stale: run `python -m knlite.cli.kn.docgen > docs/cli.md`"


def test_docs_cover_every_command() -> None:
    text = docgen.render()
    for path in tree.walk(""):
        assert f"### kn {path}\n\n```\n{help_text(path).rstrip()}\n```" in text


def test_bash_completion() -> None:
    script = completion.bash_script()
    subprocess.run(["bash", "-n"], input=script, text=True, check=True)
    probe = script + 'COMP_WORDS=(kn ksvc cr); COMP_CWORD=2; __kn_complete; echo "${COMPREPLY[@]}"\n' \
                     'COMP_WORDS=(kn source ping create x --sc); COMP_CWORD=5; __kn_complete; echo "${COMPREPLY[@]}"\n'
    out = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out == ["create", "--schedule"]


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh not installed")
def test_zsh_completion() -> None:
    subprocess.run(["zsh", "-n"], input=completion.zsh_script(), text=True, check=True)
