"""ideas feature."""
