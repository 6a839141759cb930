"""The app context for commands (defined in :mod:`pressroom.app`, which the workflow engine
also uses, so the engine never imports the CLI)."""

from pressroom.app import AppContext, open_app

__all__ = ["AppContext", "open_app"]
