"""publishing feature."""
