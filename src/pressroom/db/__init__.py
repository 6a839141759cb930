"""Persistence: declarative base, engines and sessions, upserts, Alembic migrations."""
