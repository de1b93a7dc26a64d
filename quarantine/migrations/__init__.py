"""Alembic migrations of the quarantine store (see quarantine/models.py for how to add one)."""
