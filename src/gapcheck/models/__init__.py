"""Pydantic models: one per concept, each rejecting unknown keys."""
