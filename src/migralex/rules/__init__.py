"""Rule packs (jurisdictions) and reforms. See :mod:`migralex.rules.registry`."""
