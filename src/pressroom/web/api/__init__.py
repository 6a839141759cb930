"""REST API v1: one router module per resource, all on the same service layer as the CLI."""
