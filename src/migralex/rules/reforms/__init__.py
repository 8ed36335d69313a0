"""Named reforms: parameter overrides and replaced conditions applied to a rule pack without copying it.

Each module exposes ``REFORMS`` (a list of :class:`migralex.engine.Reform`) and is listed in
``migralex.rules.registry.REFORM_MODULES``.
"""
