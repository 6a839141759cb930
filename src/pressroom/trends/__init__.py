"""Trends: RSS/Atom feeds and manual topics in; raw observations kept, de-duplicated and
measured signals out, ranked for a brand (docs/TRENDS.md)."""
