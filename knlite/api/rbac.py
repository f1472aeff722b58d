"""RBAC authorization: would this user be allowed this verb on this resource? (``SubjectAccessReview``)

kube-apiserver's RBAC authorizer, over the Role, ClusterRole, RoleBinding and
ClusterRoleBinding objects in the store. knlite's API itself serves one admin token, so
nothing here guards the API; it answers the question Knative components ask the API server
on behalf of a ServiceAccount — ApiServerSource checks ``get``, ``list`` and ``watch`` for
its service account before it watches anything.

A request is allowed when some binding whose subjects include the user (a ``User`` by
name; a ``ServiceAccount`` by name and namespace, which defaults to the binding's; the
groups ``system:serviceaccounts``, ``system:serviceaccounts:<ns>`` and
``system:authenticated``) grants a rule that matches: the API group (or ``*``), the
resource (or ``*``), the verb (or ``*``), with no ``resourceNames`` restriction. A
RoleBinding grants in its own namespace only, through a Role of that namespace or a
ClusterRole; a ClusterRoleBinding grants everywhere through a ClusterRole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

Obj = dict[str, Any]
SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:"


@dataclass(frozen=True)
class Request:
    user: str
    verb: str
    group: str
    resource: str
    namespace: str


def groups_of(user: str) -> set[str]:
    """The groups the API server puts a user in (a service account's two, and everyone's)."""
    groups = {"system:authenticated"}
    if user.startswith(SERVICE_ACCOUNT_PREFIX):
        ns = user[len(SERVICE_ACCOUNT_PREFIX):].partition(":")[0]
        groups |= {"system:serviceaccounts", f"system:serviceaccounts:{ns}"}
    return groups


def _subject_matches(subject: Obj, user: str, groups: set[str], binding_ns: str) -> bool:
    kind = subject.get("kind")
    name = subject.get("name", "")
    if kind == "User":
        return bool(name == user)
    if kind == "Group":
        return name in groups
    if kind == "ServiceAccount":
        ns = subject.get("namespace") or binding_ns
        return f"{SERVICE_ACCOUNT_PREFIX}{ns}:{name}" == user
    return False


def _rule_allows(rule: Obj, req: Request) -> bool:
    def has(values: Iterable[str] | None, wanted: str) -> bool:
        values = list(values or [])
        return "*" in values or wanted in values

    return (has(rule.get("verbs"), req.verb) and has(rule.get("apiGroups"), req.group)
            and has(rule.get("resources"), req.resource) and not rule.get("resourceNames"))


Lister = Callable[[str, str | None], list[Obj]]  # (kind, namespace or None for all) → objects


def allowed(req: Request, list_objects: Lister) -> bool:
    """Whether ``req`` is allowed by the RBAC objects ``list_objects`` returns."""
    groups = groups_of(req.user)

    def rules(ref: Obj, namespace: str) -> list[Obj]:
        kind, name = ref.get("kind"), ref.get("name")
        if kind == "ClusterRole":
            roles = [r for r in list_objects("ClusterRole", None) if r["metadata"]["name"] == name]
        elif kind == "Role" and namespace:
            roles = [r for r in list_objects("Role", namespace) if r["metadata"]["name"] == name]
        else:
            roles = []
        return [rule for r in roles for rule in r.get("rules") or []]

    candidates = [(b, b["metadata"].get("namespace") or "") for b in list_objects("RoleBinding", req.namespace)]
    candidates += [(b, "") for b in list_objects("ClusterRoleBinding", None)]
    for binding, ns in candidates:
        if not any(_subject_matches(s, req.user, groups, ns) for s in binding.get("subjects") or []):
            continue
        if any(_rule_allows(rule, req) for rule in rules(binding.get("roleRef") or {}, ns)):
            return True
    return False
