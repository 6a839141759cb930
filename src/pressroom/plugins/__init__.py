"""Plugins through one door: pluggy hooks, discovered from the ``pressroom`` entry-point group.
The built-in providers register through the same mechanism as third-party ones."""
