"""The preview says, per template, what "Copy" would do, and sends nothing: created, already
there by name (skip, or a new name checked by the studio's name lint), languages the target
has not switched on (left out), and the lint's errors (copied anyway, as a draft)."""

from __future__ import annotations

from typing import Any

from django.test import Client

from dashboard.upstream import client_for
from tests.dashboard.copying.conftest import Copy
from tests.dashboard.security.faults import plain, text_of

GREETING = {"English (US)": "Hello {{1}}, your parcel is on its way. Thank you!"}


def _activate_italian(copy: Copy) -> None:
    """Italian on in the source only: a template in Italian has a language the target lacks."""
    with client_for(copy.source.account) as client:
        italian = next(
            lang for lang in client.whatsapp.list_supported_languages() if lang.code == "it"
        )
        client.whatsapp.activate_language(copy.source.request_id, str(italian.id))


def _writes(copy: Copy) -> list[tuple[str, str]]:
    return [(e["method"], e["path"]) for e in copy.sandbox.log() if e["method"] != "GET"]


def test_the_preview_says_what_happens_to_each_template_and_sends_nothing(
    admin_client: Client, copy: Copy
) -> None:
    _activate_italian(copy)
    new = copy.source.make("parcel_on_its_way", GREETING, [("name", "text")])
    italian = copy.source.make(
        "parcel_italian",
        {"English (US)": "Your parcel is here, thank you.", "Italian": "Il pacco è arrivato."},
    )
    broken = copy.source.make("parcel_broken", {"English (US)": "Your code is {{1}}"})
    existing = copy.source.id_of("order_confirmation")
    copy.sandbox.clear_log()

    response = admin_client.get(
        copy.url("preview", **copy.choices([new, italian, broken, existing]))
    )

    assert response.status_code == 200
    text = plain(text_of(response))
    assert "parcel_on_its_way Will be created." in text
    assert "Languages not active in Account B, left out: Italian." in text
    assert "parcel_broken Will be created. Lint errors (2): it is copied as a draft" in text
    assert "The message may not end with a placeholder" in text
    assert "order_confirmation Already exists by name in the target: skipped." in text
    # The new name offered for a clash: the studio's next free name.
    assert 'value="order_confirmation_v2"' in text_of(response)
    assert _writes(copy) == []


def test_a_new_name_that_breaks_the_name_rule_is_refused_where_it_was_typed(
    admin_client: Client, copy: Copy
) -> None:
    existing = copy.source.id_of("order_confirmation")
    copy.sandbox.clear_log()

    response = admin_client.post(
        copy.url("start"),
        copy.choices([existing], **{f"do-{existing}": "rename", f"name-{existing}": "Order Copy"}),
    )

    assert response.status_code == 200
    page = text_of(response)
    assert 'value="Order Copy"' in page  # what was typed stays
    assert 'aria-invalid="true"' in page
    assert "Nothing was copied: Fix the new names first." in plain(page)
    assert _writes(copy) == []


def test_a_new_name_the_target_has_too_is_refused(admin_client: Client, copy: Copy) -> None:
    existing = copy.source.id_of("order_confirmation")

    response = admin_client.post(
        copy.url("start"),
        copy.choices(
            [existing], **{f"do-{existing}": "rename", f"name-{existing}": "shipping_update"}
        ),
    )

    assert "The target already has a template named shipping_update" in plain(text_of(response))
    assert copy.creates() == []


def test_without_a_target_the_preview_goes_back_to_choosing(
    admin_client: Client, copy: Copy
) -> None:
    spring = copy.source.id_of("spring_sale")

    response = admin_client.get(copy.url("preview", t=spring))

    assert response.status_code == 200
    assert "Tick the templates to copy, then choose the target account" in text_of(response)
    assert f'value="{spring}" id="t-{spring}" checked' in text_of(response)


def test_the_pick_page_lists_the_templates_to_tick_and_the_accounts_to_copy_to(
    admin_client: Client, copy: Copy
) -> None:
    spring = copy.source.id_of("spring_sale")

    response = admin_client.get(copy.url("pick", t=spring, to=str(copy.target.account.account_id)))

    page = text_of(response)
    assert response.status_code == 200
    assert f'value="{spring}" id="t-{spring}" checked' in page
    assert "Account B" in plain(page)
    # The target's one WhatsApp request is chosen for the person.
    assert f'value="{copy.target.request_id}" checked' in page


def test_the_templates_list_offers_to_copy_to_another_account(
    marketing_client: Client, copy: Copy
) -> None:
    list_url = f"/a/{copy.source.account.account_id}/whatsapp/{copy.source.request_id}/templates/"

    response = marketing_client.get(list_url)

    assert copy.url("pick") in text_of(response)


def test_support_may_not_copy(support_client: Client, copy: Copy, sandbox: Any) -> None:
    assert support_client.get(copy.url("pick")).status_code == 403


def test_a_marketer_cannot_copy_to_an_account_not_theirs(
    marketing_client: Client, copy: Copy
) -> None:
    spring = copy.source.id_of("spring_sale")
    copy.sandbox.clear_log()

    assert marketing_client.get(copy.url("preview", **copy.choices([spring]))).status_code == 404
    assert marketing_client.post(copy.url("start"), copy.choices([spring])).status_code == 404
    assert copy.creates() == []


def test_ticks_on_another_page_of_the_list_are_kept(
    admin_client: Client, copy: Copy, monkeypatch: Any
) -> None:
    from dashboard.studio import selectors as studio_selectors

    monkeypatch.setattr(studio_selectors, "PAGE_SIZE", 5)
    spring = copy.source.id_of("spring_sale")
    copy.sandbox.clear_log()

    response = admin_client.get(copy.url("pick", t=spring, page="2"))

    page = text_of(response)
    assert "Page 2" in plain(page)
    assert f'<input type="hidden" name="t" value="{spring}">' in page
    assert 'name="page" value="3"' in page  # "Next page" keeps the form's ticks too
    reads = [e for e in copy.sandbox.log() if e["method"] == "GET"]
    # One read: the page, paged upstream (the extra item says whether a next page exists).
    assert [(e["path"].rsplit("/", 1)[-1], e["query"]) for e in reads] == [
        ("templates", "skip=5&take=6")
    ]
