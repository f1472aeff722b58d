"""RBAC authorization over Role/ClusterRole/RoleBinding/ClusterRoleBinding objects (table-driven)."""

from __future__ import annotations

from typing import Any

import pytest

from knlite.api.rbac import Request, allowed, groups_of

Obj = dict[str, Any]
SA = "system:serviceaccount:default:pod-watcher"


def obj(kind: str, name: str, ns: str = "", **body: Any) -> Obj:
    meta = {"name": name, **({"namespace": ns} if ns else {})}
    return {"kind": kind, "metadata": meta, **body}


POD_READER = obj("Role", "pod-reader", "default",
                 rules=[{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list", "watch"]}])
SEED_BINDING = obj("RoleBinding", "pod-reader", "default",
                   roleRef={"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "pod-reader"},
                   subjects=[{"kind": "ServiceAccount", "name": "pod-watcher"}])
VIEW_ALL = obj("ClusterRole", "view-all", rules=[{"apiGroups": ["*"], "resources": ["*"], "verbs": ["get", "list"]}])


def lister(*objs: Obj) -> Any:
    def list_objects(kind: str, ns: str | None) -> list[Obj]:
        return [o for o in objs if o["kind"] == kind and (ns is None or o["metadata"].get("namespace") == ns)]
    return list_objects


@pytest.mark.parametrize(("objs", "req", "want"), [
    # the seed's E85 objects: pods in default, get/list/watch
    ((POD_READER, SEED_BINDING), Request(SA, "watch", "", "pods", "default"), True),
    ((POD_READER, SEED_BINDING), Request(SA, "delete", "", "pods", "default"), False),
    ((POD_READER, SEED_BINDING), Request(SA, "get", "", "pods", "other"), False),
    ((POD_READER, SEED_BINDING), Request(SA, "get", "apps", "pods", "default"), False),
    ((POD_READER, SEED_BINDING), Request(SA, "get", "", "services", "default"), False),
    ((POD_READER,), Request(SA, "get", "", "pods", "default"), False),  # no binding
    ((SEED_BINDING,), Request(SA, "get", "", "pods", "default"), False),  # binding to a missing role
    # another service account of the same name in another namespace is someone else
    ((POD_READER, SEED_BINDING), Request("system:serviceaccount:other:pod-watcher", "get", "", "pods", "default"),
     False),
    # a ClusterRole through a RoleBinding: only in the binding's namespace
    ((VIEW_ALL, obj("RoleBinding", "b", "default", roleRef={"kind": "ClusterRole", "name": "view-all"},
                    subjects=[{"kind": "ServiceAccount", "name": "pod-watcher", "namespace": "default"}])),
     Request(SA, "list", "apps", "deployments", "default"), True),
    ((VIEW_ALL, obj("RoleBinding", "b", "default", roleRef={"kind": "ClusterRole", "name": "view-all"},
                    subjects=[{"kind": "ServiceAccount", "name": "pod-watcher"}])),
     Request(SA, "list", "apps", "deployments", "kube-system"), False),
    # a ClusterRoleBinding: everywhere; wildcards in the rule; verbs still count
    ((VIEW_ALL, obj("ClusterRoleBinding", "c", roleRef={"kind": "ClusterRole", "name": "view-all"},
                    subjects=[{"kind": "Group", "name": "system:serviceaccounts"}])),
     Request(SA, "get", "serving.knative.dev", "services", "anywhere"), True),
    ((VIEW_ALL, obj("ClusterRoleBinding", "c", roleRef={"kind": "ClusterRole", "name": "view-all"},
                    subjects=[{"kind": "Group", "name": "system:serviceaccounts"}])),
     Request(SA, "watch", "", "pods", "default"), False),
    # a User subject; resourceNames restricts a rule to named objects, never a whole collection
    ((POD_READER, obj("RoleBinding", "u", "default", roleRef={"kind": "Role", "name": "pod-reader"},
                      subjects=[{"kind": "User", "name": "alice"}])),
     Request("alice", "get", "", "pods", "default"), True),
    ((obj("Role", "named", "default", rules=[{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"],
                                               "resourceNames": ["one"]}]),
      obj("RoleBinding", "n", "default", roleRef={"kind": "Role", "name": "named"},
          subjects=[{"kind": "ServiceAccount", "name": "pod-watcher"}])),
     Request(SA, "get", "", "pods", "default"), False),
])
def test_allowed(objs: tuple[Obj, ...], req: Request, want: bool) -> None:
    assert allowed(req, lister(*objs)) is want


def test_groups_of_service_account() -> None:
    assert groups_of(SA) == {"system:authenticated", "system:serviceaccounts", "system:serviceaccounts:default"}
    assert groups_of("alice") == {"system:authenticated"}
