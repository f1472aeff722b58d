"""YAML the way kn and kubectl write it (sigs.k8s.io/yaml over go-yaml v2).

Keys are sorted, sequences are not indented under their key, strings that need quoting get
double quotes (``"1"``, ``""``), multi-line strings are literal blocks and long lines are not
folded. PyYAML's emitter does all of this once its quoting choice is nudged from single to
double quotes.
"""

from __future__ import annotations

from typing import Any

import yaml


class _Dumper(yaml.SafeDumper):
    def choose_scalar_style(self) -> str:
        style = super().choose_scalar_style()
        return '"' if style == "'" else style


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value and not value.startswith((" ", "\t")):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def dump(obj: Any) -> str:
    return yaml.dump(obj, Dumper=_Dumper, sort_keys=True, default_flow_style=False, allow_unicode=True,
                     width=1 << 30)
