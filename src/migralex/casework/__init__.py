"""The casework service: people, cases, decisions on the rule engine, safeguards, access and audit.

* :mod:`.models` - tables (schema by Alembic revision ``0100_casework``).
* :mod:`.store` - engine and sessions; every commit appends the staged audit entries to the chain.
* :mod:`.audit` - the hash-chained, append-only audit log and its verifier.
* :mod:`.access` - users, roles, passwords (argon2), sessions and bearer tokens, per-case access.
* :mod:`.safeguards` - the checks that block adverse decisions, with their legal sources.
* :mod:`.lifecycle` - people, cases, decisions, statuses, deadlines and the work queue.
* :mod:`.designations` - safe-country designations and bulk review cases.
* :mod:`.api` - the versioned REST API (``/api/v1``).
"""
