"""Brands: guidelines, voice, channels, timezone, approval policy and score weights."""
