"""writing feature."""
