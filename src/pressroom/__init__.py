"""Pressroom: a self-hostable content studio that closes the loop from results back to writing."""

__version__ = "0.1.0"
