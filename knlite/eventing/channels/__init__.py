"""Channel implementations' data planes (each a :class:`~knlite.eventing.handlers.ChannelBackend`)."""
