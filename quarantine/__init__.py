"""The quarantine: held and quarantined mail and the teachers' decisions on it.

- ``quarantine.store``: the durable store (SQLite or PostgreSQL), ``Store.put`` for the relay;
- ``quarantine.models`` / ``quarantine/migrations``: the schema and its Alembic revisions;
- ``quarantine.actions``: list, view, release, authorise, return, escalate, delete, legal hold,
  with the permission rules and state transitions (used by the CLI, the web UI and email links);
- ``quarantine.outbox``: delivery to the next hop with retries (``run_outbox`` for the relay);
- ``quarantine.notify``: teacher digests, DSL alerts, pupil and sender notices;
- ``quarantine.links``: signed one-time email links;
- ``quarantine.audit``: the append-only, hash-chained audit log;
- ``quarantine.retention``: expiry, purge and legal hold;
- ``quarantine.cli``: ``gateway quarantine ...``.
"""
