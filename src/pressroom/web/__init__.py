"""The studio: one FastAPI app serving the REST API (``/api/v1``) and the web UI."""
