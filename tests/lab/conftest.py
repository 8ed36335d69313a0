"""Fixtures for the lab's web tests: the casework app and its signed-in users (both backends)."""

from __future__ import annotations

from tests.casework.conftest import Api, app, client, db_url, make_api, sessions

__all__ = ["Api", "app", "client", "db_url", "make_api", "sessions"]
