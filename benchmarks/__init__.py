"""Scripts that print JSON figures; see README.md."""
