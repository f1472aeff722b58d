"""Names of ``networking.internal.knative.dev`` and ``networking.knative.dev`` (``register.go``).

The networking layer is configured through a few annotations (ingress and certificate class,
TLS opt-outs, HTTP option) and labels; an unknown ``networking.knative.dev/*`` annotation on
an internal object is a typo worth rejecting, which :func:`validate_annotations` does.
"""

from __future__ import annotations

from knlite.apis.fielderrors import CURRENT_FIELD, FieldError, err_invalid_key_name

GROUP = "networking.internal.knative.dev"
PUBLIC_GROUP = "networking.knative.dev"
CATEGORIES = ("knative-internal", "networking")

ROLLOUT_ANNOTATION = f"{GROUP}/rollout"
CERTIFICATE_CLASS_ANNOTATION = f"{PUBLIC_GROUP}/certificate.class"
CERTIFICATE_CLASS_ANNOTATION_ALT = f"{PUBLIC_GROUP}/certificate-class"
DISABLE_AUTO_TLS_ANNOTATION = f"{PUBLIC_GROUP}/disableAutoTLS"
DISABLE_AUTO_TLS_ANNOTATION_ALT = f"{PUBLIC_GROUP}/disable-auto-tls"
DISABLE_EXTERNAL_DOMAIN_TLS_ANNOTATION = f"{PUBLIC_GROUP}/disable-external-domain-tls"
HTTP_OPTION_ANNOTATION = f"{PUBLIC_GROUP}/httpOption"
HTTP_PROTOCOL_ANNOTATION = f"{PUBLIC_GROUP}/http-protocol"
INGRESS_CLASS_ANNOTATION = f"{PUBLIC_GROUP}/ingress.class"
INGRESS_CLASS_ANNOTATION_ALT = f"{PUBLIC_GROUP}/ingress-class"
WILDCARD_CERT_DOMAIN_LABEL = f"{PUBLIC_GROUP}/wildcardDomain"
VISIBILITY_LABEL = f"{PUBLIC_GROUP}/visibility"

PROTOCOLS = ("http1", "h2c")

_ALLOWED_ANNOTATIONS = frozenset({
    INGRESS_CLASS_ANNOTATION, CERTIFICATE_CLASS_ANNOTATION, DISABLE_AUTO_TLS_ANNOTATION,
    DISABLE_EXTERNAL_DOMAIN_TLS_ANNOTATION, HTTP_OPTION_ANNOTATION, INGRESS_CLASS_ANNOTATION_ALT,
    CERTIFICATE_CLASS_ANNOTATION_ALT, DISABLE_AUTO_TLS_ANNOTATION_ALT, HTTP_PROTOCOL_ANNOTATION,
})


def validate_annotations(annotations: dict[str, str] | None) -> FieldError:
    """Unknown ``networking.knative.dev/*`` keys are invalid; paths are the current field."""
    errs = FieldError()
    for key in annotations or {}:
        if key not in _ALLOWED_ANNOTATIONS and key.startswith(PUBLIC_GROUP):
            errs = errs.also(err_invalid_key_name(key, CURRENT_FIELD))
    return errs
