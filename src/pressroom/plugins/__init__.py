"""plugins feature."""
