"""Kubernetes core kinds (core/v1, apps/v1, rbac) and the PodSpec schema they share."""
