"""The preview under every kind of upstream fault, read by read (its URL carries the choices,
so the page sweep, which knows only the access matrix's URLs, cannot reach it): it answers
(never a 500), says what failed in describe_failure's words, still shows the rest, and offers
no "Copy" while the target could not be read. A chosen template CM.com does not have is a 404,
as the studio's editor answers."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.dashboard.copying.conftest import Copy
from tests.dashboard.security.faults import (
    READ_FAULTS,
    before_each_request,
    fast_upstream,  # noqa: F401  (a fixture)
    plain,
    says_one_of,
    text_of,
)

SOURCE = "/whatsapp/{source}/templates/{template}"
TARGET_READS = {
    "target languages": "/whatsapp/{target}/languages",
    "target categories": "/whatsapp/{target}/templates/categories",
    "target names": "/whatsapp/{target}/templates",
}


@pytest.mark.parametrize("read", sorted(TARGET_READS))
def test_a_target_read_that_fails_is_said_and_copy_waits(
    read: str,
    admin_client: Client,
    copy: Copy,
    fast_upstream: None,  # noqa: F811
) -> None:
    spring = copy.source.id_of("spring_sale")
    url = copy.url("preview", **copy.choices([spring]))
    path = f"/accounts/{copy.target.account.account_id}" + TARGET_READS[read].format(
        target=copy.target.request_id
    )
    problems = {}
    for fault in READ_FAULTS.values():
        before_each_request(copy.target.account)
        before_each_request(copy.source.account)
        fault.arm(copy.sandbox, "GET", path)
        response = admin_client.get(url)
        text = text_of(response)
        found = [] if response.status_code == 200 else [f"answered {response.status_code}"]
        found += [] if says_one_of(text, fault.words()) else ["does not say what failed"]
        found += [] if "spring_sale" in plain(text) else ["no longer shows the template"]
        found += ["offers Copy"] if ">Copy</button>" in text else []
        if found:
            problems[fault.name] = found
    assert problems == {}


def test_a_source_template_that_fails_is_said_in_place_or_is_a_404(
    admin_client: Client,
    copy: Copy,
    fast_upstream: None,  # noqa: F811
) -> None:
    spring, sale = copy.source.id_of("spring_sale"), copy.source.id_of("weekend_offer")
    url = copy.url("preview", **copy.choices([spring, sale]))
    path = f"/accounts/{copy.source.account.account_id}" + SOURCE.format(
        source=copy.source.request_id, template=spring
    )
    problems: dict[str, Any] = {}
    for fault in READ_FAULTS.values():
        before_each_request(copy.target.account)
        before_each_request(copy.source.account)
        fault.arm(copy.sandbox, "GET", path)
        response = admin_client.get(url)
        text = text_of(response)
        if fault.name == "404":
            ok = response.status_code == 404 and "CM.com has no such template" in plain(text)
            problems |= {} if ok else {fault.name: response.status_code}
            continue
        found = [] if response.status_code == 200 else [f"answered {response.status_code}"]
        found += [] if says_one_of(text, fault.words()) else ["does not say what failed"]
        found += [] if "weekend_offer" in plain(text) else ["no longer shows the other one"]
        if found:
            problems[fault.name] = found
    assert problems == {}
