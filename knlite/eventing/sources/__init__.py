"""The data planes of the event sources: what Knative runs as source adapters.

``ping`` is the PingSource scheduler (the multi-tenant ping adapter), ``gitlab`` the
GitLabSource webhook receiver with ``gitlab_api`` registering its project hooks, and
``adapter`` the sending side every adapter shares (Knative's ``pkg/adapter/v2`` client).
"""
