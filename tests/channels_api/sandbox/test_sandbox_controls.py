"""The /_sandbox/ controls: faults, the log, latency, accounts, seed scale."""

from __future__ import annotations

import time

import pytest
import requests
from werkzeug.serving import WSGIRequestHandler

from channels_api.sandbox.server import TimedRequestHandler
from channels_api.sandbox.testing import RunningSandbox, start_sandbox


def templates_path(api):
    return f"/channels/v1/accounts/{api.sandbox.account_id}{api.wa}/templates"


def test_a_fault_answers_its_status_with_a_json_message(api, sandbox):
    sandbox.fault("GET", templates_path(api), status=503)
    answer = api.get(f"{api.wa}/templates")
    assert answer.status_code == 503
    assert "503" in answer.json()["message"]


def test_a_fault_is_honoured_count_times_then_answers_are_normal_again(api, sandbox):
    sandbox.fault("GET", templates_path(api), count=2, status=500)
    statuses = [api.get(f"{api.wa}/templates").status_code for _ in range(3)]
    assert statuses == [500, 500, 200]


def test_a_fault_only_matches_its_method_and_path(api, sandbox):
    sandbox.fault("POST", templates_path(api), status=500)
    assert api.get(f"{api.wa}/templates").status_code == 200
    sandbox.clear_faults()
    sandbox.fault("GET", "/channels/v1/accounts/*", status=502)
    assert api.get("/keywords").status_code == 502
    assert api.get("/keywords").status_code == 200


def test_a_fault_path_may_leave_out_the_channels_v1_prefix(api, sandbox):
    sandbox.fault("*", f"/accounts/{sandbox.account_id}/keywords", status=429, retry_after=2)
    answer = api.get("/keywords")
    assert answer.status_code == 429
    assert answer.headers["Retry-After"] == "2"


def test_a_fault_can_delay_and_then_answer_normally(api, sandbox):
    sandbox.fault("GET", templates_path(api), delay_ms=300)
    started = time.monotonic()
    answer = api.get(f"{api.wa}/templates")
    assert answer.status_code == 200
    assert answer.json()
    assert time.monotonic() - started >= 0.3


def test_a_malformed_fault_answers_a_truncated_body(api, sandbox):
    sandbox.fault("GET", templates_path(api), malformed=True)
    answer = api.get(f"{api.wa}/templates")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("application/json")
    with pytest.raises(requests.exceptions.JSONDecodeError):
        answer.json()


def test_a_fault_can_carry_its_own_body(api, sandbox):
    sandbox.fault(
        "GET", templates_path(api), status=400, body={"errorCode": 7, "errorMessage": "x"}
    )
    assert api.get(f"{api.wa}/templates").json() == {"errorCode": 7, "errorMessage": "x"}
    sandbox.fault("GET", templates_path(api), status=500, body="Internal oops")
    answer = api.get(f"{api.wa}/templates")
    assert answer.text == "Internal oops"
    assert answer.headers["Content-Type"].startswith("text/plain")


def test_an_after_apply_fault_carries_the_write_out_and_loses_its_answer(api, sandbox):
    count = len(api.ok("GET", "/keywords", params={"take": 500}))
    sandbox.fault("POST", f"/accounts/{sandbox.account_id}/keywords", status=503, after_apply=True)
    number = api.ok("GET", "/phonenumbers", params={"take": 1})[0]
    answer = api.post("/keywords", json={"phoneNumberId": number["id"], "keyword": "LOSTANSWER"})
    assert answer.status_code == 503
    claims = api.ok("GET", "/keywords", params={"take": 500})
    assert len(claims) == count + 1
    assert [c["keyword"] for c in claims].count("LOSTANSWER") == 1


def test_a_plain_fault_does_not_carry_the_write_out(api, sandbox):
    count = len(api.ok("GET", "/keywords", params={"take": 500}))
    sandbox.fault("POST", f"/accounts/{sandbox.account_id}/keywords", status=503)
    number = api.ok("GET", "/phonenumbers", params={"take": 1})[0]
    answer = api.post("/keywords", json={"phoneNumberId": number["id"], "keyword": "LOSTANSWER"})
    assert answer.status_code == 503
    assert len(api.ok("GET", "/keywords", params={"take": 500})) == count


def test_clearing_faults_disarms_them(api, sandbox):
    sandbox.fault("GET", templates_path(api), count=5, status=503)
    sandbox.clear_faults()
    assert api.get(f"{api.wa}/templates").status_code == 200


def test_the_log_records_method_path_query_and_status_in_order(api, sandbox):
    api.get("/keywords", params={"keyword": ["A", "B"], "take": 5})
    api.post("/keywords", json={"phoneNumberId": "1", "keyword": "X"})
    sandbox.fault("GET", "/channels/v1/*", status=503)
    api.get("/channels")
    log = sandbox.log()
    assert [(e["method"], e["status"]) for e in log] == [("GET", 200), ("POST", 404), ("GET", 503)]
    first = log[0]
    assert first["path"] == f"/channels/v1/accounts/{sandbox.account_id}/keywords"
    assert first["query"] == "keyword=A&keyword=B&take=5"
    assert first["params"] == {"keyword": ["A", "B"], "take": ["5"]}
    assert first["account_id"] == sandbox.account_id
    assert first["time"].endswith("Z")
    assert log[1]["body"] == {"phoneNumberId": "1", "keyword": "X"}
    assert log[2]["fault"] is True
    assert all(sandbox.token not in str(e) for e in log)


def test_clearing_the_log_empties_it_and_controls_are_not_logged(api, sandbox):
    api.get("/channels/types")
    sandbox.clear_log()
    sandbox.advance(1)
    assert sandbox.log() == []


def test_refused_requests_are_logged_too(sandbox):
    requests.get(sandbox.account_url() + "/channels", timeout=5)
    assert [e["status"] for e in sandbox.log()] == [401]


def _slowed(method):
    def slow(*args, **kwargs):
        time.sleep(0.08)
        return method(*args, **kwargs)

    return slow


def test_the_logged_duration_covers_reading_the_request(api, sandbox, monkeypatch):
    # Building the request from what was read is the upstream's work: a client's own time
    # (the bench's) is its page time less this duration.
    monkeypatch.setattr(
        WSGIRequestHandler, "make_environ", _slowed(WSGIRequestHandler.make_environ)
    )
    api.get("/channels/types")
    monkeypatch.undo()
    (entry,) = sandbox.log()
    assert entry["duration_ms"] >= 80


def test_the_logged_duration_covers_writing_the_answer(api, sandbox, monkeypatch):
    monkeypatch.setattr(
        TimedRequestHandler, "send_response", _slowed(TimedRequestHandler.send_response)
    )
    api.get("/channels/types")
    monkeypatch.undo()
    (entry,) = sandbox.log()
    assert entry["duration_ms"] >= 80


def test_latency_adds_delay_to_every_answer(sandbox):
    with start_sandbox(latency_ms=200) as slow:
        headers = {"X-CM-PRODUCTTOKEN": slow.token}
        started = time.monotonic()
        answer = requests.get(slow.account_url() + "/channels/types", headers=headers, timeout=5)
        assert answer.status_code == 200
        assert time.monotonic() - started >= 0.2
        started = time.monotonic()
        requests.get(slow.account_url() + "/channels/types", timeout=5)  # 401, still delayed
        assert time.monotonic() - started >= 0.2


def test_latency_can_be_changed_until_the_next_reset(api, sandbox):
    sandbox.settings(latency_ms=150)
    started = time.monotonic()
    api.get("/channels/types")
    assert time.monotonic() - started >= 0.15
    sandbox.reset()
    assert sandbox.settings()["latency_ms"] == 0


def test_an_account_added_at_run_time_is_served(sandbox):
    account, token = "7c2e4b1a-9d3f-4e5a-8b6c-0d1e2f3a4b5c", "3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d"
    sandbox.add_account(account, token, scale={"templates": 3})
    try:
        answer = requests.get(
            sandbox.account_url(account) + "/keywords",
            headers={"X-CM-PRODUCTTOKEN": token},
            timeout=5,
        )
        assert answer.status_code == 200
        assert answer.json()
    finally:
        sandbox.accounts.remove((account, token))


def test_seed_scale_gives_the_counts():
    with start_sandbox(scale={"templates": 2000, "numbers": 1000, "keywords": 500}) as big:
        headers = {"X-CM-PRODUCTTOKEN": big.token}
        base = big.account_url()
        types = requests.get(base + "/channels/types", headers=headers, timeout=10).json()
        whatsapp = next(t["id"] for t in types if t["description"] == "WhatsApp")
        live = next(
            r["id"]
            for r in requests.get(base + "/channels/requests", headers=headers, timeout=10).json()
            if r["isActive"] and r["channelTypeId"] == whatsapp
        )
        templates = requests.get(f"{base}/whatsapp/{live}/templates", headers=headers, timeout=10)
        numbers = requests.get(base + "/phonenumbers", headers=headers, timeout=10)
        keywords = requests.get(base + "/keywords", headers=headers, timeout=10)
        assert len(templates.json()) == 2000
        assert len(numbers.json()) == 1000
        assert len(keywords.json()) == 500
        page = requests.get(
            base + "/keywords", params={"skip": 490, "take": 50}, headers=headers, timeout=10
        )
        assert len(page.json()) == 10


def test_attach_steers_a_sandbox_by_its_url(sandbox):
    attached = RunningSandbox.attach(sandbox.root_url, sandbox.accounts)
    attached.fault("GET", "/channels/v1/*", status=418)
    answer = requests.get(
        sandbox.account_url() + "/channels", headers={"X-CM-PRODUCTTOKEN": sandbox.token}, timeout=5
    )
    assert answer.status_code == 418
    attached.stop()  # leaves a sandbox it did not start alone
    assert attached.health()["status"] == "ok"


def test_the_health_endpoint_lists_the_accounts(sandbox):
    health = sandbox.health()
    assert health["status"] == "ok"
    assert [a for a, _ in sandbox.accounts] == health["accounts"][:2]


def test_the_log_records_how_many_bytes_each_answer_carried(api, sandbox):
    one = api.get("/keywords", params={"take": 1})
    five = api.get("/keywords", params={"take": 5})
    small, large = sandbox.log()
    assert small["response_bytes"] == len(one.content)
    assert large["response_bytes"] == len(five.content)
    assert large["response_bytes"] > small["response_bytes"]


def test_settle_waits_for_a_delayed_answer_whose_client_gave_up(sandbox):
    path = f"/channels/v1/accounts/{sandbox.account_id}/channels"
    sandbox.fault("GET", path, delay_ms=800)
    with pytest.raises(requests.exceptions.Timeout):
        requests.get(
            sandbox.root_url + path,
            headers={"X-CM-PRODUCTTOKEN": sandbox.token},
            timeout=0.1,
        )
    assert sandbox.health()["in_flight"] == 1
    sandbox.settle()
    assert sandbox.health()["in_flight"] == 0
    assert [entry["path"] for entry in sandbox.log()] == [path]
