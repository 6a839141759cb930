"""Runs: one execution of the daily pipeline, its status, counts, timings and errors."""
