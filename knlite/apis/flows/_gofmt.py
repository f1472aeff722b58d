"""Go's ``%v`` rendering of flow steps and branches, as it appears in Knative's messages.

Sequence and Parallel report a bad step or branch with ``apis.ErrInvalidArrayValue(step, ...)``,
which prints the whole Go struct with ``%v``: ``invalid value: {{<nil>  <nil> <nil>} <nil>}:
spec.steps[0]``. Inside a struct, fmt prints a ``*KReference`` with its ``String()`` method, a
``*apis.URL`` as the URL, nil pointers as ``<nil>`` and other pointers as their address; an
address is not reproducible, so a fixed placeholder stands in for it.
"""

from __future__ import annotations

from typing import Any

from knlite.apis.duck import as_dict, as_str

POINTER = "0xc000010000"  # stands in for a Go pointer address


def _ptr(value: Any) -> str:
    return "<nil>" if value is None else POINTER


def kreference(ref: Any) -> str:
    if not isinstance(ref, dict):
        return "<nil>"
    return (f"Kind = {as_str(ref.get('kind'))}, Namespace = {as_str(ref.get('namespace'))}, "
            f"Name = {as_str(ref.get('name'))}, APIVersion = {as_str(ref.get('apiVersion'))}, "
            f"Group = {as_str(ref.get('group'))}, Address = {as_str(ref.get('address'))}")


def destination(dest: Any) -> str:
    """A ``duckv1.Destination`` value: ``{ref uri CACerts audience}``."""
    d = as_dict(dest)
    return f"{{{kreference(d.get('ref'))} {as_str(d.get('uri'))} {_ptr(d.get('CACerts'))} {_ptr(d.get('audience'))}}}"


def sequence_step(step: Any) -> str:
    """A ``SequenceStep``: the inlined Destination and the ``*DeliverySpec``."""
    return f"{{{destination(step)} {_ptr(as_dict(step).get('delivery'))}}}"


def parallel_branch(branch: Any) -> str:
    """A ``ParallelBranch``: ``*Destination`` filter, Destination subscriber, ``*Destination`` reply, delivery."""
    b = as_dict(branch)
    return (f"{{{_ptr(b.get('filter'))} {destination(b.get('subscriber'))} {_ptr(b.get('reply'))} "
            f"{_ptr(b.get('delivery'))}}}")
