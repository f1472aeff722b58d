"""API kinds: one package per API group, each with a ``register`` function (see ``catalog``)."""
