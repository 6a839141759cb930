"""Fixtures of the links tests: the live studio of ``tests/web``."""

from tests.web.conftest import studio

__all__ = ["studio"]
