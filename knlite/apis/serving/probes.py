"""Readiness and liveness probes of a Revision (the probe half of ``k8s_validation.go``).

The queue-proxy, not the kubelet, runs a Revision's readiness probe, and a probe with
``periodSeconds: 0`` (the default) selects its aggressive sub-second probing, whose failure
threshold and timeout are fixed. Probes may only target the serving port (by name), and each
names exactly one handler.
"""

from __future__ import annotations

from typing import Any

from knlite.apis.fielderrors import (
    FieldError,
    err_invalid_value,
    err_missing_one_of,
    err_multiple_one_of,
    err_out_of_bounds,
)
from knlite.apis.serving import fieldmask as mask
from knlite.apis.serving.fieldmask import check_disallowed, sub

Obj = dict[str, Any]
MAX_INT32 = 2**31 - 1


def _port_str(p: Any) -> str:
    return p if isinstance(p, str) else ""


def validate_probe(probe: Obj | None, port: Obj) -> FieldError:
    """One of httpGet/tcpSocket/exec/grpc, named ports matching the serving port."""
    if probe is None:
        return FieldError()
    errs = FieldError().also(check_disallowed(probe, mask.PROBE, inline=mask.PROBE_HANDLERS))
    handlers = []
    port_name = port.get("name", "")
    # Knative applies ViaField to everything gathered so far at each handler; kept as is.
    http_get = sub(probe, "httpGet")
    if http_get is not None:
        handlers.append("httpGet")
        errs = errs.also(check_disallowed(http_get, mask.HTTP_GET)).via_field("httpGet")
        named = _port_str(http_get.get("port"))
        if named and named != port_name:
            errs = errs.also(err_invalid_value(named, "httpGet.port", details="Probe port must match container port"))
    tcp = sub(probe, "tcpSocket")
    if tcp is not None:
        handlers.append("tcpSocket")
        errs = errs.also(check_disallowed(tcp, mask.TCP_SOCKET)).via_field("tcpSocket")
        named = _port_str(tcp.get("port"))
        if named and named != port_name:
            errs = errs.also(err_invalid_value(named, "tcpSocket.port", details="Probe port must match container port"))
    exec_ = sub(probe, "exec")
    if exec_ is not None:
        handlers.append("exec")
        errs = errs.also(check_disallowed(exec_, mask.EXEC)).via_field("exec")
    grpc = sub(probe, "grpc")
    if grpc is not None:
        handlers.append("gRPC")
        errs = errs.also(check_disallowed(grpc, mask.GRPC)).via_field("grpc")
    if not handlers:
        errs = errs.also(err_missing_one_of("httpGet", "tcpSocket", "exec", "grpc"))
    elif len(handlers) > 1:
        errs = errs.also(err_multiple_one_of(*handlers))
    return errs


def validate_readiness_probe(probe: Obj | None, port: Obj) -> FieldError:
    """Besides :func:`validate_probe`: ``periodSeconds: 0`` selects Knative's aggressive probing,
    which owns the failure threshold and timeout."""
    if probe is None:
        return FieldError()
    errs = validate_probe(probe, port)
    period = probe.get("periodSeconds") or 0
    initial = probe.get("initialDelaySeconds") or 0
    success = probe.get("successThreshold") or 0
    failure = probe.get("failureThreshold") or 0
    timeout = probe.get("timeoutSeconds") or 0
    if period < 0:
        errs = errs.also(err_out_of_bounds(period, 0, MAX_INT32, "periodSeconds"))
    if initial < 0:
        errs = errs.also(err_out_of_bounds(initial, 0, MAX_INT32, "initialDelaySeconds"))
    if success < 1:
        errs = errs.also(err_out_of_bounds(success, 1, MAX_INT32, "successThreshold"))
    if period == 0:
        if failure != 0:
            errs = errs.also(FieldError.new("failureThreshold is disallowed when periodSeconds is zero",
                                            "failureThreshold"))
        if timeout != 0:
            errs = errs.also(FieldError.new("timeoutSeconds is disallowed when periodSeconds is zero",
                                            "timeoutSeconds"))
    else:
        if timeout < 1:
            errs = errs.also(err_out_of_bounds(timeout, 1, MAX_INT32, "timeoutSeconds"))
        if failure < 1:
            errs = errs.also(err_out_of_bounds(failure, 1, MAX_INT32, "failureThreshold"))
    return errs
