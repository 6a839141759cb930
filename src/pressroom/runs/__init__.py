"""runs feature."""
