"""The load cycle's requests take one trip to the threadpool each: the token, the work, the commit."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
import pytest

from tests.casework.helpers import person


def test_reading_a_case_is_one_threadpool_job_and_still_audited(
    make_api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna, ida = make_api("caseworker"), make_api("auditor")
    case = anna.post("/cases", {"kind": "asylum_claim", "person_id": person(anna)["id"]})
    jobs: list[str] = []
    run_sync = anyio.to_thread.run_sync

    async def counted(func: Any, *args: Any, **kwargs: Any) -> Any:
        jobs.append(repr(func))
        return await run_sync(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    assert anna.get(f"/cases/{case['id']}")["reference"] == case["reference"]
    assert len(jobs) == 1, jobs
    monkeypatch.undo()
    entries = ida.get(f"/audit?case_id={case['id']}&limit=200")["items"]
    assert (anna.username, "case.read") in [(e["actor"], e["action"]) for e in entries]
    anna.get(f"/cases/{case['id'] + 10_000}", expect=404)  # absent: the same answer as not-yours


def test_a_bad_token_on_a_case_read_is_refused(make_api: Any, client: Any) -> None:
    anna = make_api("caseworker")
    case = anna.post("/cases", {"kind": "asylum_claim", "person_id": person(anna)["id"]})
    r = client.get(f"/api/v1/cases/{case['id']}", headers={"Authorization": "Bearer not-a-token"})
    assert r.status_code == 401


def test_creating_a_person_a_case_and_a_decision_take_one_threadpool_job_each(
    make_api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = make_api("caseworker")
    jobs: list[str] = []
    run_sync = anyio.to_thread.run_sync

    async def counted(func: Any, *args: Any, **kwargs: Any) -> Any:
        jobs.append(repr(func))
        return await run_sync(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    p = person(anna)
    case = anna.post("/cases", {"kind": "asylum_claim", "person_id": p["id"]})
    body = {"kind": "grant", "decision_date": "2025-01-10", "reasons": "test", "permit_until": "2026-01-10"}
    key = {"Idempotency-Key": f"k-{case['id']}"}
    decision = anna.post(f"/cases/{case['id']}/decisions", body, headers=key)
    assert len(jobs) == 3, jobs
    assert anna.post(f"/cases/{case['id']}/decisions", body, headers=key) == decision  # the replay


def test_a_role_that_may_not_record_people_is_refused(make_api: Any) -> None:
    auditor = make_api("auditor")
    body = {"full_name": "Refused Person", "nationality": "SY", "birth_date": "1990-01-01"}
    assert "recording a person" in str(auditor.post("/people", body, expect=403))
