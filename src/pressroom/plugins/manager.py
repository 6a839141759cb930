"""The plugin manager: loads hook implementations from the ``pressroom`` entry points."""

from __future__ import annotations

from functools import cache

import pluggy

from pressroom.plugins import hookspecs


@cache
def plugin_manager() -> pluggy.PluginManager:
    manager = pluggy.PluginManager("pressroom")
    manager.add_hookspecs(hookspecs)
    manager.load_setuptools_entrypoints("pressroom")
    if not manager.get_plugins():
        # Running from a source tree that was never installed: register the built-ins directly.
        from pressroom.plugins import builtins

        manager.register(builtins)
    return manager


def writer_factories() -> dict[str, hookspecs.WriterFactory]:
    merged: dict[str, hookspecs.WriterFactory] = {}
    for factories in plugin_manager().hook.pressroom_writers():
        merged.update(factories)
    return merged


def publisher_factories() -> dict[str, hookspecs.PublisherFactory]:
    merged: dict[str, hookspecs.PublisherFactory] = {}
    for factories in plugin_manager().hook.pressroom_publishers():
        merged.update(factories)
    return merged


def media_generator_factories() -> dict[str, hookspecs.MediaGeneratorFactory]:
    merged: dict[str, hookspecs.MediaGeneratorFactory] = {}
    for factories in plugin_manager().hook.pressroom_media_generators():
        merged.update(factories)
    return merged
