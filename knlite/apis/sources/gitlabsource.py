"""GitLabSource (``sources.knative.dev/v1alpha1``, from eventing-gitlab): GitLab webhooks as events.

The controller registers a project hook on ``spec.projectUrl`` for the listed
``eventTypes`` (using the access token) and runs a receive adapter that turns each hook
delivery (checked against the secret token) into a ``dev.knative.sources.gitlab.<event>``
CloudEvent for the sink. The CRD requires projectUrl, eventTypes, both tokens and the sink;
the webhook validates the sink.
"""

from __future__ import annotations

from knlite.apis import columns
from knlite.apis.conditions import ConditionSet
from knlite.apis.duck import (
    DEPLOYED,
    READY,
    SECRET_KEY_SELECTOR,
    SINK_PROVIDED,
    SOURCE_SPEC,
    SOURCE_STATUS,
    as_dict,
    result,
    validate_destination,
)
from knlite.apis.fielderrors import FieldError
from knlite.apis.registry import AdmissionContext, Obj, ResourceType
from knlite.apis.schema import array, boolean, duck_status, integer, kind_schema, obj, string

GROUP = "sources.knative.dev"
KIND = "GitLabSource"
WEBHOOK = "validation.webhook.gitlab.sources.knative.dev"

WEBHOOK_CONFIGURED = "WebhookConfigured"
CONDITIONS = ConditionSet(READY, SINK_PROVIDED, DEPLOYED, WEBHOOK_CONFIGURED)

EVENT_TYPE_PREFIX = "dev.knative.sources.gitlab."
# Hook names the CRD accepts in spec.eventTypes, and the CE type suffix each advertises.
EVENT_TYPES = {
    "confidential_issues_events": "issue",
    "confidential_note_events": "note",
    "deployment_events": "deployment",
    "feature_flag_events": "feature_flag",
    "issues_events": "issue",
    "job_events": "build",
    "merge_requests_events": "merge_request",
    "note_events": "note",
    "pipeline_events": "pipeline",
    "push_events": "push",
    "releases_events": "release",
    "tag_push_events": "tag_push",
    "wiki_page_events": "wiki_page",
    "resource_access_token_events": "resource_access_token",
}

_SECRET_VALUE = obj({"secretKeyRef": SECRET_KEY_SELECTOR})

SCHEMA = kind_schema(
    obj(
        {
            **SOURCE_SPEC,
            "serviceAccountName": string("Service Account to run the receive adapter as."),
            "projectUrl": string("ProjectURL is the URL of the GitLab project.", fmt="uri"),
            "eventTypes": array(string(enum=EVENT_TYPES), "List of webhooks to enable on the selected project."),
            "accessToken": _SECRET_VALUE,
            "secretToken": _SECRET_VALUE,
            "sslverify": boolean("SSLVerify enables SSL verification of the webhook."),
        },
        "GitLabSourceSpec defines the desired state of GitLabSource.",
        required=["projectUrl", "eventTypes", "accessToken", "secretToken", "sink"],
    ),
    duck_status({**SOURCE_STATUS, "webhookID": integer("ID of the project hook registered with GitLab.")}),
    "GitLabSource is the Schema for the gitlabsources API.",
)


def default(o: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    """GitLabSource has no defaults."""


def validate(o: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError | None:
    spec = as_dict(o.get("spec"))
    return result(validate_destination(spec.get("sink")).via_field("sink").via_field("spec"))


COLUMNS = (*columns.ready_reason(), columns.path("Sink", ".status.sinkUri"), columns.age())


def resource_type() -> ResourceType:
    return ResourceType(
        group=GROUP, versions=("v1alpha1",), kind=KIND, plural="gitlabsources",
        categories=("all", "knative", "eventing", "sources"), schema=SCHEMA, columns=COLUMNS,
        defaulter=default, validator=validate, webhook=WEBHOOK,
        description="GitLabSource turns GitLab webhooks into CloudEvents.",
    )
