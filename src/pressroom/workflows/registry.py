"""Imports every workflow module so DBOS knows all workflows and steps before launch."""

from pressroom.workflows import daily, publish, render, review_gate, schedules

__all__ = ["daily", "publish", "render", "review_gate", "schedules"]
