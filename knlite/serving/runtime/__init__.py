"""The process runtime: workloads (Revisions, Deployments, ContainerSources) as local processes.

``spec`` is the contract with the reconcilers, ``supervisor.Runtime`` runs it, ``images`` resolves
image references, ``pods`` renders instances as core/v1 Pods and ``logs_http`` serves their logs.
"""
