"""API errors as Kubernetes ``Status`` objects.

kubectl and every Kubernetes client decide what to print (and whether to retry) from the
``reason`` and ``code`` of a ``Status`` body, so each failure the API can produce is one
:class:`ApiError` built here with the apiserver's wording: ``services.serving.knative.dev
"hello" not found``, ``Operation cannot be fulfilled on ...``, ``... is invalid: ...``.
"""

from __future__ import annotations

from typing import Any

from knlite.apis.fielderrors import FieldError
from knlite.apis.registry import ResourceType

MAX_BODY = 3 * 1024 * 1024


class ApiError(Exception):
    def __init__(self, code: int, reason: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details

    def status(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": self.message,
            "reason": self.reason,
            "code": self.code,
        }
        if self.details:
            body["details"] = self.details
        return body


def _details(rt: ResourceType | None, name: str, **extra: Any) -> dict[str, Any]:
    d: dict[str, Any] = {}
    if name:
        d["name"] = name
    if rt is not None:
        if rt.group:
            d["group"] = rt.group
        d["kind"] = rt.plural
    d.update(extra)
    return d


def not_found(rt: ResourceType, name: str) -> ApiError:
    return ApiError(404, "NotFound", f'{rt.group_resource} "{name}" not found', _details(rt, name))


def namespace_not_found(name: str) -> ApiError:
    return ApiError(404, "NotFound", f'namespaces "{name}" not found', {"name": name, "kind": "namespaces"})


def already_exists(rt: ResourceType, name: str) -> ApiError:
    return ApiError(409, "AlreadyExists", f'{rt.group_resource} "{name}" already exists', _details(rt, name))


def conflict(rt: ResourceType, name: str, why: str = "") -> ApiError:
    why = why or "the object has been modified; please apply your changes to the latest version and try again"
    return ApiError(409, "Conflict", f'Operation cannot be fulfilled on {rt.group_resource} "{name}": {why}',
                    _details(rt, name))


def qualified_kind(rt: ResourceType) -> str:
    return f"{rt.kind}.{rt.group}" if rt.group else rt.kind


def _invalid_details(rt: ResourceType, name: str, causes: list[dict[str, str]]) -> dict[str, Any]:
    # For Invalid, the apiserver names the Kind (``Service``), not the resource, in details.
    d: dict[str, Any] = {"name": name, "kind": rt.kind, "causes": causes}
    if rt.group:
        d["group"] = rt.group
    return d


def invalid(rt: ResourceType, name: str, causes: list[dict[str, str]], message: str | None = None) -> ApiError:
    """422 Invalid. ``causes`` are Kubernetes StatusCauses (field, message, reason)."""
    if message is None:
        rendered = [f"{c['field']}: {c['message']}" if c.get("field") else c["message"] for c in causes]
        body = rendered[0] if len(rendered) == 1 else "[" + ", ".join(rendered) + "]"
        message = f'{qualified_kind(rt)} "{name}" is invalid: {body}'
    return ApiError(422, "Invalid", message, _invalid_details(rt, name, causes))


def invalid_scale(name: str, replicas: Any) -> ApiError:
    """422 for a Scale whose ``spec.replicas`` is not a non-negative integer."""
    if isinstance(replicas, int) and not isinstance(replicas, bool):
        msg = f"Invalid value: {replicas}: must be greater than or equal to 0"
    else:
        msg = f"Invalid value: {_go_quote(replicas)}: must be an integer"
    cause = {"reason": "FieldValueInvalid", "message": msg, "field": "spec.replicas"}
    return ApiError(422, "Invalid", f'Scale.autoscaling "{name}" is invalid: spec.replicas: {msg}',
                    {"name": name, "group": "autoscaling", "kind": "Scale", "causes": [cause]})


def field_invalid(rt: ResourceType, name: str, path: str, value: Any, detail: str) -> ApiError:
    """A single ``field.Invalid`` error as the apiserver's own validation reports it."""
    msg = f"Invalid value: {_go_quote(value)}: {detail}"
    return invalid(rt, name, [{"reason": "FieldValueInvalid", "message": msg, "field": path}])


def field_required(rt: ResourceType, name: str, path: str, detail: str = "") -> ApiError:
    msg = "Required value" + (f": {detail}" if detail else "")
    return invalid(rt, name, [{"reason": "FieldValueRequired", "message": msg, "field": path}])


def webhook_denied(rt: ResourceType, name: str, err: FieldError) -> ApiError:
    """A Knative validating webhook's denial: ``admission webhook "..." denied the request: ...``."""
    message = f'admission webhook "{rt.webhook}" denied the request: validation failed: {err}'
    return ApiError(422, "Invalid", message, _invalid_details(rt, name, err.causes()))


def bad_request(message: str) -> ApiError:
    return ApiError(400, "BadRequest", message)


def forbidden(rt: ResourceType, name: str, why: str) -> ApiError:
    return ApiError(403, "Forbidden", f'{rt.group_resource} "{name}" is forbidden: {why}', _details(rt, name))


def method_not_allowed(verb: str = "") -> ApiError:
    return ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource")


def unsupported_media_type(content_type: str, accepted: list[str]) -> ApiError:
    return ApiError(415, "UnsupportedMediaType",
                    f"the body of the request was in an unknown format - accepted media types include: "
                    f"{', '.join(accepted)}")


def too_large() -> ApiError:
    return ApiError(413, "RequestEntityTooLarge", f"Request entity too large: limit is {MAX_BODY}")


def unauthorized() -> ApiError:
    return ApiError(401, "Unauthorized", "Unauthorized")


def resource_not_found() -> ApiError:
    return ApiError(404, "NotFound", "the server could not find the requested resource")


def expired(message: str) -> ApiError:
    return ApiError(410, "Expired", message)


def internal(message: str) -> ApiError:
    return ApiError(500, "InternalError", f"Internal error occurred: {message}")


def _go_quote(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)
