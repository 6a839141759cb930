"""Publishing connectors: the ``Publisher`` protocol and the built-in outbox folder."""
