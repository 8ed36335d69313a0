"""``migralex serve`` settles its heap before serving: the loaded rule packs are frozen out of the garbage
collector's view, so a full collection under load does not walk them (it paused every request)."""

from __future__ import annotations

import gc

from migralex.rules.registry import programs
from migralex.web.cli import settle_heap


def test_settle_heap_loads_the_packs_and_freezes_what_is_alive() -> None:
    gc.unfreeze()
    try:
        settle_heap()
        frozen = gc.get_freeze_count()
        packs = programs()
        assert packs, "the rule packs are loaded"
        assert gc.is_tracked(packs) and frozen > 10_000
        # a full collection no longer sees them: what it tracks is what was made after the freeze
        assert len(gc.get_objects()) < frozen
    finally:
        gc.unfreeze()
