"""Orchestration only: DBOS workflows that call feature steps in the order of SPEC §3."""
