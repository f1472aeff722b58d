"""``kn``: Knative's command line client, reimplemented as an HTTP client of the knlite API.

The ``kn`` console script (:func:`knlite.cli.kn.main.main`) follows kn 1.12: the same command
tree, flags, tables, describe layout, messages and waiting behaviour, against any API server
the kubeconfig points at. ``main`` parses, ``spec``/``tree``/``help`` describe the commands,
``client`` talks to the API, ``output``/``describe`` print, and one module per command family
(``service``, ``revision``, ``route``, ``domain``, ``container``, ``broker``, ``trigger``,
``channel``, ``subscription``, ``source``, ``eventtype``, ``completion``, ``misc``) does the work.
"""
