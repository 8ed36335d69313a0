"""A casework SQLite file keeps its connections open between requests: eight requests at once, again and
again, open eight connections once (SQLAlchemy's default pool kept five and opened and closed the others
on every round, each with its pragmas)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event, text

from migralex.casework.store import casework_engine, reading


def test_eight_concurrent_connections_are_kept_open(tmp_path: Path) -> None:
    engine = casework_engine(f"sqlite:///{tmp_path / 'pool.sqlite3'}")
    opened: list[object] = []
    event.listen(engine, "connect", lambda conn, _record: opened.append(conn))
    try:
        for _round in range(3):
            with reading():  # read snapshots side by side (writers would take turns)
                held = [engine.connect() for _ in range(8)]
                for conn in held:
                    conn.execute(text("SELECT 1"))
                for conn in held:
                    conn.close()
        assert len(opened) == 8
    finally:
        engine.dispose()
