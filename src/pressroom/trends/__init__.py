"""trends feature."""
